/* Switchboard — record versions. */
#include "version_store.h"

#include <stdio.h>
#include <string.h>

#include "../server/lib/util.h"

static const char sql_get[] = "SELECT version, changed_by, changed_at FROM "
    "record_versions WHERE kind = ?1 AND key = ?2";
static const char sql_bump[] = "INSERT INTO record_versions (kind, key, "
    "version, changed_by, changed_at) VALUES (?1, ?2, 2, ?3, ?4) "
    "ON CONFLICT (kind, key) DO UPDATE SET version = version + 1, "
    "changed_by = ?3, changed_at = ?4 RETURNING version";

int
version_store_get(struct db *db, const char *kind, const char *key,
    struct record_version *v)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	int rc;

	memset(v, 0, sizeof(*v));
	v->version = 1;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v->version = sqlite3_column_int64(st, 0);
		snprintf(v->changed_by, sizeof(v->changed_by), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		v->changed_at = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

int
version_store_bump(struct db *db, const char *kind, const char *key,
    const char *who, struct record_version *v)
{
	sqlite3_stmt *st = db_stmt(db, sql_bump);
	int rc;

	memset(v, 0, sizeof(*v));
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, who);
	sqlite3_bind_int64(st, 4, now_unix());
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v->version = sqlite3_column_int64(st, 0);
		snprintf(v->changed_by, sizeof(v->changed_by), "%s", who);
		v->changed_at = now_unix();
	}
	db_done(st);
	return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

int
version_store_bump_id(struct db *db, const char *kind, int64_t id,
    const char *who)
{
	struct record_version v;
	char key[24];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	return version_store_bump(db, kind, key, who, &v);
}
