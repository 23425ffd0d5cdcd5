/* Switchboard — counting failed logins per key ("pair:alice@10.0.0.5",
 * "addr:10.0.0.5", "user:alice") and holding a key until a time. What the
 * counts mean is server/system/login_throttle.c's business. */
#ifndef SB_THROTTLE_STORE_H
#define SB_THROTTLE_STORE_H

#include <stdint.h>

#include "db.h"

/* Seconds key is held from now, 0 if it is not. */
int64_t	throttle_store_locked(struct db *db, const char *key, int64_t now);

/* Count one failure of key at now; returns the count. The count starts
 * again at 1 once window seconds have passed since both the count began
 * and the key's last hold ended. 0 on a database error. */
int64_t	throttle_store_fail(struct db *db, const char *key, int64_t now,
	    int64_t window);

/* Hold key (counted by throttle_store_fail) until the time until, or
 * longer if it is held longer already. */
void	throttle_store_hold(struct db *db, const char *key, int64_t until);

/* Forget the key (after a successful login). */
void	throttle_store_clear(struct db *db, const char *key);

/* Forget every key that would start counting again at now with a window
 * of window seconds (the longest any key uses): guessed names and
 * addresses do not pile up. */
void	throttle_store_purge(struct db *db, int64_t now, int64_t window);

#endif
