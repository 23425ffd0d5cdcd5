/* Switchboard — storage of the Unify Phone tenant's users as imported from
 * the Unify Phone admin portal's CSV (unify_tenant_users): the people the
 * user instance wizard's [Add] searches. Only this store writes the
 * table. */
#ifndef SB_UNIFY_TENANT_STORE_H
#define SB_UNIFY_TENANT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

extern const char *const unify_tenant_sort_keys[];

/* Tenant users as {"items","total"}: each {"id","email","first_name",
 * "last_name","name","assigned","user_id","imported_at"}, assigned when a
 * Unify Phone user instance has it. q matches name and e-mail. */
json_t	*unify_tenant_store_list(struct db *db,
	    const struct db_list_query *lq);
json_t	*unify_tenant_store_get(struct db *db, int64_t id);

/* Add or update (by e-mail, any letter case) one tenant user; *created
 * says what happened: 1 added, 0 updated, -1 already the same. DB_OK or
 * DB_ERROR. Call inside a transaction for a whole list. */
int	 unify_tenant_store_upsert(struct db *db, const char *email,
	    const char *first_name, const char *last_name, int *created);

#endif
