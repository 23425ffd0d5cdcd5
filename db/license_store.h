/* Switchboard — station license pools: Basic Station (no limit), Client
 * Access, ACD Access and add-ons, with totals an administrator sets. */
#ifndef SB_LICENSE_STORE_H
#define SB_LICENSE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* {"items":[{"name","kind","total","used"}],"total"} by name. */
json_t	*license_store_list(struct db *db);

/* [{"name","kind","total","used"}] of the pools with a total, by name. */
json_t	*license_store_limited(struct db *db);

/* Set a pool's total (-1: no limit, Basic Station only). DB_OK,
 * DB_NOTFOUND. */
int	 license_store_set_total(struct db *db, const char *name,
	    int64_t total);

/* A new add-on pool. DB_OK, DB_CONFLICT. */
int	 license_store_add(struct db *db, const char *name, int64_t total);

/* {"items":["Emergency",…]}: the dial plan classifications, by name. */
json_t	*license_store_classifications(struct db *db);

/* Stations holding the license. */
int64_t	 license_store_used(struct db *db, const char *name);

#endif
