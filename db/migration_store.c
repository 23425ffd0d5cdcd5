/* Switchboard — Polycom migrations. */
#include "migration_store.h"

#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"

static const char sql_create[] = "INSERT INTO polycom_migrations (source, "
    "created_by, created_at) VALUES (?1, ?2, ?3)";
static const char sql_item[] = "INSERT INTO polycom_migration_items "
    "(migration_id, mac, file, first_display_name, found) VALUES "
    "(?1, ?2, ?3, ?4, ?5)";
static const char sql_report[] = "UPDATE polycom_migrations SET report = ?2 "
    "WHERE id = ?1";
#define MIGRATION_COLUMNS "id, source, state, report AS \"report:json\", " \
    "settings AS \"settings:json\", backup, result AS \"result:json\", " \
    "created_by, created_at, (SELECT count(*) FROM polycom_migration_items " \
    "i WHERE i.migration_id = m.id) AS items_total "
static const char sql_get[] = "SELECT " MIGRATION_COLUMNS
    "FROM polycom_migrations m WHERE id = ?1";
static const char sql_list[] = "SELECT " MIGRATION_COLUMNS
    "FROM polycom_migrations m ORDER BY id DESC LIMIT 50";
static const char sql_count[] = "SELECT count(*) FROM polycom_migrations";
static const char sql_items[] = "SELECT mac, file, first_display_name, "
    "found AS \"found:json\", selected AS \"selected:bool\", build AS "
    "\"build:json\", result AS \"result:json\" FROM polycom_migration_items "
    "WHERE migration_id = ?1 ORDER BY mac";
static const char sql_build[] = "UPDATE polycom_migration_items SET "
    "selected = ?3, build = ?4, result = NULL WHERE migration_id = ?1 AND "
    "mac = ?2";
static const char sql_result[] = "UPDATE polycom_migration_items SET "
    "result = ?3 WHERE migration_id = ?1 AND mac = ?2";
static const char sql_state[] = "UPDATE polycom_migrations SET state = ?2, "
    "settings = coalesce(?3, settings), backup = coalesce(?4, backup), "
    "result = coalesce(?5, result) WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM polycom_migrations WHERE "
    "id = ?1";
static const char sql_files_table[] = "CREATE TEMP TABLE IF NOT EXISTS "
    "migration_files (path TEXT PRIMARY KEY COLLATE NOCASE, content BLOB "
    "NOT NULL)";
static const char sql_files_clear[] = "DELETE FROM temp.migration_files";
static const char sql_files_put[] = "INSERT INTO temp.migration_files "
    "(path, content) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
static const char sql_files_get[] = "SELECT content FROM "
    "temp.migration_files WHERE path = ?1";
static const char sql_files_paths[] = "SELECT path FROM temp.migration_files "
    "ORDER BY length(path) - length(replace(path, '/', '')), path";

/* Bind a JSON value as compact text, or NULL. */
static void
bind_json(sqlite3_stmt *st, int i, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;

	if (s)
		sqlite3_bind_text(st, i, s, -1, free);
	else
		sqlite3_bind_null(st, i);
}

int
migration_store_create(struct db *db, const char *source, int64_t created_by,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_create);
	int rc;

	db_bind_text(st, 1, source);
	if (created_by > 0)
		sqlite3_bind_int64(st, 2, created_by);
	sqlite3_bind_int64(st, 3, now_unix());
	if ((rc = db_run(db, st)) == DB_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
migration_store_add_item(struct db *db, int64_t id, const char *mac,
    const char *file, const char *first_display_name, json_t *found)
{
	sqlite3_stmt *st = db_stmt(db, sql_item);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, mac);
	db_bind_text(st, 3, file);
	db_bind_text(st, 4, first_display_name);
	bind_json(st, 5, found);
	return db_run(db, st);
}

int
migration_store_set_report(struct db *db, int64_t id, json_t *report)
{
	sqlite3_stmt *st = db_stmt(db, sql_report);

	sqlite3_bind_int64(st, 1, id);
	bind_json(st, 2, report);
	return db_run(db, st);
}

json_t *
migration_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get, id);
}

json_t *
migration_store_list(struct db *db)
{
	return db_list_result(db_stmt(db, sql_count), db_stmt(db, sql_list));
}

json_t *
migration_store_items(struct db *db, int64_t id)
{
	return db_rows_by_id(db, sql_items, id, -1);
}

static int
set_item_json(struct db *db, const char *sql, int64_t id, const char *mac,
    int selected, json_t *v)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, mac);
	if (sql == sql_build) {
		sqlite3_bind_int(st, 3, selected);
		bind_json(st, 4, v);
	} else {
		bind_json(st, 3, v);
	}
	return db_run_changed(db, st);
}

int
migration_store_set_build(struct db *db, int64_t id, const char *mac,
    int selected, json_t *build)
{
	return set_item_json(db, sql_build, id, mac, selected, build);
}

int
migration_store_set_item_result(struct db *db, int64_t id, const char *mac,
    json_t *result)
{
	return set_item_json(db, sql_result, id, mac, 0, result);
}

int
migration_store_set_state(struct db *db, int64_t id, const char *state,
    json_t *settings, const char *backup, json_t *result)
{
	sqlite3_stmt *st = db_stmt(db, sql_state);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, state);
	bind_json(st, 3, settings);
	db_bind_text(st, 4, backup);
	bind_json(st, 5, result);
	return db_run_changed(db, st);
}

int
migration_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

int
migration_store_files_begin(struct db *db)
{
	if (db_exec(db, sql_files_table) != 0)
		return DB_ERROR;
	return db_run(db, db_stmt(db, sql_files_clear));
}

int
migration_store_files_put(struct db *db, const char *path, const char *data,
    size_t len)
{
	sqlite3_stmt *st = db_stmt(db, sql_files_put);

	db_bind_text(st, 1, path);
	sqlite3_bind_blob(st, 2, data, (int)len, SQLITE_TRANSIENT);
	return db_run(db, st);
}

char *
migration_store_files_get(struct db *db, const char *path, size_t *len)
{
	sqlite3_stmt *st = db_stmt(db, sql_files_get);

	db_bind_text(st, 1, path);
	return db_get_blob(st, len);
}

json_t *
migration_store_files_paths(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_files_paths);
	json_t *out = json_array();

	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(out, json_string((const char *)
		    sqlite3_column_text(st, 0)));
	db_done(st);
	return out;
}

void
migration_store_files_end(struct db *db)
{
	db_run(db, db_stmt(db, sql_files_clear));
}
