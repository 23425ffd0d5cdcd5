/* Switchboard — login sessions. */
#include "session_store.h"

#include <stdio.h>
#include <string.h>

#include "../server/lib/util.h"

static const char sql_insert[] = "INSERT INTO sessions (id_hash, user_id, "
    "csrf_token, address, user_agent, created_at, last_seen_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
static const char sql_lookup[] = "SELECT u.id, u.username, u.display_name, "
    "u.role, u.disabled, u.must_change_password, s.csrf_token, "
    "s.created_at, s.last_seen_at FROM sessions s JOIN users u "
    "ON u.id = s.user_id WHERE s.id_hash = ?1";
static const char sql_touch[] = "UPDATE sessions SET last_seen_at = ?2 "
    "WHERE id_hash = ?1";
static const char sql_delete[] = "DELETE FROM sessions WHERE id_hash = ?1";
static const char sql_delete_user[] = "DELETE FROM sessions WHERE "
    "user_id = ?1 AND (?2 IS NULL OR id_hash <> ?2)";
static const char sql_purge[] = "DELETE FROM sessions WHERE "
    "last_seen_at < ?1 OR created_at < ?2";

int
session_store_create(struct db *db, const unsigned char id_hash[32],
    int64_t user_id, const char *csrf, const char *address,
    const char *user_agent)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);

	sqlite3_bind_blob(st, 1, id_hash, SESSION_HASH_BYTES,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_text(st, 4, address);
	db_bind_text(st, 5, user_agent);
	sqlite3_bind_int64(st, 6, now_unix());
	return db_run(db, st);
}

int
session_store_lookup(struct db *db, const unsigned char id_hash[32],
    struct session_row *s)
{
	sqlite3_stmt *st = db_stmt(db, sql_lookup);
	int rc;

	sqlite3_bind_blob(st, 1, id_hash, SESSION_HASH_BYTES,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(s, 0, sizeof(*s));
		user_store_read(st, 0, &s->user);
		snprintf(s->csrf, sizeof(s->csrf), "%s",
		    sqlite3_column_text(st, 6));
		s->created_at = sqlite3_column_int64(st, 7);
		s->last_seen_at = sqlite3_column_int64(st, 8);
		rc = DB_OK;
	} else {
		rc = rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
	}
	db_done(st);
	return rc;
}

void
session_store_touch(struct db *db, const unsigned char id_hash[32],
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql_touch);

	sqlite3_bind_blob(st, 1, id_hash, SESSION_HASH_BYTES,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	db_run(db, st);
}

void
session_store_delete(struct db *db, const unsigned char id_hash[32])
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);

	sqlite3_bind_blob(st, 1, id_hash, SESSION_HASH_BYTES,
	    SQLITE_TRANSIENT);
	db_run(db, st);
}

void
session_store_delete_user(struct db *db, int64_t user_id,
    const unsigned char *keep)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete_user);

	sqlite3_bind_int64(st, 1, user_id);
	if (keep)
		sqlite3_bind_blob(st, 2, keep, SESSION_HASH_BYTES,
		    SQLITE_TRANSIENT);
	db_run(db, st);
}

int
session_store_purge(struct db *db, int64_t idle_before, int64_t created_before)
{
	sqlite3_stmt *st = db_stmt(db, sql_purge);
	int n = 0;

	sqlite3_bind_int64(st, 1, idle_before);
	sqlite3_bind_int64(st, 2, created_before);
	if (sqlite3_step(st) == SQLITE_DONE)
		n = sqlite3_changes(db_handle(db));
	db_done(st);
	return n;
}
