/* Switchboard — how fast one client address may fail at the provisioning
 * server: a token bucket per exact address (no shared slots, no window
 * edge to time across). Each failed proof or request for a phone that is
 * not there takes a token; an empty bucket refills at a steady rate.
 * Requests that prove themselves never take a token and are never
 * refused, so phones behind a busy address (a remote site's cache, a NAT)
 * keep working while a scanner beside them is slowed. */
#ifndef SB_PROVISION_THROTTLE_H
#define SB_PROVISION_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#define THROTTLE_BURST		30	/* tokens a fresh address has */
#define THROTTLE_REFILL_MS	2000	/* one token back every 2 s */
#define THROTTLE_ADDRESSES	4096	/* addresses tracked at once */

/* Take one token for addr at now_ms. true if there was one; false when
 * the bucket is empty (nothing is taken then). Thread-safe. */
bool	provision_throttle_take(const char *addr, int64_t now_ms);

/* Seconds until addr has a token again (0: it has one). Thread-safe. */
int	provision_throttle_wait(const char *addr, int64_t now_ms);

/* Forget every address (tests and restarts). */
void	provision_throttle_reset(void);

#endif
