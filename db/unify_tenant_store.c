/* Switchboard — the Unify Phone tenant's users. */
#include "unify_tenant_store.h"

#include <string.h>

#define TU_COLS "t.id, t.email, t.first_name, t.last_name, " \
	"trim(t.first_name || ' ' || t.last_name) AS name, " \
	"u.id IS NOT NULL AS \"assigned:bool\", u.id AS user_id, t.imported_at"
#define TU_FROM " FROM unify_tenant_users t LEFT JOIN unify_users u ON " \
	"u.tenant_user_id = t.id WHERE (?1 IS NULL OR t.email LIKE ?1 ESCAPE " \
	"'\\' OR t.first_name LIKE ?1 ESCAPE '\\' OR t.last_name LIKE ?1 " \
	"ESCAPE '\\' OR trim(t.first_name || ' ' || t.last_name) LIKE ?1 " \
	"ESCAPE '\\')"
#define PAGE(col) \
	"SELECT " TU_COLS TU_FROM " ORDER BY " col " ASC LIMIT ?2 OFFSET ?3", \
	"SELECT " TU_COLS TU_FROM " ORDER BY " col " DESC LIMIT ?2 OFFSET ?3"

const char *const unify_tenant_sort_keys[] = {
	"name", "email", "assigned", NULL
};

static const char *const sql_page[] = {
	PAGE("t.last_name COLLATE NOCASE, t.first_name COLLATE NOCASE"),
	PAGE("t.email"),
	PAGE("u.id IS NOT NULL, t.email"),
};
static const char sql_count[] = "SELECT count(*)" TU_FROM;
static const char sql_get[] = "SELECT " TU_COLS " FROM unify_tenant_users t "
    "LEFT JOIN unify_users u ON u.tenant_user_id = t.id WHERE t.id = ?1";
static const char sql_find[] = "SELECT id, first_name = ?2 AND "
    "last_name = ?3 FROM unify_tenant_users WHERE email = ?1";
static const char sql_insert[] = "INSERT INTO unify_tenant_users (email, "
    "first_name, last_name) VALUES (?1, ?2, ?3)";
static const char sql_update[] = "UPDATE unify_tenant_users SET "
    "first_name = ?2, last_name = ?3, imported_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE email = ?1";

json_t *
unify_tenant_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_count, sql_page[lq->sort * 2 +
	    lq->desc], lq);
}

json_t *
unify_tenant_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get, id);
}

int
unify_tenant_store_upsert(struct db *db, const char *email,
    const char *first_name, const char *last_name, int *created)
{
	sqlite3_stmt *st = db_stmt(db, sql_find);
	int found = 0, same = 0;

	db_bind_text(st, 1, email);
	db_bind_text(st, 2, first_name);
	db_bind_text(st, 3, last_name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		same = sqlite3_column_int(st, 1);
	}
	db_done(st);
	if (found && same) {
		*created = -1;
		return DB_OK;
	}
	st = db_stmt(db, found ? sql_update : sql_insert);
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, first_name);
	db_bind_text(st, 3, last_name);
	*created = !found;
	return db_run(db, st);
}
