/* Switchboard — Managed IP Phone Assistant imports. */
#include "import_store.h"

#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"

#define ROW_COLS "row_no AS row, accepted AS \"accepted:bool\", name, " \
	"template, type, manufacturer, model, registration_group, address, " \
	"extension, label, identification_address, sip_username, warnings " \
	"AS \"warnings:json\", reject_column, reject_message"

static const char sql_create[] = "INSERT INTO imports (kind, state, "
    "filename, created_by, created_at) VALUES (?1, 'parsed', ?2, ?3, ?4)";
static const char sql_row[] = "INSERT INTO import_rows (import_id, row_no, "
    "accepted, name, template, type, manufacturer, model, "
    "registration_group, address, extension, label, identification_address, "
    "sip_username, warnings, reject_column, reject_message) VALUES (?1, ?2, "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
/* Rows are staged in a TEMP table while the list streams in (no lock on
 * the database) and moved under the write lock once it is read whole. */
static const char sql_stage_table[] = "CREATE TEMP TABLE IF NOT EXISTS "
    "import_stage (row_no INTEGER PRIMARY KEY, accepted INTEGER NOT NULL, "
    "name TEXT NOT NULL, template TEXT NOT NULL, type TEXT NOT NULL, "
    "manufacturer TEXT NOT NULL, model TEXT NOT NULL, registration_group "
    "TEXT NOT NULL, address TEXT NOT NULL, extension TEXT NOT NULL, label "
    "TEXT NOT NULL, identification_address TEXT NOT NULL, sip_username TEXT "
    "NOT NULL, warnings TEXT, reject_column TEXT, reject_message TEXT)";
static const char sql_stage_clear[] = "DELETE FROM temp.import_stage";
static const char sql_stage_row[] = "INSERT INTO temp.import_stage (row_no, "
    "accepted, name, template, type, manufacturer, model, "
    "registration_group, address, extension, label, identification_address, "
    "sip_username, warnings, reject_column, reject_message) VALUES (?2, "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char sql_stage_move[] = "INSERT INTO import_rows (import_id, "
    "row_no, accepted, name, template, type, manufacturer, model, "
    "registration_group, address, extension, label, identification_address, "
    "sip_username, warnings, reject_column, reject_message) SELECT ?1, "
    "row_no, accepted, name, template, type, manufacturer, model, "
    "registration_group, address, extension, label, identification_address, "
    "sip_username, warnings, reject_column, reject_message FROM "
    "temp.import_stage ORDER BY row_no";
/* Claims in the order a reader makes them: every named row claims its
 * name (n); a row whose name was its own claims its address (a); one whose
 * address was its own too claims its extension (e). The first row of each
 * key keeps it; later ones are rejected naming it. */
static const char sql_duplicates[] = "WITH "
    "n AS (SELECT row_no, address, extension, min(row_no) OVER "
    "(PARTITION BY lower(name)) AS f FROM import_rows WHERE import_id = ?1 "
    "AND name <> ''), "
    "a AS (SELECT row_no, min(row_no) OVER (PARTITION BY lower(address)) "
    "AS f FROM n WHERE f = row_no AND address <> ''), "
    "e AS (SELECT row_no, min(row_no) OVER (PARTITION BY lower(extension)) "
    "AS f FROM n WHERE f = row_no AND extension <> '' AND row_no NOT IN "
    "(SELECT row_no FROM a WHERE f <> row_no)), "
    "d AS (SELECT row_no, 'Name' AS col, 'name' AS what, f FROM n WHERE "
    "f <> row_no UNION ALL SELECT row_no, 'Address', 'address', f FROM a "
    "WHERE f <> row_no UNION ALL SELECT row_no, 'Extension', 'extension', f "
    "FROM e WHERE f <> row_no) "
    "UPDATE import_rows SET accepted = 0, reject_column = d.col, "
    "reject_message = 'The same ' || d.what || ' as row ' || d.f || '.' "
    "FROM d WHERE import_rows.import_id = ?1 AND import_rows.row_no = "
    "d.row_no";
/* Whether any two named rows share a name, address or extension: one
 * GROUP BY per key, a third of the work of the claims above, which most
 * lists need not make at all. */
static const char sql_any_duplicate[] = "SELECT "
    "EXISTS (SELECT 1 FROM import_rows WHERE import_id = ?1 AND name <> '' "
    "GROUP BY lower(name) HAVING count(*) > 1) OR "
    "EXISTS (SELECT 1 FROM import_rows WHERE import_id = ?1 AND name <> '' "
    "AND address <> '' GROUP BY lower(address) HAVING count(*) > 1) OR "
    "EXISTS (SELECT 1 FROM import_rows WHERE import_id = ?1 AND name <> '' "
    "AND extension <> '' GROUP BY lower(extension) HAVING count(*) > 1)";
/* p.name on the left: the comparison takes its NOCASE, and its index. */
static const char sql_conflicts[] = "SELECT r.row_no FROM import_rows r "
    "WHERE r.import_id = ?1 AND r.row_no > ?2 AND r.accepted AND ("
    "EXISTS (SELECT 1 FROM phones p WHERE p.name = r.name) OR "
    "(r.address <> '' AND EXISTS (SELECT 1 FROM phones p WHERE p.address = "
    "r.address)) OR (r.extension <> '' AND EXISTS (SELECT 1 FROM stations s "
    "WHERE s.extension = r.extension))) ORDER BY r.row_no LIMIT ?3";
static const char sql_get_row[] = "SELECT " ROW_COLS " FROM import_rows "
    "WHERE import_id = ?1 AND row_no = ?2";
/* ?2 an enum import_rows_filter, ?3 a LIKE pattern or NULL. The primary
 * key walks the list in row order: a page costs its offset in index
 * steps, never a sort of the list. */
#define ROWS_WHERE " FROM import_rows WHERE import_id = ?1 AND (?2 = 0 OR " \
	"(?2 = 1 AND accepted) OR (?2 = 2 AND NOT accepted) OR (?2 = 3 AND " \
	"warnings IS NOT NULL)) AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\' " \
	"OR extension LIKE ?3 ESCAPE '\\' OR address LIKE ?3 ESCAPE '\\')"
static const char sql_rows[] = "SELECT " ROW_COLS ROWS_WHERE " ORDER BY "
    "row_no LIMIT ?4 OFFSET ?5";
static const char sql_rows_count[] = "SELECT count(*)" ROWS_WHERE;
/* Every problem of a list, one row each: the header's warnings (row 1,
 * kept in the report only), the rows' warnings, then their rejections.
 * grp is what groups them: a warning's general wording ("group", written
 * where the message names the value), else its message; a rejection for
 * repeating an earlier row (sql_duplicates words it) loses the row it
 * names. */
#define PROBLEMS "WITH p(row, k, name, severity, col, message, grp) AS (" \
	"SELECT 1, w.key, '', 'warning', w.value ->> 'column', w.value ->> " \
	"'message', w.value ->> 'message' FROM imports i, json_each(i.report, " \
	"'$.warnings') w WHERE i.id = ?1 AND w.value ->> 'row' = 1 " \
	"UNION ALL SELECT r.row_no, w.key, r.name, 'warning', w.value ->> " \
	"'column', w.value ->> 'message', coalesce(w.value ->> 'group', " \
	"w.value ->> 'message') FROM import_rows r, json_each(r.warnings) w " \
	"WHERE r.import_id = ?1 AND r.warnings IS NOT NULL " \
	"UNION ALL SELECT row_no, 1000, name, 'rejected', reject_column, " \
	"reject_message, CASE WHEN reject_message GLOB 'The same * as row *.' " \
	"THEN substr(reject_message, 1, instr(reject_message, ' as row ')) " \
	"|| 'as an earlier row.' ELSE reject_message END FROM import_rows " \
	"WHERE import_id = ?1 AND NOT accepted) "
static const char sql_problem_groups[] = PROBLEMS "SELECT severity, col AS "
    "\"column\", grp AS message, count(*) AS rows, min(row) AS first_row "
    "FROM p GROUP BY severity, col, grp ORDER BY severity = 'warning', "
    "count(*) DESC, min(row) LIMIT ?2 OFFSET ?3";
static const char sql_problem_groups_count[] = PROBLEMS "SELECT count(*) "
    "FROM (SELECT 1 FROM p GROUP BY severity, col, grp)";
#define PROBLEM_ROWS_WHERE " FROM p WHERE severity = ?2 AND col IS ?3 AND " \
	"grp IS ?4"
static const char sql_problem_rows[] = PROBLEMS "SELECT row, name, severity, "
    "col AS \"column\", message" PROBLEM_ROWS_WHERE " ORDER BY row, k "
    "LIMIT ?5 OFFSET ?6";
static const char sql_problem_rows_count[] = PROBLEMS "SELECT count(*)"
    PROBLEM_ROWS_WHERE;
/* Commit Changes gives row N the phone id base + N (phone_store.c). */
static const char sql_set_created[] = "UPDATE imports SET phone_id_base = "
    "?2 - (SELECT min(row_no) FROM import_rows WHERE import_id = ?1 AND "
    "accepted) WHERE id = ?1";
/* A phone is the import's only if it was made by the commit: an id freed
 * by a deletion may be given again, later. */
#define CREATED_FROM " FROM imports i JOIN import_rows r ON r.import_id = " \
	"i.id AND r.accepted LEFT JOIN phones p ON p.id = i.phone_id_base + " \
	"r.row_no AND p.created_at <= i.committed_at WHERE i.id = ?1 AND " \
	"i.phone_id_base IS NOT NULL"
static const char sql_created[] = "SELECT r.row_no AS row, p.id, "
    "coalesce(p.name, r.name) AS name, p.address, nullif(r.extension, '') "
    "AS extension, nullif(r.template, '') AS template, r.manufacturer, "
    "r.model, p.status" CREATED_FROM " ORDER BY r.row_no LIMIT ?2 OFFSET ?3";
static const char sql_created_count[] = "SELECT count(*)" CREATED_FROM;
static const char sql_committed[] = "SELECT state = 'committed' FROM imports "
    "WHERE id = ?1";
static const char sql_reject[] = "UPDATE import_rows SET accepted = 0, "
    "reject_column = ?3, reject_message = ?4 WHERE import_id = ?1 AND "
    "row_no = ?2";
static const char sql_counts[] = "SELECT count(*) FILTER (WHERE accepted), "
    "count(*) FILTER (WHERE NOT accepted), coalesce(sum(json_array_length("
    "warnings)), 0) FROM import_rows WHERE import_id = ?1";
static const char sql_first_warnings[] = "SELECT r.row_no AS row, r.name, "
    "w.value ->> 'column' AS \"column\", w.value ->> 'message' AS message "
    "FROM import_rows r, json_each(r.warnings) w WHERE r.import_id = ?1 AND "
    "r.warnings IS NOT NULL ORDER BY r.row_no, w.key LIMIT ?2";
static const char sql_first_rejected[] = "SELECT row_no AS row, name, "
    "reject_column AS \"column\", reject_message AS message FROM import_rows "
    "WHERE import_id = ?1 AND NOT accepted ORDER BY row_no LIMIT ?2";
static const char sql_finish[] = "UPDATE imports SET rows_total = ?2, "
    "report = ?3, kind = ?4 WHERE id = ?1";
static const char sql_get[] = "SELECT id, kind, state, filename, rows_total, "
    "report AS \"report:json\", created_by, created_at, committed_at "
    "FROM imports WHERE id = ?1";
/* A row's warnings, then its rejection. */
static const char sql_problems[] = "SELECT row, name, severity, \"column\", "
    "message FROM (SELECT r.row_no AS row, w.key AS k, r.name, 'warning' AS "
    "severity, w.value ->> 'column' AS \"column\", w.value ->> 'message' AS "
    "message FROM import_rows r, json_each(r.warnings) w WHERE r.import_id "
    "= ?1 AND r.warnings IS NOT NULL UNION ALL SELECT row_no, 1000, name, "
    "'rejected', reject_column, reject_message FROM import_rows WHERE "
    "import_id = ?1 AND NOT accepted) ORDER BY row, k";
static const char sql_state[] = "UPDATE imports SET state = ?2, committed_at "
    "= CASE WHEN ?2 = 'committed' THEN ?3 ELSE committed_at END "
    "WHERE id = ?1";

/* The first accepted row after ?2 whose settings commit_shapes does not
 * have yet. Each call starts where the last stopped, and every row before
 * it has its settings there: all of them cost one pass over the list,
 * where a GROUP BY would sort it. */
static const char sql_next_shape[] = "SELECT r.row_no FROM import_rows r "
    "WHERE r.import_id = ?1 AND r.row_no > ?2 AND r.accepted AND NOT EXISTS "
    "(SELECT 1 FROM temp.commit_shapes s WHERE s.template = r.template AND "
    "s.type = r.type AND s.manufacturer = r.manufacturer AND s.model = "
    "r.model AND s.registration_group = r.registration_group) ORDER BY "
    "r.row_no LIMIT 1";
static const char sql_shape_table[] = "CREATE TEMP TABLE IF NOT EXISTS "
    "commit_shapes (template TEXT, type TEXT, manufacturer TEXT, model TEXT, "
    "registration_group TEXT, template_id INTEGER, phone_type TEXT, "
    "model_id INTEGER, family TEXT, group_id INTEGER, location_id INTEGER, "
    "firmware_version TEXT, audio_protocol TEXT, time_zone TEXT, language "
    "TEXT, options TEXT, advanced_options TEXT, custom_attributes TEXT, "
    "line_keys INTEGER, calls_per_line_key INTEGER, station_type TEXT, "
    "sharable INTEGER, licenses TEXT, access_control TEXT, active INTEGER, "
    "PRIMARY KEY (" IMPORT_SHAPE_KEY ")) WITHOUT ROWID";
static const char sql_shape_clear[] = "DELETE FROM temp.commit_shapes";
static const char sql_shape_add[] = "INSERT INTO temp.commit_shapes "
    "SELECT " IMPORT_SHAPE_KEY ", ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22 FROM import_rows WHERE "
    "import_id = ?1 AND row_no = ?2";
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

/* The row is stepped before its strings go: no copies. */
static void
bind_static(sqlite3_stmt *st, int i, const char *s, const char *def)
{
	if (s == NULL)
		s = def;
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int
bind_row(struct db *db, const char *sql, int64_t id,
    const struct import_row *row)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, row->row_no);
	sqlite3_bind_int(st, 3, row->accepted);
	bind_static(st, 4, row->name, "");
	bind_static(st, 5, row->template, "");
	bind_static(st, 6, row->type, "");
	bind_static(st, 7, row->manufacturer, "");
	bind_static(st, 8, row->model, "");
	bind_static(st, 9, row->registration_group, "");
	bind_static(st, 10, row->address, "");
	bind_static(st, 11, row->extension, "");
	bind_static(st, 12, row->label, "");
	bind_static(st, 13, row->identification_address, "");
	bind_static(st, 14, row->sip_username, "");
	bind_static(st, 15, row->warnings, NULL);
	bind_static(st, 16, row->reject_column, NULL);
	bind_static(st, 17, row->reject_message, NULL);
	return db_run(db, st);
}

int
import_store_add_row(struct db *db, int64_t id, const struct import_row *row)
{
	return bind_row(db, sql_row, id, row);
}

int
import_store_stage_begin(struct db *db)
{
	/* The stage holds a list's names and addresses, no secret: emptying
	 * it need not overwrite every page (secure_delete stays on for the
	 * database itself). */
	if (db_exec(db, "PRAGMA temp.secure_delete=OFF") != 0 ||
	    db_exec(db, sql_stage_table) != 0)
		return DB_ERROR;
	return db_run(db, db_stmt(db, sql_stage_clear));
}

int
import_store_stage_row(struct db *db, const struct import_row *row)
{
	return bind_row(db, sql_stage_row, 0, row);
}

int
import_store_stage_move(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_stage_move);

	sqlite3_bind_int64(st, 1, id);
	return db_run(db, st);
}

void
import_store_stage_end(struct db *db)
{
	db_run(db, db_stmt(db, sql_stage_clear));
}

int
import_store_reject_duplicates(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_any_duplicate);
	int rc, any;

	/* The claims only ever reject rows sharing a key, so without one
	 * there is nothing for them to do. */
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = db_step_error(db, rc);
		db_done(st);
		return rc;
	}
	any = sqlite3_column_int(st, 0);
	db_done(st);
	if (!any)
		return DB_OK;
	st = db_stmt(db, sql_duplicates);
	sqlite3_bind_int64(st, 1, id);
	return db_run(db, st);
}

json_t *
import_store_estate_conflicts(struct db *db, int64_t id, int after_row,
    int limit)
{
	sqlite3_stmt *st = db_stmt(db, sql_conflicts);
	json_t *rows = json_array();

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, after_row);
	sqlite3_bind_int(st, 3, limit);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(rows, json_integer(sqlite3_column_int(st,
		    0)));
	db_done(st);
	return rows;
}

json_t *
import_store_row(struct db *db, int64_t id, int row_no)
{
	sqlite3_stmt *st = db_stmt(db, sql_get_row);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, row_no);
	return db_get_json(st);
}

static void
bind_rows_filter(sqlite3_stmt *st, int64_t id, enum import_rows_filter f,
    const char *like)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)f);
	db_bind_text(st, 3, like);
}

json_t *
import_store_rows(struct db *db, int64_t id, enum import_rows_filter f,
    const char *q, int64_t limit, int64_t offset)
{
	sqlite3_stmt *st = db_stmt(db, sql_rows);
	char *like = db_like_pattern(q);
	json_t *rows;

	bind_rows_filter(st, id, f, like);
	sqlite3_bind_int64(st, 4, limit);
	sqlite3_bind_int64(st, 5, offset);
	rows = db_rows_json(st);
	db_done(st);
	free(like);
	return rows;
}

int64_t
import_store_count_rows(struct db *db, int64_t id, enum import_rows_filter f,
    const char *q)
{
	sqlite3_stmt *st = db_stmt(db, sql_rows_count);
	char *like = db_like_pattern(q);
	int64_t n = 0;

	bind_rows_filter(st, id, f, like);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	free(like);
	return n;
}

json_t *
import_store_problem_groups(struct db *db, int64_t id, int64_t limit,
    int64_t offset)
{
	sqlite3_stmt *cst = db_stmt(db, sql_problem_groups_count);
	sqlite3_stmt *pst = db_stmt(db, sql_problem_groups);

	sqlite3_bind_int64(cst, 1, id);
	sqlite3_bind_int64(pst, 1, id);
	sqlite3_bind_int64(pst, 2, limit);
	sqlite3_bind_int64(pst, 3, offset);
	return db_list_result(cst, pst);
}

json_t *
import_store_problem_rows(struct db *db, int64_t id, const char *severity,
    const char *column, const char *message, int64_t limit, int64_t offset)
{
	sqlite3_stmt *cst = db_stmt(db, sql_problem_rows_count);
	sqlite3_stmt *pst = db_stmt(db, sql_problem_rows);
	sqlite3_stmt *both[2] = { cst, pst };
	int i;

	for (i = 0; i < 2; i++) {
		sqlite3_bind_int64(both[i], 1, id);
		db_bind_text(both[i], 2, severity);
		db_bind_text(both[i], 3, column);
		db_bind_text(both[i], 4, message);
	}
	sqlite3_bind_int64(pst, 5, limit);
	sqlite3_bind_int64(pst, 6, offset);
	return db_list_result(cst, pst);
}

int
import_store_set_created(struct db *db, int64_t id, int64_t first_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_created);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, first_id);
	return db_run(db, st);
}

json_t *
import_store_created(struct db *db, int64_t id, int64_t limit, int64_t offset)
{
	sqlite3_stmt *st = db_stmt(db, sql_committed), *cst, *pst;
	bool committed = false;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		committed = sqlite3_column_int(st, 0) != 0;
	db_done(st);
	if (!committed)
		return NULL;
	cst = db_stmt(db, sql_created_count);
	pst = db_stmt(db, sql_created);
	sqlite3_bind_int64(cst, 1, id);
	sqlite3_bind_int64(pst, 1, id);
	sqlite3_bind_int64(pst, 2, limit);
	sqlite3_bind_int64(pst, 3, offset);
	return db_list_result(cst, pst);
}

int
import_store_reject(struct db *db, int64_t id, int row_no, const char *column,
    const char *message)
{
	sqlite3_stmt *st = db_stmt(db, sql_reject);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, row_no);
	db_bind_text(st, 3, column);
	db_bind_text(st, 4, message);
	return db_run(db, st);
}

json_t *
import_store_summary(struct db *db, int64_t id, int limit)
{
	sqlite3_stmt *st = db_stmt(db, sql_counts);
	json_int_t accepted = 0, rejected = 0, warnings = 0;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		accepted = sqlite3_column_int64(st, 0);
		rejected = sqlite3_column_int64(st, 1);
		warnings = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	return json_pack("{s:I,s:I,s:I,s:o,s:o}", "accepted", accepted,
	    "rejected_total", rejected, "warnings_total", warnings, "warnings",
	    db_rows_by_id(db, sql_first_warnings, id, limit), "rejected",
	    db_rows_by_id(db, sql_first_rejected, id, limit));
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

json_t *
import_store_problems(struct db *db, int64_t id)
{
	return json_pack("{s:o}", "items", db_rows_by_id(db, sql_problems, id,
	    -1));
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

int
import_store_next_shape(struct db *db, int64_t id, int after_row)
{
	sqlite3_stmt *st = db_stmt(db, sql_next_shape);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, after_row);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	else if (rc == SQLITE_DONE)
		rc = 0;
	else {
		db_step_error(db, rc);	/* logs it */
		rc = -1;
	}
	db_done(st);
	return rc;
}

struct secret_fn {
	char	*(*fn)(void *arg, const char *context);
	void	*arg;
};

static void
call_new_secret(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct secret_fn *f = sqlite3_user_data(ctx);
	const char *context = (const char *)sqlite3_value_text(argv[0]);
	char *sealed;

	(void)argc;
	if (context == NULL || (sealed = f->fn(f->arg, context)) == NULL) {
		sqlite3_result_error(ctx, "a password could not be sealed", -1);
		return;
	}
	sqlite3_result_text(ctx, sealed, -1, free);
}

int
import_store_commit_begin(struct db *db,
    char *(*new_secret)(void *arg, const char *context), void *arg)
{
	struct secret_fn *f = xmalloc(sizeof(*f));

	f->fn = new_secret;
	f->arg = arg;
	/* Not deterministic: every call is a new password. The connection
	 * frees f when the function is replaced or the connection closes. */
	if (sqlite3_create_function_v2(db_handle(db), "sb_new_secret", 1,
	    SQLITE_UTF8, f, call_new_secret, NULL, NULL, free) != SQLITE_OK ||
	    db_exec(db, sql_shape_table) != 0 ||
	    db_exec(db, sql_shape_clear) != 0)
		return DB_ERROR;
	return DB_OK;
}

int
import_store_commit_shape(struct db *db, int64_t id, int row_no,
    const struct phone_in *p)
{
	sqlite3_stmt *st = db_stmt(db, sql_shape_add);
	const struct station_in *s = &p->stations[0];

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, row_no);
	if (p->template_id)
		sqlite3_bind_int64(st, 3, p->template_id);
	db_bind_text(st, 4, p->type);
	sqlite3_bind_int64(st, 5, p->model.id);
	db_bind_text(st, 6, p->model.family);
	sqlite3_bind_int64(st, 7, p->registration_group_id);
	sqlite3_bind_int64(st, 8, p->location_id);
	db_bind_text(st, 9, p->firmware_version);
	db_bind_text(st, 10, p->audio_protocol);
	db_bind_text(st, 11, p->time_zone);
	db_bind_text(st, 12, p->language);
	db_bind_text(st, 13, p->options);
	db_bind_text(st, 14, p->advanced_options);
	db_bind_text(st, 15, p->custom_attributes);
	sqlite3_bind_int(st, 16, s->line_keys);
	sqlite3_bind_int(st, 17, s->calls_per_line_key);
	db_bind_text(st, 18, phone_store_station_type(p));
	sqlite3_bind_int(st, 19, s->sharable);
	db_bind_text(st, 20, s->licenses);
	db_bind_text(st, 21, s->access_control);
	sqlite3_bind_int(st, 22, p->active);
	return db_run(db, st);
}

static const char sql_commit_job[] = "SELECT i.commit_job FROM imports i "
    "JOIN jobs j ON j.id = i.commit_job WHERE i.id = ?1 AND j.state <> "
    "'failed'";
static const char sql_set_commit_job[] = "UPDATE imports SET commit_job = "
    "?2 WHERE id = ?1";

int64_t
import_store_commit_job(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_commit_job);
	int64_t job = 0;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		job = sqlite3_column_int64(st, 0);
	db_done(st);
	return job;
}

int
import_store_set_commit_job(struct db *db, int64_t id, int64_t job)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_commit_job);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, job);
	return db_run(db, st);
}
