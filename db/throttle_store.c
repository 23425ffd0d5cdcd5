/* Switchboard — counting failed logins. */
#include "throttle_store.h"

static const char sql_get[] = "SELECT locked_until FROM login_failures "
    "WHERE key = ?1";
/* A failure outside the window starts a new one; reaching max locks. */
static const char sql_fail[] = "INSERT INTO login_failures (key, count, "
    "window_start, locked_until) VALUES (?1, 1, ?2, CASE WHEN ?4 <= 1 "
    "THEN ?2 + ?3 ELSE 0 END) ON CONFLICT(key) DO UPDATE SET "
    "count = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE count + 1 END, "
    "window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 "
    "ELSE window_start END, "
    "locked_until = CASE WHEN (CASE WHEN window_start + ?3 <= ?2 THEN 1 "
    "ELSE count + 1 END) >= ?4 THEN ?2 + ?3 ELSE locked_until END "
    "RETURNING locked_until";
static const char sql_clear[] = "DELETE FROM login_failures WHERE key = ?1";

int64_t
throttle_store_locked(struct db *db, const char *key, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	int64_t until = 0;

	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		until = sqlite3_column_int64(st, 0);
	db_done(st);
	return until > now ? until - now : 0;
}

int64_t
throttle_store_fail(struct db *db, const char *key, int64_t now,
    int64_t window, int64_t max)
{
	sqlite3_stmt *st = db_stmt(db, sql_fail);
	int64_t until = 0;

	db_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, window);
	sqlite3_bind_int64(st, 4, max);
	if (sqlite3_step(st) == SQLITE_ROW)
		until = sqlite3_column_int64(st, 0);
	db_done(st);
	return until > now ? until - now : 0;
}

void
throttle_store_clear(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, sql_clear);

	db_bind_text(st, 1, key);
	db_run(db, st);
}
