/* Switchboard — the OpenScape Business licenses of Unify Phone. */
#include "unify_license_store.h"

#include <stdio.h>

static const char sql_counts[] = "SELECT p.pool, p.total, (SELECT count(*) "
    "FROM unify_user_licenses l WHERE l.pool = p.pool) FROM "
    "unify_license_pools p";
static const char sql_set_total[] = "UPDATE unify_license_pools SET "
    "total = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "WHERE pool = ?1";
static const char sql_holdings[] = "SELECT user_id, pool FROM "
    "unify_user_licenses ORDER BY user_id, pool";
static const char sql_of_user[] = "SELECT pool FROM unify_user_licenses "
    "WHERE user_id = ?1 ORDER BY pool";
static const char sql_grant[] = "INSERT OR IGNORE INTO unify_user_licenses "
    "(user_id, pool) VALUES (?1, ?2)";
static const char sql_take[] = "DELETE FROM unify_user_licenses WHERE "
    "user_id = ?1 AND pool = ?2";
static const char sql_release[] = "DELETE FROM unify_user_licenses WHERE "
    "user_id = ?1";

static const char *
text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* The end of a loop that stepped st into out: out, or NULL (out freed)
 * when the step that ended it, rc, was an error. */
static json_t *
stepped(struct db *db, sqlite3_stmt *st, int rc, json_t *out)
{
	db_done(st);
	if (rc == SQLITE_DONE)
		return out;
	db_step_error(db, rc);
	json_decref(out);
	return NULL;
}

json_t *
unify_license_store_counts(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_counts);
	json_t *out = json_object();
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(out, text(st, 0), json_pack("{s:I,s:I}",
		    "total", (json_int_t)sqlite3_column_int64(st, 1), "used",
		    (json_int_t)sqlite3_column_int64(st, 2)));
	return stepped(db, st, rc, out);
}

int
unify_license_store_set_total(struct db *db, const char *pool, int64_t total)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_total);

	db_bind_text(st, 1, pool);
	sqlite3_bind_int64(st, 2, total);
	return db_run_changed(db, st);
}

json_t *
unify_license_store_holdings(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_holdings);
	json_t *out = json_object(), *a;
	char id[24];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(id, sizeof(id), "%lld", (long long)
		    sqlite3_column_int64(st, 0));
		if ((a = json_object_get(out, id)) == NULL) {
			a = json_array();
			json_object_set_new(out, id, a);
		}
		json_array_append_new(a, json_string(text(st, 1)));
	}
	return stepped(db, st, rc, out);
}

json_t *
unify_license_store_of_user(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_of_user);
	json_t *out = json_array();

	sqlite3_bind_int64(st, 1, user_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(out, json_string(text(st, 0)));
	db_done(st);
	return out;
}

int
unify_license_store_set(struct db *db, int64_t user_id, const char *pool,
    bool on)
{
	sqlite3_stmt *st = db_stmt(db, on ? sql_grant : sql_take);

	sqlite3_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, pool);
	return db_run(db, st);
}

int
unify_license_store_release(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_release);

	sqlite3_bind_int64(st, 1, user_id);
	return db_run(db, st);
}
