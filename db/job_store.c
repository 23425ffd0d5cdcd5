/* Switchboard — the jobs table. */
#include "job_store.h"

#include <stdlib.h>

#include "../server/lib/util.h"

static const char sql_insert[] = "INSERT INTO jobs (kind, state, created_by, "
    "created_at, updated_at) VALUES (?1, 'queued', ?2, ?3, ?3)";
static const char sql_start[] = "UPDATE jobs SET state = 'running', "
    "updated_at = ?2 WHERE id = ?1";
static const char sql_progress[] = "UPDATE jobs SET done = ?2, total = ?3, "
    "updated_at = ?4 WHERE id = ?1";
static const char sql_finish[] = "UPDATE jobs SET state = ?2, result = ?3, "
    "error = ?4, updated_at = ?5, done = CASE WHEN ?2 = 'done' THEN total "
    "ELSE done END WHERE id = ?1";
static const char sql_get[] = "SELECT id, kind, state, done, total, "
    "result AS \"result:json\", error, created_by, created_at, updated_at "
    "FROM jobs WHERE id = ?1";
static const char sql_note[] = "UPDATE jobs SET result = ?2, updated_at = ?3 "
    "WHERE id = ?1";
static const char sql_running[] = "SELECT id, kind, result AS \"result:json\" "
    "FROM jobs WHERE state = 'running' AND kind <> 'reboot' ORDER BY id";
/* Reboot campaigns outlive a restart: their runner picks them up again. */
static const char sql_interrupted[] = "UPDATE jobs SET state = 'failed', "
    "error = 'interrupted by a restart of the appliance', updated_at = ?1 "
    "WHERE state IN ('queued', 'running') AND kind <> 'reboot'";

int
job_store_create(struct db *db, const char *kind, int64_t created_by,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);

	db_bind_text(st, 1, kind);
	if (created_by > 0)
		sqlite3_bind_int64(st, 2, created_by);
	sqlite3_bind_int64(st, 3, now_unix());
	if (db_run(db, st) != DB_OK)
		return DB_ERROR;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return DB_OK;
}

int
job_store_start(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_start);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	return db_run(db, st);
}

int
job_store_progress(struct db *db, int64_t id, int64_t done, int64_t total)
{
	sqlite3_stmt *st = db_stmt(db, sql_progress);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, done);
	sqlite3_bind_int64(st, 3, total);
	sqlite3_bind_int64(st, 4, now_unix());
	return db_run(db, st);
}

int
job_store_finish(struct db *db, int64_t id, const char *state, json_t *result,
    const char *error)
{
	sqlite3_stmt *st = db_stmt(db, sql_finish);
	char *text = result ? json_dumps(result, JSON_COMPACT) : NULL;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, state);
	db_bind_text(st, 3, text);
	db_bind_text(st, 4, error);
	sqlite3_bind_int64(st, 5, now_unix());
	rc = db_run(db, st);
	free(text);
	return rc;
}

int
job_store_note(struct db *db, int64_t id, json_t *note)
{
	sqlite3_stmt *st = db_stmt(db, sql_note);
	char *text = json_dumps(note, JSON_COMPACT);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, text);
	sqlite3_bind_int64(st, 3, now_unix());
	rc = db_run(db, st);
	free(text);
	return rc;
}

json_t *
job_store_get(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	json_t *row, *out = NULL;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		row = db_row_json(st);
		out = json_pack("{s:O,s:O,s:O,s:{s:O,s:O},s:O,s:O,s:O,s:O}",
		    "id", json_object_get(row, "id"),
		    "kind", json_object_get(row, "kind"),
		    "state", json_object_get(row, "state"),
		    "progress", "done", json_object_get(row, "done"),
		    "total", json_object_get(row, "total"),
		    "result", json_object_get(row, "result"),
		    "error", json_object_get(row, "error"),
		    "created_at", json_object_get(row, "created_at"),
		    "updated_at", json_object_get(row, "updated_at"));
		json_decref(row);
	}
	db_done(st);
	return out;
}

json_t *
job_store_running(struct db *db)
{
	return db_rows(db, sql_running);
}

int
job_store_fail_interrupted(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_interrupted);
	int n = 0;

	sqlite3_bind_int64(st, 1, now_unix());
	if (sqlite3_step(st) == SQLITE_DONE)
		n = sqlite3_changes(db_handle(db));
	db_done(st);
	return n;
}
