/* Switchboard — appliance settings. */
#include "settings_store.h"

#include <stdlib.h>

#include "../server/lib/util.h"

static const char sql_get[] = "SELECT value FROM settings WHERE key = ?1";
static const char sql_put[] = "INSERT INTO settings (key, value, updated_at) "
    "VALUES (?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET value = ?2, "
    "updated_at = ?3";

json_t *
settings_store_get(struct db *db, const char *key)
{
	return db_json_by_text(db, sql_get, key);
}

int
settings_store_put(struct db *db, const char *key, json_t *value)
{
	sqlite3_stmt *st = db_stmt(db, sql_put);
	char *text = json_dumps(value, JSON_COMPACT);
	int rc;

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, text);
	sqlite3_bind_int64(st, 3, now_unix());
	rc = db_run(db, st);
	free(text);
	return rc;
}
