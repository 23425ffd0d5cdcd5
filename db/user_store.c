/* Switchboard — the users table. */
#include "user_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"

#define USER_COLS "id, username, display_name, role, " \
	"disabled AS \"disabled:bool\", " \
	"must_change_password AS \"must_change_password:bool\", " \
	"created_at, updated_at, password_changed_at, last_login_at"
#define USER_WHERE " WHERE (?1 IS NULL OR username LIKE ?1 ESCAPE '\\' " \
	"OR display_name LIKE ?1 ESCAPE '\\' OR role LIKE ?1 ESCAPE '\\')"
#define USER_PAGE(col) \
	"SELECT " USER_COLS " FROM users" USER_WHERE " ORDER BY " col \
	" ASC, id LIMIT ?2 OFFSET ?3", \
	"SELECT " USER_COLS " FROM users" USER_WHERE " ORDER BY " col \
	" DESC, id LIMIT ?2 OFFSET ?3"

const char *const user_store_sort_keys[] = {
	"username", "display_name", "role", "created_at", "last_login_at",
	NULL
};

static const char *const sql_page[] = {
	USER_PAGE("username"), USER_PAGE("display_name"), USER_PAGE("role"),
	USER_PAGE("created_at"), USER_PAGE("last_login_at"),
};
static const char sql_count[] = "SELECT count(*) FROM users" USER_WHERE;
static const char sql_get_json[] = "SELECT " USER_COLS
    " FROM users WHERE id = ?1";
static const char sql_admins[] = "SELECT count(*) FROM users WHERE "
    "role = 'admin' AND (?1 = 0 OR disabled = 0)";
static const char sql_insert[] = "INSERT INTO users (username, "
    "display_name, role, password_hash, must_change_password, created_at, "
    "updated_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)";
#define USER_ROW "SELECT id, username, display_name, role, disabled, " \
	"must_change_password, password_hash FROM users "
static const char sql_by_name[] = USER_ROW "WHERE username = ?1";
static const char sql_by_id[] = USER_ROW "WHERE id = ?1";
static const char sql_update[] = "UPDATE users SET "
    "display_name = coalesce(?2, display_name), role = coalesce(?3, role), "
    "disabled = CASE WHEN ?4 < 0 THEN disabled ELSE ?4 END, updated_at = ?5 "
    "WHERE id = ?1";
static const char sql_password[] = "UPDATE users SET password_hash = ?2, "
    "must_change_password = ?3, password_changed_at = ?4, updated_at = ?4 "
    "WHERE id = ?1";
static const char sql_touch[] = "UPDATE users SET last_login_at = ?2 "
    "WHERE id = ?1";

int
user_store_count_admins(struct db *db, bool active_only)
{
	sqlite3_stmt *st = db_stmt(db, sql_admins);
	int n = -1;

	sqlite3_bind_int(st, 1, active_only);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_done(st);
	return n;
}

int
user_store_create(struct db *db, const char *username, const char *display,
    const char *role, const char *hash, bool must_change, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	int rc;

	db_bind_text(st, 1, username);
	db_bind_text(st, 2, display);
	db_bind_text(st, 3, role);
	db_bind_text(st, 4, hash);
	sqlite3_bind_int(st, 5, must_change);
	sqlite3_bind_int64(st, 6, now_unix());
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return DB_OK;
}

static void
copy_col(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	snprintf(dst, cap, "%s", v ? (const char *)v : "");
}

void
user_store_read(sqlite3_stmt *st, int col, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, col);
	copy_col(u->username, sizeof(u->username), st, col + 1);
	copy_col(u->display_name, sizeof(u->display_name), st, col + 2);
	copy_col(u->role, sizeof(u->role), st, col + 3);
	u->disabled = sqlite3_column_int(st, col + 4) != 0;
	u->must_change_password = sqlite3_column_int(st, col + 5) != 0;
}

static int
fetch(sqlite3_stmt *st, struct user *u)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		user_store_read(st, 0, u);
		copy_col(u->password_hash, sizeof(u->password_hash), st, 6);
		rc = DB_OK;
	} else {
		rc = rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
	}
	db_done(st);
	return rc;
}

int
user_store_find_by_name(struct db *db, const char *username, struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_name);

	db_bind_text(st, 1, username);
	return fetch(st, u);
}

int
user_store_get(struct db *db, int64_t id, struct user *u)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_id);

	sqlite3_bind_int64(st, 1, id);
	return fetch(st, u);
}

json_t *
user_store_get_json(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get_json, id);
}

json_t *
user_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_count,
	    sql_page[lq->sort * 2 + lq->desc], lq);
}

int
user_store_update(struct db *db, int64_t id, const char *display_name,
    const char *role, int disabled)
{
	sqlite3_stmt *st = db_stmt(db, sql_update);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, display_name);
	db_bind_text(st, 3, role);
	sqlite3_bind_int(st, 4, disabled);
	sqlite3_bind_int64(st, 5, now_unix());
	return db_run_changed(db, st);
}

int
user_store_set_password(struct db *db, int64_t id, const char *hash,
    bool must_change)
{
	sqlite3_stmt *st = db_stmt(db, sql_password);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, hash);
	sqlite3_bind_int(st, 3, must_change);
	sqlite3_bind_int64(st, 4, now_unix());
	return db_run_changed(db, st);
}

void
user_store_touch_login(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_touch);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	db_run(db, st);
}
