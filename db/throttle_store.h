/* Switchboard — counting failed logins per key ("user:alice",
 * "addr:10.0.0.5") within a window, with a lockout once a limit is passed. */
#ifndef SB_THROTTLE_STORE_H
#define SB_THROTTLE_STORE_H

#include <stdint.h>

#include "db.h"

/* Seconds key stays locked from now, 0 if not locked. */
int64_t	throttle_store_locked(struct db *db, const char *key, int64_t now);

/* Count one failure. When the count within window seconds reaches max, lock
 * the key for window seconds. Returns seconds locked (0 if not locked). */
int64_t	throttle_store_fail(struct db *db, const char *key, int64_t now,
	    int64_t window, int64_t max);

/* Forget the key (after a successful login). */
void	throttle_store_clear(struct db *db, const char *key);

#endif
