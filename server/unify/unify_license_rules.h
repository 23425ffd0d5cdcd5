/* Switchboard — the OpenScape Business licenses Unify Phone needs (seed
 * 003, 3.5 "Licenses"; License Management - Local User licenses - Mobility
 * User): the pools "IP User (Mobility User)" and "Unify Phone" that every
 * Unify Phone user needs, "IP User (Desk Phone)" for a desk phone twinned
 * with the user and "Voicemail", both optional. Each pool has a total the
 * system holds; a license in use is held by one user. Plain data in,
 * refusals out: the store's counts come in as struct unify_license_count.
 * These are not the phone part's station licenses (license_store.h). */
#ifndef SB_UNIFY_LICENSE_RULES_H
#define SB_UNIFY_LICENSE_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/refusal.h"

enum unify_license_pool {
	UNIFY_LIC_MOBILITY_USER,	/* required */
	UNIFY_LIC_UNIFY_PHONE,		/* required */
	UNIFY_LIC_DESK_PHONE,		/* optional: the twinned desk phone */
	UNIFY_LIC_VOICEMAIL,		/* optional */
	UNIFY_LIC_POOLS
};

/* The most licenses of one pool a total may name. */
#define UNIFY_LICENSE_TOTAL_MAX 10000

struct unify_license_pool_info {
	const char	*key;		/* the API's name: "mobility_user" */
	const char	*name;		/* the seed's: "IP User (Mobility User)" */
	bool		 required;	/* every Unify Phone user needs it */
	const char	*held_by;	/* what one license is for */
};

/* The four pools in the seed's order. */
extern const struct unify_license_pool_info
    unify_license_pools[UNIFY_LIC_POOLS];

/* What the store counts for one pool. */
struct unify_license_count {
	int64_t	total;		/* licenses the system holds */
	int64_t	used;		/* held by users */
};

/* The pool whose key is key, or -1. */
int	 unify_license_pool_of(const char *key);

/* The pools as shown: [{"key","name","required","held_by","total",
 * "used","free"}]. New reference. */
json_t	*unify_license_pools_json(const struct unify_license_count *c);

/* {key: bool} for each pool from held, an array of pool keys (NULL: none
 * held). New reference. */
json_t	*unify_license_flags(json_t *held);

/* Set each user of users (array of objects with "id") a "licenses" object
 * of flags from holdings ({"<user id>": [pool keys]}, borrowed). */
void	 unify_license_mark(json_t *users, json_t *holdings);

/* The new totals from body ({key: integer}; a pool left out or null keeps
 * its total) over c's. Refused: a total that is not 0 to
 * UNIFY_LICENSE_TOTAL_MAX, and one lower than the licenses in use (the
 * refusal names the pool: its key as field, its name as "license"). 0 and
 * totals filled, or -1 with refusals in rs. */
int	 unify_license_rules_totals(json_t *body,
	    const struct unify_license_count *c, int64_t *totals,
	    struct refusals *rs);

/* Which licenses user (its name, for messages) is to hold, from body
 * ({key: bool}; a pool left out or null stays as held) over held. A
 * license the user does not hold yet needs a free one in its pool; each
 * exhausted pool is refused by name. 0 and want filled, or -1 with
 * refusals in rs. */
int	 unify_license_rules_activate(json_t *body, const char *user,
	    const bool *held, const struct unify_license_count *c,
	    bool *want, struct refusals *rs);

/* [Apply]: every user of users (in their order, each {"id","name",
 * "licenses":{…}}) is given the required licenses it lacks, all of them
 * or none (one of the two is of no use), while the pools last; a user the
 * pools cannot serve is passed over and the next one tried. c's use moves
 * with each grant. {"granted":[{"id","name","pools":[keys]}],
 * "short":[{"id","name","missing":[names],"license":name}],
 * "complete":N,"message"} (short: the users left without, the pool that
 * ran out; complete: users that had both already; message: all of it in
 * a sentence). New reference. */
json_t	*unify_license_rules_apply(json_t *users,
	    struct unify_license_count *c);

/* How many users of users (each {"name","licenses":{…}}) lack a required
 * license; text gets "Dora Ek lacks Unify Phone; …" naming the first few
 * and how many more. */
size_t	 unify_license_shortfall(json_t *users, char *text, size_t len);

/* Whether the system's Software Support is valid on today ("YYYY-MM-DD"):
 * Unify Phone and its licenses need it. */
bool	 unify_license_support_valid(json_t *system, const char *today);

#define UNIFY_LICENSE_SUPPORT_NOTE "Unify Phone requires valid OpenScape " \
	"Business Software Support: the licenses stay activated, but no calls " \
	"with the Unify Phone client are possible until it is renewed."

#endif
