/* Switchboard — appliance settings: JSON values by key. */
#ifndef SB_SETTINGS_STORE_H
#define SB_SETTINGS_STORE_H

#include <jansson.h>

#include "db.h"

/* The value of key (new reference) or NULL. */
json_t	*settings_store_get(struct db *db, const char *key);

/* Store value (borrowed) under key. DB_OK or DB_ERROR. */
int	 settings_store_put(struct db *db, const char *key, json_t *value);

#endif
