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

/* Wrong proofs a fresh address may make before it waits (SECURITY.md
 * P1: held after at most 10 failures). */
#define THROTTLE_PROOF_BURST	10
#define THROTTLE_UPLOAD_BURST	30	/* uploads in a burst per phone */
#define THROTTLE_REFILL_MS	2000	/* one token back every 2 s */
#define THROTTLE_ADDRESSES	4096	/* addresses tracked at once */

/* Take one token of key's bucket (a client address, or an upload
 * budget), which holds at most burst tokens, at now_ms. true if there
 * was one; false when the bucket is empty (nothing is taken then).
 * Thread-safe. */
bool	provision_throttle_take(const char *key, int burst, int64_t now_ms);

/* Seconds until addr has a token again (0: it has one). Thread-safe. */
int	provision_throttle_wait(const char *addr, int64_t now_ms);

/* Forget every address (tests and restarts). */
void	provision_throttle_reset(void);

#endif
