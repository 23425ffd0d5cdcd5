/* Switchboard — the phone catalog (read-only reference data): manufacturers,
 * models with their capabilities, firmware versions per model. */
#ifndef SB_CATALOG_STORE_H
#define SB_CATALOG_STORE_H

#include <jansson.h>

#include "db.h"

extern const char *const catalog_store_model_sort_keys[];

/* {"manufacturers":[{…,"models":[{…,"firmware":[…]}]}]}. New reference,
 * NULL on a database error. */
json_t	*catalog_store_tree(struct db *db);

/* Models as a list, filtered by text, manufacturer name (NULL: all) and
 * match key (NULL: any); each with its firmware. */
json_t	*catalog_store_models(struct db *db, const char *manufacturer,
	    const char *match_key, const struct db_list_query *lq);

#endif
