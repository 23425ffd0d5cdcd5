/* Switchboard — counting failed logins. */
#include "throttle_store.h"

static const char sql_get[] = "SELECT locked_until FROM login_failures "
    "WHERE key = ?1";
/* A key forgets its failures a window after both the count began and its
 * last wait ended: a guesser who keeps failing keeps his count, and with
 * it the longest wait. */
#define QUIET "max(window_start, locked_until) + ?3 <= ?2"
static const char sql_fail[] = "INSERT INTO login_failures (key, count, "
    "window_start, locked_until) VALUES (?1, 1, ?2, 0) "
    "ON CONFLICT(key) DO UPDATE SET "
    "count = CASE WHEN " QUIET " THEN 1 ELSE count + 1 END, "
    "locked_until = CASE WHEN " QUIET " THEN 0 ELSE locked_until END, "
    "window_start = CASE WHEN " QUIET " THEN ?2 ELSE window_start END "
    "RETURNING count";
static const char sql_hold[] = "UPDATE login_failures SET locked_until = "
    "max(locked_until, ?2) WHERE key = ?1";
static const char sql_clear[] = "DELETE FROM login_failures WHERE key = ?1";
static const char sql_purge[] = "DELETE FROM login_failures WHERE "
    "max(window_start, locked_until) + ?2 <= ?1";

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
    int64_t window)
{
	sqlite3_stmt *st = db_stmt(db, sql_fail);
	int64_t count = 0;

	db_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, window);
	if (sqlite3_step(st) == SQLITE_ROW)
		count = sqlite3_column_int64(st, 0);
	db_done(st);
	return count;
}

void
throttle_store_hold(struct db *db, const char *key, int64_t until)
{
	sqlite3_stmt *st = db_stmt(db, sql_hold);

	db_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, until);
	db_run(db, st);
}

void
throttle_store_clear(struct db *db, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, sql_clear);

	db_bind_text(st, 1, key);
	db_run(db, st);
}

void
throttle_store_purge(struct db *db, int64_t now, int64_t window)
{
	sqlite3_stmt *st = db_stmt(db, sql_purge);

	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, window);
	db_run(db, st);
}
