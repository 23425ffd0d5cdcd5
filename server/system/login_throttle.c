/* Switchboard — how failed logins slow a guesser (see login_throttle.h). */
#include "login_throttle.h"

#include <ctype.h>
#include <stdio.h>

#include "../../db/audit_store.h"
#include "../../db/throttle_store.h"

#define ACCOUNT_WINDOW	3600	/* ASVS 2.2.1 counts failures an hour */

/* The three keys of one attempt. User names are matched in any letter
 * case; an address holds no '/', so "pair:" keys cannot collide. */
struct keys {
	char	pair[160];
	char	addr[80];
	char	user[96];
};

static void
keys_make(struct keys *k, const char *username, const char *address)
{
	char name[72];
	size_t i;

	for (i = 0; username[i] && i < sizeof(name) - 1; i++)
		name[i] = (char)tolower((unsigned char)username[i]);
	name[i] = '\0';
	snprintf(k->pair, sizeof(k->pair), "pair:%s/%s", address, name);
	snprintf(k->addr, sizeof(k->addr), "addr:%s", address);
	snprintf(k->user, sizeof(k->user), "user:%s", name);
}

int64_t
login_throttle_delay(int64_t failures, int64_t free, int64_t first,
    int64_t cap)
{
	int64_t d = first, n;

	if (failures < free)
		return 0;
	for (n = failures - free; n > 0 && d < cap; n--)
		d *= 2;
	return d < cap ? d : cap;
}

enum login_hold
login_throttle_check(struct db *db, const char *username, const char *address,
    int64_t now, int64_t *wait)
{
	struct keys k;

	keys_make(&k, username, address);
	if ((*wait = throttle_store_locked(db, k.addr, now)) > 0)
		return LOGIN_HELD_ADDRESS;
	if ((*wait = throttle_store_locked(db, k.pair, now)) > 0)
		return LOGIN_HELD_PAIR;
	if ((*wait = throttle_store_locked(db, k.user, now)) > 0 &&
	    !audit_store_login_seen(db, username, address,
	    now - LOGIN_KNOWN_DAYS * 86400))
		return LOGIN_HELD_ACCOUNT;
	*wait = 0;
	return LOGIN_FREE;
}

/* Count a failure of key and hold it as long as the rule says. */
static void
count(struct db *db, const char *key, int64_t now, int64_t window,
    int64_t free, int64_t first, int64_t cap)
{
	int64_t n = throttle_store_fail(db, key, now, window);
	int64_t d = login_throttle_delay(n, free, first, cap);

	if (d > 0)
		throttle_store_hold(db, key, now + d);
}

void
login_throttle_failed(struct db *db, const struct config *cfg,
    const char *username, const char *address, int64_t now)
{
	int64_t window = cfg->login_lockout_minutes * 60;
	int64_t pace = ACCOUNT_WINDOW / cfg->account_max_failures;
	struct keys k;

	keys_make(&k, username, address);
	count(db, k.pair, now, window, cfg->login_max_failures,
	    cfg->login_delay_seconds, window);
	count(db, k.addr, now, window, cfg->address_max_failures, window,
	    window);
	count(db, k.user, now, ACCOUNT_WINDOW, cfg->account_max_failures, pace,
	    pace);
}

void
login_throttle_succeeded(struct db *db, const char *username,
    const char *address)
{
	struct keys k;

	keys_make(&k, username, address);
	throttle_store_clear(db, k.pair);
}

void
login_throttle_purge(struct db *db, const struct config *cfg, int64_t now)
{
	int64_t window = cfg->login_lockout_minutes * 60;

	throttle_store_purge(db, now, window > ACCOUNT_WINDOW ? window :
	    ACCOUNT_WINDOW);
}
