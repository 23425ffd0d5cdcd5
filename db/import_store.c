/* Switchboard — Managed IP Phone Assistant imports. */
#include "import_store.h"

#include <stdlib.h>

#include "../server/util.h"

static const char sql_create[] = "INSERT INTO imports (kind, state, "
    "filename, created_by, created_at) VALUES (?1, 'parsed', ?2, ?3, ?4)";
static const char sql_row[] = "INSERT INTO import_rows (import_id, row_no, "
    "accepted, phone, problems) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_claims_table[] = "CREATE TEMP TABLE IF NOT EXISTS "
    "import_claims (kind TEXT, key TEXT, row_no INTEGER, "
    "PRIMARY KEY (kind, key)) WITHOUT ROWID";
static const char sql_claims_reset[] = "DELETE FROM temp.import_claims";
static const char sql_claim[] = "INSERT INTO temp.import_claims (kind, key, "
    "row_no) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
static const char sql_claim_owner[] = "SELECT row_no FROM temp.import_claims "
    "WHERE kind = ?1 AND key = ?2";
static const char sql_finish[] = "UPDATE imports SET rows_total = ?2, "
    "report = ?3, kind = ?4 WHERE id = ?1";
static const char sql_get[] = "SELECT id, kind, state, filename, rows_total, "
    "report AS \"report:json\", created_by, created_at, committed_at "
    "FROM imports WHERE id = ?1";
static const char sql_rows[] = "SELECT row_no AS row, accepted AS "
    "\"accepted:bool\", phone AS \"phone:json\", problems AS "
    "\"problems:json\" FROM import_rows WHERE import_id = ?1 "
    "ORDER BY row_no LIMIT ?2 OFFSET ?3";
static const char sql_rows_after[] = "SELECT row_no AS row, accepted AS "
    "\"accepted:bool\", phone AS \"phone:json\", problems AS "
    "\"problems:json\" FROM import_rows WHERE import_id = ?1 AND "
    "row_no > ?3 AND accepted ORDER BY row_no LIMIT ?2";
static const char sql_problems[] = "SELECT r.row_no AS row, "
    "json_extract(r.phone, '$.name') AS name, p.value ->> 'severity' AS "
    "severity, p.value ->> 'column' AS \"column\", p.value ->> 'message' AS "
    "message FROM import_rows r, json_each(r.problems) p WHERE "
    "r.import_id = ?1 ORDER BY r.row_no";
static const char sql_state[] = "UPDATE imports SET state = ?2, committed_at "
    "= CASE WHEN ?2 = 'committed' THEN ?3 ELSE committed_at END "
    "WHERE id = ?1";

int
import_store_create(struct db *db, const char *kind, const char *filename,
    int64_t created_by, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_create);
	int rc;

	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, filename);
	if (created_by > 0)
		sqlite3_bind_int64(st, 3, created_by);
	sqlite3_bind_int64(st, 4, now_unix());
	if ((rc = db_run(db, st)) == DB_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
import_store_add_row(struct db *db, int64_t id, int row_no, int accepted,
    json_t *phone, json_t *problems)
{
	sqlite3_stmt *st = db_stmt(db, sql_row);
	char *p = json_dumps(phone, JSON_COMPACT);
	char *q = json_dumps(problems, JSON_COMPACT);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, row_no);
	sqlite3_bind_int(st, 3, accepted);
	db_bind_text(st, 4, p);
	db_bind_text(st, 5, q);
	rc = db_run(db, st);
	free(p);
	free(q);
	return rc;
}

void
import_store_claims_reset(struct db *db)
{
	db_exec(db, sql_claims_table);
	db_exec(db, sql_claims_reset);
}

int
import_store_claim(struct db *db, const char *kind, const char *key,
    int row_no, int *other_row)
{
	sqlite3_stmt *st = db_stmt(db, sql_claim);
	int claimed;

	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, key);
	sqlite3_bind_int(st, 3, row_no);
	/* Not RETURNING: it builds a table of its own on every run. */
	claimed = sqlite3_step(st) == SQLITE_DONE &&
	    sqlite3_changes(db_handle(db)) == 1;
	db_done(st);
	if (claimed)
		return DB_OK;
	st = db_stmt(db, sql_claim_owner);
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, key);
	*other_row = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int(st, 0) : 0;
	db_done(st);
	return DB_CONFLICT;
}

int
import_store_finish(struct db *db, int64_t id, const char *kind, int rows,
    json_t *report)
{
	sqlite3_stmt *st = db_stmt(db, sql_finish);
	char *text = json_dumps(report, JSON_COMPACT);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, rows);
	db_bind_text(st, 3, text);
	db_bind_text(st, 4, kind);
	rc = db_run(db, st);
	free(text);
	return rc;
}

json_t *
import_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get, id);
}

static json_t *
rows_page(struct db *db, const char *sql, int64_t id, int64_t limit,
    int64_t n)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	json_t *rows;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, limit);
	sqlite3_bind_int64(st, 3, n);
	rows = db_rows_json(st);
	db_done(st);
	return rows;
}

json_t *
import_store_rows(struct db *db, int64_t id, int64_t limit, int64_t offset)
{
	return rows_page(db, sql_rows, id, limit, offset);
}

json_t *
import_store_accepted_after(struct db *db, int64_t id, int64_t limit,
    int after_row)
{
	return rows_page(db, sql_rows_after, id, limit, after_row);
}

json_t *
import_store_problems(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_problems);
	json_t *rows;

	sqlite3_bind_int64(st, 1, id);
	rows = db_rows_json(st);
	db_done(st);
	return json_pack("{s:o}", "items", rows);
}

int
import_store_set_state(struct db *db, int64_t id, const char *state)
{
	sqlite3_stmt *st = db_stmt(db, sql_state);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, state);
	sqlite3_bind_int64(st, 3, now_unix());
	return db_run(db, st);
}
