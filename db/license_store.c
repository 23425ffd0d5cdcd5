/* Switchboard — station license pools. */
#include "license_store.h"

#define POOL_USE "SELECT lp.name, lp.kind, lp.total, " \
    "(SELECT count(*) FROM stations s, json_each(s.licenses) j " \
    "WHERE j.value = lp.name) AS used FROM license_pools lp "
static const char sql_list[] = POOL_USE "ORDER BY CASE lp.kind WHEN 'basic' THEN 0 WHEN 'access' THEN 1 "
    "ELSE 2 END, lp.name";
/* Pools without a limit are never counted: that is a scan of every
 * station. */
static const char sql_limited[] = POOL_USE "WHERE lp.total IS NOT NULL "
    "ORDER BY lp.name";
static const char sql_set[] = "UPDATE license_pools SET total = ?2 "
    "WHERE name = ?1";
static const char sql_add[] = "INSERT INTO license_pools (name, kind, total) "
    "VALUES (?1, 'addon', ?2)";
static const char sql_classes[] = "SELECT name FROM "
    "dial_plan_classifications ORDER BY name";
static const char sql_used[] = "SELECT count(*) FROM stations s, "
    "json_each(s.licenses) j WHERE j.value = ?1";

json_t *
license_store_list(struct db *db)
{
	json_t *items = db_rows(db, sql_list);

	return json_pack("{s:o,s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
}

json_t *
license_store_limited(struct db *db)
{
	return db_rows(db, sql_limited);
}

int
license_store_set_total(struct db *db, const char *name, int64_t total)
{
	sqlite3_stmt *st = db_stmt(db, sql_set);

	db_bind_text(st, 1, name);
	if (total >= 0)
		sqlite3_bind_int64(st, 2, total);
	return db_run_changed(db, st);
}

int
license_store_add(struct db *db, const char *name, int64_t total)
{
	sqlite3_stmt *st = db_stmt(db, sql_add);

	db_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, total);
	return db_run(db, st);
}

int64_t
license_store_used(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, sql_used);
	int64_t n = 0;

	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

json_t *
license_store_classifications(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_classes);
	json_t *a = json_array();

	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)
		    sqlite3_column_text(st, 0)));
	db_done(st);
	return json_pack("{s:o,s:I}", "items", a, "total",
	    (json_int_t)json_array_size(a));
}
