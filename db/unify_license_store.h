/* Switchboard — storage of the OpenScape Business licenses of Unify Phone
 * (unify_license_pools, unify_user_licenses): each pool's total, and which
 * Unify Phone user holds which license. Only this store writes either
 * table. Pools are named by their keys ("mobility_user", "unify_phone",
 * "desk_phone", "voicemail"); what they mean is unify_license_rules.h's. */
#ifndef SB_UNIFY_LICENSE_STORE_H
#define SB_UNIFY_LICENSE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* {"<pool>": {"total","used"}} for every pool. New reference, NULL on a
 * database error. */
json_t	*unify_license_store_counts(struct db *db);

/* Set a pool's total. DB_OK, DB_NOTFOUND (no such pool) or DB_ERROR. */
int	 unify_license_store_set_total(struct db *db, const char *pool,
	    int64_t total);

/* Every user's licenses: {"<user id>": ["<pool>", …]}, users holding none
 * left out. New reference, NULL on a database error. */
json_t	*unify_license_store_holdings(struct db *db);

/* One user's licenses: ["<pool>", …]. New reference. */
json_t	*unify_license_store_of_user(struct db *db, int64_t user_id);

/* Activate (on) or deactivate a user's license of pool; doing what is
 * already so changes nothing. DB_OK, DB_CONFLICT (no such user or pool)
 * or DB_ERROR. Call inside a transaction with the check of the pool. */
int	 unify_license_store_set(struct db *db, int64_t user_id,
	    const char *pool, bool on);

/* Release every license the user holds (before it is removed). DB_OK or
 * DB_ERROR. */
int	 unify_license_store_release(struct db *db, int64_t user_id);

#endif
