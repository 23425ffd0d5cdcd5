/* Switchboard — API tokens for automation. */
#include "token_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"

#define TOKEN_COLS "t.id, t.name, t.prefix, t.user_id, u.username, " \
	"t.created_at, t.expires_at, t.last_used_at, t.last_used_from, " \
	"t.revoked_at, (t.revoked_at IS NULL AND (t.expires_at IS NULL OR " \
	"t.expires_at > strftime('%s','now'))) AS \"active:bool\""
#define TOKEN_FROM " FROM api_tokens t JOIN users u ON u.id = t.user_id " \
	"WHERE (?1 = 0 OR t.user_id = ?1) AND (?2 IS NULL OR t.name LIKE ?2 " \
	"ESCAPE '\\' OR u.username LIKE ?2 ESCAPE '\\' OR t.prefix LIKE ?2 " \
	"ESCAPE '\\')"
#define TOKEN_PAGE(col) \
	"SELECT " TOKEN_COLS TOKEN_FROM " ORDER BY " col \
	" ASC, t.id LIMIT ?3 OFFSET ?4", \
	"SELECT " TOKEN_COLS TOKEN_FROM " ORDER BY " col \
	" DESC, t.id LIMIT ?3 OFFSET ?4"

const char *const token_store_sort_keys[] = {
	"name", "username", "created_at", "last_used_at", "expires_at", NULL
};

static const char *const sql_page[] = {
	TOKEN_PAGE("t.name"), TOKEN_PAGE("u.username"),
	TOKEN_PAGE("t.created_at"), TOKEN_PAGE("t.last_used_at"),
	TOKEN_PAGE("t.expires_at"),
};
static const char sql_count[] = "SELECT count(*)" TOKEN_FROM;
static const char sql_get[] = "SELECT " TOKEN_COLS " FROM api_tokens t "
    "JOIN users u ON u.id = t.user_id WHERE t.id = ?1";
static const char sql_insert[] = "INSERT INTO api_tokens (user_id, name, "
    "prefix, token_hash, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_lookup[] = "SELECT t.id, t.name, u.id, u.username, "
    "u.display_name, u.role, u.disabled, u.must_change_password "
    "FROM api_tokens t JOIN users u "
    "ON u.id = t.user_id WHERE t.token_hash = ?1 AND t.revoked_at IS NULL "
    "AND (t.expires_at IS NULL OR t.expires_at > ?2)";
static const char sql_touch[] = "UPDATE api_tokens SET last_used_at = ?2, "
    "last_used_from = ?3 WHERE id = ?1";
static const char sql_revoke[] = "UPDATE api_tokens SET revoked_at = ?3 "
    "WHERE id = ?1 AND (?2 = 0 OR user_id = ?2) AND revoked_at IS NULL";
static const char sql_revoke_user[] = "UPDATE api_tokens SET revoked_at = ?2 "
    "WHERE user_id = ?1 AND revoked_at IS NULL";

int
token_store_create(struct db *db, int64_t user_id, const char *name,
    const char *prefix, const unsigned char hash[TOKEN_HASH_BYTES],
    int64_t expires_at, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	int rc;

	sqlite3_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, prefix);
	sqlite3_bind_blob(st, 4, hash, TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now_unix());
	if (expires_at > 0)
		sqlite3_bind_int64(st, 6, expires_at);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return DB_OK;
}

int
token_store_lookup(struct db *db, const unsigned char hash[TOKEN_HASH_BYTES],
    int64_t now, struct token_row *t)
{
	sqlite3_stmt *st = db_stmt(db, sql_lookup);
	int rc;

	sqlite3_bind_blob(st, 1, hash, TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(t, 0, sizeof(*t));
		t->id = sqlite3_column_int64(st, 0);
		snprintf(t->name, sizeof(t->name), "%s",
		    sqlite3_column_text(st, 1));
		user_store_read(st, 2, &t->user);
		rc = DB_OK;
	} else {
		rc = rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
	}
	db_done(st);
	return rc;
}

void
token_store_touch(struct db *db, int64_t id, const char *address)
{
	sqlite3_stmt *st = db_stmt(db, sql_touch);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	db_bind_text(st, 3, address);
	db_run(db, st);
}

json_t *
token_store_list(struct db *db, int64_t user_id,
    const struct db_list_query *lq)
{
	sqlite3_stmt *cst = db_stmt(db, sql_count);
	sqlite3_stmt *pst = db_stmt(db, sql_page[lq->sort * 2 + lq->desc]);
	char *like = db_like_pattern(lq->q);
	json_t *out;

	sqlite3_bind_int64(cst, 1, user_id);
	db_bind_text(cst, 2, like);
	sqlite3_bind_int64(pst, 1, user_id);
	db_bind_text(pst, 2, like);
	sqlite3_bind_int64(pst, 3, lq->limit);
	sqlite3_bind_int64(pst, 4, lq->offset);
	out = db_list_result(cst, pst);
	free(like);
	return out;
}

json_t *
token_store_get_json(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get, id);
}

int
token_store_revoke(struct db *db, int64_t id, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_revoke);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, now_unix());
	return db_run_changed(db, st);
}

void
token_store_revoke_user(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_revoke_user);

	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now_unix());
	db_run(db, st);
}
