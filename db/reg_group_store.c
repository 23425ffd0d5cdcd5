/* Switchboard — registration groups and their ordered registrations. */
#include "reg_group_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"

static const char *const type_names[] = {
	"line", "manual", "managed_proxy", "dns_srv"
};

const char *
reg_type_name(enum reg_type t)
{
	return type_names[t];
}

#define GROUP_COLS "id, name, kind, permanent AS \"permanent:bool\", " \
	"(SELECT count(*) FROM registrations r WHERE r.group_id = g.id) " \
	"AS registration_count, created_at, updated_at"
#define GROUP_FROM " FROM registration_groups g WHERE (?1 IS NULL OR " \
	"name LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR kind = ?2)"
#define GROUP_PAGE(col) \
	"SELECT " GROUP_COLS GROUP_FROM " ORDER BY " col " ASC, id " \
	"LIMIT ?3 OFFSET ?4", \
	"SELECT " GROUP_COLS GROUP_FROM " ORDER BY " col " DESC, id " \
	"LIMIT ?3 OFFSET ?4"

const char *const reg_group_store_sort_keys[] = { "name", "kind", NULL };

static const char *const sql_page[] = {
	GROUP_PAGE("name"), GROUP_PAGE("kind"),
};
static const char sql_count[] = "SELECT count(*)" GROUP_FROM;
static const char sql_get[] = "SELECT " GROUP_COLS
    " FROM registration_groups g WHERE id = ?1";
static const char sql_regs[] = "SELECT r.position, r.type, r.line_id, "
    "sl.name AS line, r.proxy_id, mp.name AS proxy, "
    "coalesce(r.address, mp.address, sl.address) AS address, "
    "coalesce(r.port, mp.port, sl.port) AS port, "
    "coalesce(r.transport, sl.transport) AS transport, r.domain "
    "FROM registrations r LEFT JOIN sip_lines sl ON sl.id = r.line_id "
    "LEFT JOIN managed_proxies mp ON mp.id = r.proxy_id "
    "WHERE r.group_id = ?1 ORDER BY r.position";
static const char sql_info[] = "SELECT kind, permanent FROM "
    "registration_groups WHERE id = ?1";
static const char sql_insert[] = "INSERT INTO registration_groups (name, "
    "kind, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)";
static const char sql_update[] = "UPDATE registration_groups SET name = ?2, "
    "kind = ?3, updated_at = ?4 WHERE id = ?1";
static const char sql_clear[] = "DELETE FROM registrations WHERE "
    "group_id = ?1";
static const char sql_reg_insert[] = "INSERT INTO registrations (group_id, "
    "position, type, line_id, proxy_id, address, port, transport, domain) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_delete[] = "DELETE FROM registration_groups WHERE "
    "id = ?1 AND permanent = 0";

/* Members that do not apply to each type, in enum reg_type order. */
static const char *const drop[4][7] = {
	{ "proxy_id", "proxy", "domain", NULL },
	{ "line_id", "line", "proxy_id", "proxy", "domain", NULL },
	{ "line_id", "line", "domain", NULL },
	{ "line_id", "line", "proxy_id", "proxy", "address", "port", NULL },
};

static void
add_registrations(struct db *db, json_t *group)
{
	sqlite3_stmt *st = db_stmt(db, sql_regs);
	json_t *regs, *r;
	const char *const *k;
	size_t i;
	int t;

	sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(group,
	    "id")));
	regs = db_rows_json(st);
	db_done(st);
	json_array_foreach(regs, i, r) {
		const char *type = json_string_value(json_object_get(r, "type"));

		for (t = 0; t < 3; t++)
			if (strcmp(type, reg_type_name((enum reg_type)t)) == 0)
				break;
		for (k = drop[t]; *k; k++)
			json_object_del(r, *k);
	}
	json_object_set_new(group, "registrations", regs);
}

json_t *
reg_group_store_list(struct db *db, const char *kind,
    const struct db_list_query *lq)
{
	sqlite3_stmt *cst = db_stmt(db, sql_count);
	sqlite3_stmt *pst = db_stmt(db, sql_page[lq->sort * 2 + lq->desc]);
	char *like = db_like_pattern(lq->q);
	json_t *out, *g;
	size_t i;

	db_bind_text(cst, 1, like);
	db_bind_text(cst, 2, kind);
	db_bind_text(pst, 1, like);
	db_bind_text(pst, 2, kind);
	sqlite3_bind_int64(pst, 3, lq->limit);
	sqlite3_bind_int64(pst, 4, lq->offset);
	out = db_list_result(cst, pst);
	free(like);
	if (out)
		json_array_foreach(json_object_get(out, "items"), i, g)
			add_registrations(db, g);
	return out;
}

json_t *
reg_group_store_get(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	json_t *g;

	sqlite3_bind_int64(st, 1, id);
	if ((g = db_get_json(st)) != NULL)
		add_registrations(db, g);
	return g;
}

int
reg_group_store_info(struct db *db, int64_t id, char *kind, int *permanent)
{
	sqlite3_stmt *st = db_stmt(db, sql_info);
	int rc = DB_NOTFOUND;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(kind, 16, "%s", sqlite3_column_text(st, 0));
		*permanent = sqlite3_column_int(st, 1);
		rc = DB_OK;
	}
	db_done(st);
	return rc;
}

int
reg_group_store_save(struct db *db, int64_t id, const char *name,
    const char *kind, const struct registration *regs, int n,
    int64_t *new_id)
{
	sqlite3_stmt *st;
	int i, rc;

	if (id == 0) {
		st = db_stmt(db, sql_insert);
		db_bind_text(st, 1, name);
		db_bind_text(st, 2, kind);
		sqlite3_bind_int64(st, 3, now_unix());
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
		id = sqlite3_last_insert_rowid(db_handle(db));
	} else {
		st = db_stmt(db, sql_update);
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, kind);
		sqlite3_bind_int64(st, 4, now_unix());
		if ((rc = db_run_changed(db, st)) != DB_OK)
			return rc;
		st = db_stmt(db, sql_clear);
		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	}
	for (i = 0; i < n; i++) {
		const struct registration *r = &regs[i];

		st = db_stmt(db, sql_reg_insert);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		db_bind_text(st, 3, reg_type_name(r->type));
		if (r->type == REG_LINE)
			sqlite3_bind_int64(st, 4, r->line_id);
		if (r->type == REG_MANAGED_PROXY)
			sqlite3_bind_int64(st, 5, r->proxy_id);
		if (r->type == REG_MANUAL) {
			db_bind_text(st, 6, r->address);
			sqlite3_bind_int(st, 7, r->port);
		}
		if (r->type != REG_LINE)
			db_bind_text(st, 8, r->transport);
		if (r->type == REG_DNS_SRV)
			db_bind_text(st, 9, r->domain);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	}
	if (new_id)
		*new_id = id;
	return DB_OK;
}

int
reg_group_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}
