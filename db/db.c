/* Switchboard — the SQLite access layer. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../server/lib/log.h"
#include "../server/lib/util.h"

#define DB_STMT_CACHE 192

struct db_cached {
	const char	*sql;
	sqlite3_stmt	*st;
};

struct db {
	sqlite3		*h;
	int		 depth;		/* db_begin without its commit yet */
	int		 ncached;
	struct db_cached cache[DB_STMT_CACHE];
};

static bool background_checkpoints;

static int
pragma(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
db_init_library(void)
{
	return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 :
	    -1;
}

struct db *
db_open(const char *path, char *err, size_t errlen)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX;

	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	if (pragma(db, "PRAGMA foreign_keys=ON") ||
	    pragma(db, "PRAGMA synchronous=FULL") ||
	    pragma(db, "PRAGMA secure_delete=ON") ||
	    (background_checkpoints &&
	    pragma(db, "PRAGMA wal_autocheckpoint=0"))) {
		snprintf(err, errlen, "cannot configure database %s: %s",
		    path, sqlite3_errmsg(db->h));
		goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < db->ncached; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

int
db_enable_wal(struct db *db)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0),
		    "wal") == 0;
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->ncached; i++)
		if (db->cache[i].sql == sql)
			return db->cache[i].st;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		log_event(LOG_ERROR, "db.prepare", "error",
		    sqlite3_errmsg(db->h), "sql", sql, NULL);
		abort();
	}
	if (db->ncached == DB_STMT_CACHE) {
		/* More distinct statements than expected: keep working. */
		sqlite3_finalize(db->cache[0].st);
		memmove(db->cache, db->cache + 1,
		    sizeof(db->cache[0]) * (DB_STMT_CACHE - 1));
		db->ncached--;
	}
	db->cache[db->ncached].sql = sql;
	db->cache[db->ncached].st = st;
	db->ncached++;
	return st;
}

void
db_done(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int
db_exec(struct db *db, const char *sql)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		log_event(LOG_ERROR, "db.exec", "error", sqlite3_errmsg(db->h),
		    NULL);
		return -1;
	}
	return 0;
}

void
db_checkpoint(struct db *db)
{
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);

	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_event(LOG_WARN, "db.checkpoint", "error",
		    sqlite3_errmsg(db->h), NULL);
}

void
db_checkpoint_in_background(void)
{
	background_checkpoints = true;
}

/* Transaction statements come from the statement cache: sqlite3_exec
 * would prepare them again on every call. */
static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_begin_read[] = "BEGIN";
static const char sql_commit[] = "COMMIT";

static int
run_cached(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc = sqlite3_step(st);

	db_done(st);
	if (rc != SQLITE_DONE) {
		log_event(LOG_ERROR, "db.exec", "error", sqlite3_errmsg(db->h),
		    NULL);
		return -1;
	}
	return 0;
}

/* A transaction begun inside another (a handler's, inside the one the
 * router holds for a versioned record) is a savepoint of it: its commit
 * releases the savepoint, its rollback undoes only its own work. */
static const char sql_savepoint[] = "SAVEPOINT inner";
static const char sql_release[] = "RELEASE inner";

static int
begin(struct db *db, const char *sql)
{
	if (run_cached(db, db->depth ? sql_savepoint : sql) != 0)
		return -1;
	db->depth++;
	return 0;
}

int
db_begin(struct db *db)
{
	return begin(db, sql_begin);
}

int
db_begin_read(struct db *db)
{
	return begin(db, sql_begin_read);
}

int
db_commit(struct db *db)
{
	if (db->depth > 1) {
		db->depth--;
		return run_cached(db, sql_release);
	}
	if (run_cached(db, sql_commit) != 0) {
		db_rollback(db);
		return -1;
	}
	db->depth = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (db->depth > 1) {
		db->depth--;
		sqlite3_exec(db->h, "ROLLBACK TO inner; RELEASE inner", NULL,
		    NULL, NULL);
		return;
	}
	db->depth = 0;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

bool
db_in_transaction(const struct db *db)
{
	return db->depth > 0;
}

bool
db_end_open(struct db *db)
{
	bool open = db->depth > 0 || !sqlite3_get_autocommit(db->h);

	if (open) {
		db->depth = 1;
		db_rollback(db);
	}
	return open;
}

static int
has_suffix(const char *s, const char *suffix, size_t *stem)
{
	size_t n = strlen(s), m = strlen(suffix);

	if (n <= m || strcmp(s + n - m, suffix) != 0)
		return 0;
	*stem = n - m;
	return 1;
}

json_t *
db_row_json(sqlite3_stmt *st)
{
	json_t *o = json_object(), *v;
	int i, n = sqlite3_column_count(st);
	char key[128];
	size_t stem;

	for (i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		int type = sqlite3_column_type(st, i);

		snprintf(key, sizeof(key), "%s", name);
		if (has_suffix(name, ":bool", &stem)) {
			key[stem] = '\0';
			v = json_boolean(sqlite3_column_int(st, i));
		} else if (has_suffix(name, ":json", &stem)) {
			key[stem] = '\0';
			v = type == SQLITE_NULL ? json_null() : json_loads(
			    (const char *)sqlite3_column_text(st, i), 0, NULL);
			if (v == NULL)
				v = json_null();
		} else if (type == SQLITE_INTEGER) {
			v = json_integer(sqlite3_column_int64(st, i));
		} else if (type == SQLITE_FLOAT) {
			v = json_real(sqlite3_column_double(st, i));
		} else if (type == SQLITE_NULL) {
			v = json_null();
		} else {
			v = json_stringn((const char *)sqlite3_column_text(st,
			    i), (size_t)sqlite3_column_bytes(st, i));
			if (v == NULL)	/* not UTF-8: never expected */
				v = json_null();
		}
		json_object_set_new(o, key, v);
	}
	return o;
}

json_t *
db_rows_json(sqlite3_stmt *st)
{
	json_t *a = json_array();

	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, db_row_json(st));
	return a;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

int
db_check(struct db *db, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db->h));
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(st, 0);

		if (strcmp(msg, "ok") != 0) {
			snprintf(err, errlen, "integrity: %s", msg);
			rc = -1;
			break;
		}
	}
	if (sqlite3_finalize(st) != SQLITE_OK && rc == 0) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db->h));
		return -1;
	}
	if (rc != 0)
		return rc;
	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db->h));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(err, errlen, "foreign key violation in table %s",
		    sqlite3_column_text(st, 0));
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

char *
db_like_pattern(const char *q)
{
	size_t n, i, j = 0;
	char *p;

	if (q == NULL)
		return NULL;
	n = strlen(q);
	p = xmalloc(2 * n + 3);
	p[j++] = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[j++] = '\\';
		p[j++] = q[i];
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

json_t *
db_list_result(sqlite3_stmt *count_st, sqlite3_stmt *page_st)
{
	json_t *items = NULL, *out = NULL;
	long long total = 0;
	int rc;

	if ((rc = sqlite3_step(count_st)) != SQLITE_ROW)
		goto out;
	total = sqlite3_column_int64(count_st, 0);
	items = json_array();
	while ((rc = sqlite3_step(page_st)) == SQLITE_ROW)
		json_array_append_new(items, db_row_json(page_st));
	if (rc != SQLITE_DONE)
		goto out;
	out = json_pack("{s:o,s:I}", "items", items, "total", total);
	items = NULL;
out:
	json_decref(items);
	db_done(count_st);
	db_done(page_st);
	return out;
}

int
db_step_error(struct db *db, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return DB_CONFLICT;
	log_event(LOG_ERROR, "db.step", "error", sqlite3_errmsg(db->h), NULL);
	return DB_ERROR;
}

int
db_run(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	db_done(st);
	return rc == SQLITE_DONE ? DB_OK : db_step_error(db, rc);
}

int
db_run_changed(struct db *db, sqlite3_stmt *st)
{
	int rc = db_run(db, st);

	if (rc != DB_OK)
		return rc;
	return sqlite3_changes(db->h) > 0 ? DB_OK : DB_NOTFOUND;
}

json_t *
db_get_json(sqlite3_stmt *st)
{
	json_t *o = NULL;

	if (sqlite3_step(st) == SQLITE_ROW)
		o = db_row_json(st);
	db_done(st);
	return o;
}

json_t *
db_get_json_by_id(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	sqlite3_bind_int64(st, 1, id);
	return db_get_json(st);
}

int
db_run_by_id(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

json_t *
db_rows(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	json_t *rows = db_rows_json(st);

	db_done(st);
	return rows;
}

json_t *
db_rows_by_id(struct db *db, const char *sql, int64_t id, int64_t limit)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	json_t *rows;

	sqlite3_bind_int64(st, 1, id);
	if (limit >= 0)
		sqlite3_bind_int64(st, 2, limit);
	rows = db_rows_json(st);
	db_done(st);
	return rows;
}

char *
db_get_text(sqlite3_stmt *st)
{
	char *s = NULL;

	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
	db_done(st);
	return s;
}

char *
db_get_blob(sqlite3_stmt *st, size_t *len)
{
	char *out = NULL;

	if (sqlite3_step(st) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		out = xmalloc(*len + 1);
		if (*len)
			memcpy(out, sqlite3_column_blob(st, 0), *len);
		out[*len] = '\0';
	}
	db_done(st);
	return out;
}

/* parent < 0: none (the statements have no ?4). */
static json_t *
list_by_text(struct db *db, const char *count_sql, const char *page_sql,
    const struct db_list_query *lq, int64_t parent)
{
	sqlite3_stmt *cst = db_stmt(db, count_sql);
	sqlite3_stmt *pst = db_stmt(db, page_sql);
	char *like = db_like_pattern(lq->q);
	json_t *out;

	db_bind_text(cst, 1, like);
	db_bind_text(pst, 1, like);
	sqlite3_bind_int64(pst, 2, lq->limit);
	sqlite3_bind_int64(pst, 3, lq->offset);
	if (parent >= 0) {
		sqlite3_bind_int64(cst, 4, parent);
		sqlite3_bind_int64(pst, 4, parent);
	}
	out = db_list_result(cst, pst);
	free(like);
	return out;
}

json_t *
db_list_by_text(struct db *db, const char *count_sql, const char *page_sql,
    const struct db_list_query *lq)
{
	return list_by_text(db, count_sql, page_sql, lq, -1);
}

json_t *
db_list_by_text_in(struct db *db, const char *count_sql, const char *page_sql,
    const struct db_list_query *lq, int64_t parent)
{
	return list_by_text(db, count_sql, page_sql, lq, parent);
}

bool
db_exists(sqlite3_stmt *st)
{
	bool found = sqlite3_step(st) == SQLITE_ROW;

	db_done(st);
	return found;
}

char *
db_ids_text(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	char *text;
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

json_t *
db_json_by_text(struct db *db, const char *sql, const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	json_t *v = NULL;

	db_bind_text(st, 1, text);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = json_loads((const char *)sqlite3_column_text(st, 0), 0,
		    NULL);
	db_done(st);
	return v;
}

int64_t
db_id_by_text(struct db *db, const char *sql, const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t id = 0;

	db_bind_text(st, 1, text);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}
