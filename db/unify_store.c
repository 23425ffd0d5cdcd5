/* Switchboard — storage of Unify Phone on OpenScape Business. */
#include "unify_store.h"

#include <stdlib.h>
#include <string.h>

static const char sql_get[] = "SELECT value FROM unify_config WHERE key = ?1";
static const char sql_put[] = "INSERT INTO unify_config (key, value) "
    "VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2";
static const char sql_remove[] = "DELETE FROM unify_config WHERE key = ?1";
static const char sql_wizard_clear[] = "DELETE FROM unify_objects "
    "WHERE owner = 'wizard'";
static const char sql_list[] = "SELECT id, kind, name, owner, "
    "owner = 'wizard' AS \"wizard_owned:bool\", config AS \"config:json\", "
    "updated_at FROM unify_objects WHERE kind = ?1 ORDER BY id";
static const char sql_count[] = "SELECT count(*) FROM unify_objects "
    "WHERE kind = ?1";
static const char sql_one[] = "SELECT id, kind, name, owner, "
    "owner = 'wizard' AS \"wizard_owned:bool\", config AS \"config:json\", "
    "updated_at FROM unify_objects WHERE kind = ?1 AND id = ?2";
static const char sql_by_key[] = "SELECT id, name, config FROM unify_objects "
    "WHERE wizard_key = ?1";
static const char sql_by_key_json[] = "SELECT id, name, config AS "
    "\"config:json\", updated_at FROM unify_objects WHERE wizard_key = ?1";
static const char sql_insert[] = "INSERT INTO unify_objects (kind, name, "
    "owner, wizard_key, config) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_update[] = "UPDATE unify_objects SET name = ?2, "
    "config = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "WHERE id = ?1";
static const char sql_admin_update[] = "UPDATE unify_objects SET name = ?3, "
    "config = ?4, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "WHERE id = ?1 AND kind = ?2 AND owner = 'admin'";

json_t *
unify_store_get(struct db *db, const char *key)
{
	return db_json_by_text(db, sql_get, key);
}

int
unify_store_put(struct db *db, const char *key, json_t *value)
{
	sqlite3_stmt *st = db_stmt(db, sql_put);
	char *text = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS);
	int rc;

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, text);
	rc = db_run(db, st);
	free(text);
	return rc;
}

int
unify_store_remove(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, sql_remove);

	db_bind_text(st, 1, key);
	return db_run_changed(db, st);
}

int
unify_store_wizard_clear(struct db *db)
{
	int rc = db_run(db, db_stmt(db, sql_wizard_clear));

	return rc == DB_OK ? unify_store_remove(db, "run") == DB_ERROR ?
	    DB_ERROR : DB_OK : rc;
}

json_t *
unify_store_list(struct db *db, const char *kind)
{
	sqlite3_stmt *c = db_stmt(db, sql_count), *p = db_stmt(db, sql_list);
	json_t *out;

	db_bind_text(c, 1, kind);
	db_bind_text(p, 1, kind);
	out = db_list_result(c, p);
	db_done(c);
	db_done(p);
	return out;
}

json_t *
unify_store_object(struct db *db, const char *kind, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_one);
	json_t *v;

	db_bind_text(st, 1, kind);
	sqlite3_bind_int64(st, 2, id);
	v = db_get_json(st);
	db_done(st);
	return v;
}

json_t *
unify_store_wizard_object(struct db *db, const char *wizard_key)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_key_json);
	json_t *v;

	db_bind_text(st, 1, wizard_key);
	v = db_get_json(st);
	db_done(st);
	return v;
}

static int
insert(struct db *db, const char *kind, const char *name, const char *owner,
    const char *wizard_key, const char *config, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	int rc;

	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, owner);
	db_bind_text(st, 4, wizard_key);
	db_bind_text(st, 5, config);
	rc = db_run(db, st);
	db_done(st);
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

enum unify_put
unify_store_wizard_put(struct db *db, const char *kind,
    const char *wizard_key, const char *name, json_t *config, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_key);
	char *text = json_dumps(config, JSON_COMPACT | JSON_SORT_KEYS);
	enum unify_put out = UNIFY_PUT_ERROR;
	bool found = false, same = false;

	db_bind_text(st, 1, wizard_key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		*id = sqlite3_column_int64(st, 0);
		same = strcmp((const char *)sqlite3_column_text(st, 1),
		    name) == 0 && strcmp((const char *)sqlite3_column_text(st,
		    2), text) == 0;
	}
	db_done(st);
	if (!found) {
		if (insert(db, kind, name, "wizard", wizard_key, text, id) ==
		    DB_OK)
			out = UNIFY_CREATED;
	} else if (same)
		out = UNIFY_UNCHANGED;
	else {
		st = db_stmt(db, sql_update);
		sqlite3_bind_int64(st, 1, *id);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, text);
		if (db_run(db, st) == DB_OK)
			out = UNIFY_UPDATED;
		db_done(st);
	}
	free(text);
	return out;
}

int
unify_store_admin_add(struct db *db, const char *kind, const char *name,
    json_t *config, int64_t *id)
{
	char *text = json_dumps(config, JSON_COMPACT | JSON_SORT_KEYS);
	int rc = insert(db, kind, name, "admin", NULL, text, id);

	free(text);
	return rc;
}

int
unify_store_admin_update(struct db *db, const char *kind, int64_t id,
    const char *name, json_t *config)
{
	sqlite3_stmt *st = db_stmt(db, sql_admin_update);
	char *text = json_dumps(config, JSON_COMPACT | JSON_SORT_KEYS);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, text);
	rc = db_run_changed(db, st);
	db_done(st);
	free(text);
	return rc;
}
