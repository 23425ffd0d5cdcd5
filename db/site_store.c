/* Switchboard — locations, SIP lines and managed SIP proxies. */
#include "site_store.h"

#include <stdlib.h>

#include "../server/lib/util.h"

#define LOC_COLS "id, name, permanent AS \"permanent:bool\", time_zone, " \
	"sntp_server, codec_preference AS \"codec_preference:json\", " \
	"after_hours_start, after_hours_end, created_at, updated_at"
#define LOC_FROM " FROM locations WHERE (?1 IS NULL OR name LIKE ?1 " \
	"ESCAPE '\\' OR time_zone LIKE ?1 ESCAPE '\\' OR sntp_server LIKE ?1 " \
	"ESCAPE '\\')"
#define LINE_COLS "id, name, permanent AS \"permanent:bool\", transport, " \
	"port, address, created_at, updated_at"
#define LINE_FROM " FROM sip_lines WHERE (?1 IS NULL OR name LIKE ?1 " \
	"ESCAPE '\\' OR address LIKE ?1 ESCAPE '\\' OR transport LIKE ?1 " \
	"ESCAPE '\\')"
#define PROXY_COLS "p.id, p.name, 0 AS \"permanent:bool\", p.address, " \
	"p.port, p.location_id, l.name AS location, p.created_at, " \
	"p.updated_at"
#define PROXY_FROM " FROM managed_proxies p JOIN locations l ON " \
	"l.id = p.location_id WHERE (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\' " \
	"OR p.address LIKE ?1 ESCAPE '\\' OR l.name LIKE ?1 ESCAPE '\\')"
#define PAGE(cols, from, col) \
	"SELECT " cols from " ORDER BY " col " ASC LIMIT ?2 OFFSET ?3", \
	"SELECT " cols from " ORDER BY " col " DESC LIMIT ?2 OFFSET ?3"

const char *const site_store_sort_keys[3][4] = {
	{ "name", "time_zone", "sntp_server", NULL },
	{ "name", "transport", "port", NULL },
	{ "name", "address", "location", NULL },
};

static const char *const sql_page[3][6] = {
	{ PAGE(LOC_COLS, LOC_FROM, "name"), PAGE(LOC_COLS, LOC_FROM,
	    "time_zone"), PAGE(LOC_COLS, LOC_FROM, "sntp_server") },
	{ PAGE(LINE_COLS, LINE_FROM, "name"), PAGE(LINE_COLS, LINE_FROM,
	    "transport"), PAGE(LINE_COLS, LINE_FROM, "port") },
	{ PAGE(PROXY_COLS, PROXY_FROM, "p.name"), PAGE(PROXY_COLS, PROXY_FROM,
	    "p.address"), PAGE(PROXY_COLS, PROXY_FROM, "l.name") },
};
static const char *const sql_count[3] = {
	"SELECT count(*)" LOC_FROM, "SELECT count(*)" LINE_FROM,
	"SELECT count(*)" PROXY_FROM,
};
static const char *const sql_get[3] = {
	"SELECT " LOC_COLS " FROM locations WHERE id = ?1",
	"SELECT " LINE_COLS " FROM sip_lines WHERE id = ?1",
	"SELECT " PROXY_COLS " FROM managed_proxies p JOIN locations l ON "
	    "l.id = p.location_id WHERE p.id = ?1",
};
static const char *const sql_permanent[3] = {
	"SELECT permanent FROM locations WHERE id = ?1",
	"SELECT permanent FROM sip_lines WHERE id = ?1",
	"SELECT 0 FROM managed_proxies WHERE id = ?1",
};
static const char *const sql_delete[3] = {
	"DELETE FROM locations WHERE id = ?1 AND permanent = 0",
	"DELETE FROM sip_lines WHERE id = ?1 AND permanent = 0",
	"DELETE FROM managed_proxies WHERE id = ?1",
};
static const char sql_loc_insert[] = "INSERT INTO locations (name, "
    "time_zone, sntp_server, codec_preference, after_hours_start, "
    "after_hours_end, created_at, updated_at) VALUES (?2, ?3, ?4, ?5, ?7, "
    "?8, ?6, ?6)";
static const char sql_loc_update[] = "UPDATE locations SET name = ?2, "
    "time_zone = ?3, sntp_server = ?4, codec_preference = ?5, "
    "after_hours_start = ?7, after_hours_end = ?8, updated_at = ?6 "
    "WHERE id = ?1";
static const char sql_line_insert[] = "INSERT INTO sip_lines (name, "
    "transport, port, address, created_at, updated_at) "
    "VALUES (?2, ?3, ?4, ?5, ?6, ?6)";
static const char sql_line_update[] = "UPDATE sip_lines SET name = ?2, "
    "transport = ?3, port = ?4, address = ?5, updated_at = ?6 WHERE id = ?1";
static const char sql_proxy_insert[] = "INSERT INTO managed_proxies (name, "
    "address, port, location_id, created_at, updated_at) "
    "VALUES (?2, ?3, ?4, ?5, ?6, ?6)";
static const char sql_proxy_update[] = "UPDATE managed_proxies SET name = ?2, "
    "address = ?3, port = ?4, location_id = ?5, updated_at = ?6 "
    "WHERE id = ?1";

json_t *
site_store_list(struct db *db, enum site_table t,
    const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_count[t],
	    sql_page[t][lq->sort * 2 + lq->desc], lq);
}

json_t *
site_store_get(struct db *db, enum site_table t, int64_t id)
{
	return db_get_json_by_id(db, sql_get[t], id);
}

int
site_store_permanent(struct db *db, enum site_table t, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_permanent[t]);
	int rc = -2;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) != 0;
	db_done(st);
	return rc;
}

/* Run an insert (id 0) or update (id > 0) whose ?2… are already bound. */
static int
save(struct db *db, sqlite3_stmt *st, int64_t id, int64_t *new_id)
{
	int rc;

	sqlite3_bind_int64(st, 6, now_unix());
	if (id > 0) {
		sqlite3_bind_int64(st, 1, id);
		return db_run_changed(db, st);
	}
	if ((rc = db_run(db, st)) == DB_OK && new_id)
		*new_id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
location_store_save(struct db *db, int64_t id, const struct location_row *l,
    int64_t *new_id)
{
	sqlite3_stmt *st = db_stmt(db, id ? sql_loc_update : sql_loc_insert);

	db_bind_text(st, 2, l->name);
	db_bind_text(st, 3, l->time_zone);
	db_bind_text(st, 4, l->sntp_server);
	db_bind_text(st, 5, l->codec_preference);
	db_bind_text(st, 7, l->after_hours_start);
	db_bind_text(st, 8, l->after_hours_end);
	return save(db, st, id, new_id);
}

int
line_store_save(struct db *db, int64_t id, const struct line_row *l,
    int64_t *new_id)
{
	sqlite3_stmt *st = db_stmt(db, id ? sql_line_update : sql_line_insert);

	db_bind_text(st, 2, l->name);
	db_bind_text(st, 3, l->transport);
	sqlite3_bind_int(st, 4, l->port);
	db_bind_text(st, 5, l->address);
	return save(db, st, id, new_id);
}

int
proxy_store_save(struct db *db, int64_t id, const struct proxy_row *p,
    int64_t *new_id)
{
	sqlite3_stmt *st = db_stmt(db, id ? sql_proxy_update :
	    sql_proxy_insert);

	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->address);
	sqlite3_bind_int(st, 4, p->port);
	sqlite3_bind_int64(st, 5, p->location_id);
	return save(db, st, id, new_id);
}

int
site_store_delete(struct db *db, enum site_table t, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete[t]);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}
