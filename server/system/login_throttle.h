/* Switchboard — how failed logins slow a guesser without locking the
 * account's owner out (README, "Security model"). Three counts, kept by
 * db/throttle_store.c:
 * - per account and client address: from the login_max_failures-th
 *   failure on, that address waits before its next try for that account,
 *   login_delay_seconds at first, twice as long after each further
 *   failure, at most login_lockout_minutes;
 * - per client address over all accounts: address_max_failures hold the
 *   address for login_lockout_minutes, and so does each one after;
 * - per account over all addresses, counted an hour: from the
 *   account_max_failures-th failure on, each failure holds the account for
 *   3600 / account_max_failures seconds from every address it has not
 *   logged in from in LOGIN_KNOWN_DAYS. A guesser with any number of
 *   addresses so gets at most 2 x account_max_failures (at most 100)
 *   failures an hour, and the owner at an address he has logged in from
 *   is never held by other addresses' failures.
 * A success forgets the account-and-address count only. The client
 * address is the connection's own: no proxy header is believed. */
#ifndef SB_LOGIN_THROTTLE_H
#define SB_LOGIN_THROTTLE_H

#include <stdint.h>

#include "../../db/db.h"
#include "../lib/config.h"

#define LOGIN_KNOWN_DAYS	90

enum login_hold {
	LOGIN_FREE = 0,		/* check the password */
	LOGIN_HELD_ADDRESS,	/* this address, for every account */
	LOGIN_HELD_PAIR,	/* this account from this address */
	LOGIN_HELD_ACCOUNT,	/* this account from addresses it never used */
};

/* The wait after a count's failures-th failure: 0 below free, first at
 * free, doubling with each failure after, never more than cap. Pure. */
int64_t	login_throttle_delay(int64_t failures, int64_t free, int64_t first,
	    int64_t cap);

/* May a login of username from address have its password checked at
 * now? LOGIN_FREE, or what holds it, with the seconds left in *wait. */
enum login_hold login_throttle_check(struct db *db, const char *username,
	    const char *address, int64_t now, int64_t *wait);

/* Count a failed login (wrong password or unknown account) in all three
 * counts, and hold what reached its limit. */
void	login_throttle_failed(struct db *db, const struct config *cfg,
	    const char *username, const char *address, int64_t now);

/* A login succeeded: forget that address's failures for that account. */
void	login_throttle_succeeded(struct db *db, const char *username,
	    const char *address);

/* Forget the counts that have run out. Call now and then. */
void	login_throttle_purge(struct db *db, const struct config *cfg,
	    int64_t now);

#endif
