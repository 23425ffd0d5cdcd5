/* Switchboard — the credential hand-overs of third-party SIP devices. */
#include "sip_export_store.h"

#define HANDED "e.state IN ('ready', 'delivered', 'expired')"
#define EX_COLS "e.id, e.job_id, e.created_by, e.created_at, e.handler_id, " \
	"e.handler_name, e.handler_contact, e.devices, e.state, " \
	"e.names_file, e.passwords_file, e.expires_at, e.delivered_at, " \
	"e.wiped_at, e.ack_signed_on IS NOT NULL AS \"acknowledged:bool\", " \
	"CASE WHEN e.ack_signed_on IS NULL THEN NULL ELSE json_object(" \
	"'signed_by', e.ack_signed_by, 'signed_on', e.ack_signed_on, " \
	"'reference', e.ack_reference, 'recorded_by', e.ack_recorded_by, " \
	"'recorded_at', e.ack_recorded_at) END AS \"acknowledgement:json\""
#define EX_FROM " FROM sip_exports e WHERE (?1 IS NULL OR " \
	"e.handler_name LIKE ?1 ESCAPE '\\' OR e.created_by LIKE ?1 " \
	"ESCAPE '\\' OR e.state LIKE ?1 ESCAPE '\\' OR e.ack_reference " \
	"LIKE ?1 ESCAPE '\\') AND (?4 = 0 OR (e.ack_signed_on IS NULL AND " \
	HANDED "))"
#define PAGE(a, b) \
	"SELECT " EX_COLS EX_FROM " ORDER BY " a " ASC, " b " ASC " \
	"LIMIT ?2 OFFSET ?3", \
	"SELECT " EX_COLS EX_FROM " ORDER BY " a " DESC, " b " DESC " \
	"LIMIT ?2 OFFSET ?3"

const char *const sip_export_sort_keys[] = {
	"id", "created_at", "handler_name", "state", "devices", NULL
};

static const char *const sql_page[] = {
	PAGE("e.id", "e.id"),
	PAGE("e.created_at", "e.id"),
	PAGE("e.handler_name COLLATE NOCASE", "e.id"),
	PAGE("e.state", "e.id"),
	PAGE("e.devices", "e.id"),
};
static const char sql_count[] = "SELECT count(*)" EX_FROM;
static const char sql_get[] = "SELECT " EX_COLS " FROM sip_exports e "
    "WHERE e.id = ?1";
static const char sql_rows[] = "SELECT row, device_id, extension, "
    "user_name, sip_name FROM sip_export_devices WHERE export_id = ?1 "
    "ORDER BY row";
static const char sql_insert[] = "INSERT INTO sip_exports (created_by, "
    "handler_id, handler_name, handler_contact, devices, names_file, "
    "passwords_file, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_insert_row[] = "INSERT INTO sip_export_devices "
    "(export_id, row, device_id, extension, user_name, sip_name) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_set_job[] = "UPDATE sip_exports SET job_id = ?2 "
    "WHERE id = ?1";
static const char sql_move[] = "UPDATE sip_exports SET state = ?3, "
    "delivered_at = CASE WHEN ?3 = 'delivered' THEN "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE delivered_at END, "
    "wiped_at = CASE WHEN ?4 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "ELSE wiped_at END WHERE id = ?1 AND state = ?2";
static const char sql_expired[] = "SELECT id, state, names_file, "
    "passwords_file FROM sip_exports WHERE (state = 'ready' AND "
    "expires_at <= ?1) OR state = 'building' ORDER BY id";
static const char sql_ready_files[] = "SELECT names_file FROM sip_exports "
    "WHERE state = 'ready' UNION ALL SELECT passwords_file FROM "
    "sip_exports WHERE state = 'ready'";
static const char sql_ack[] = "UPDATE sip_exports SET ack_signed_by = ?2, "
    "ack_signed_on = ?3, ack_reference = ?4, ack_recorded_by = ?5, "
    "ack_recorded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 "
    "AND ack_signed_on IS NULL AND state IN ('ready', 'delivered', "
    "'expired')";

json_t *
sip_export_store_list(struct db *db, const struct db_list_query *lq,
    bool unacknowledged)
{
	return db_list_by_text_in(db, sql_count, sql_page[lq->sort * 2 +
	    lq->desc], lq, unacknowledged);
}

json_t *
sip_export_store_get(struct db *db, int64_t id)
{
	json_t *e = db_get_json_by_id(db, sql_get, id);

	if (e)
		json_object_set_new(e, "rows", db_rows_by_id(db, sql_rows, id,
		    -1));
	return e;
}

int
sip_export_store_create(struct db *db, const char *created_by,
    int64_t handler_id, const char *handler_name, const char *handler_contact,
    const char *names_file, const char *passwords_file, int64_t expires_at,
    json_t *rows, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	json_t *d;
	size_t i;
	int rc;

	db_bind_text(st, 1, created_by);
	sqlite3_bind_int64(st, 2, handler_id);
	db_bind_text(st, 3, handler_name);
	db_bind_text(st, 4, handler_contact);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)json_array_size(rows));
	db_bind_text(st, 6, names_file);
	db_bind_text(st, 7, passwords_file);
	sqlite3_bind_int64(st, 8, expires_at);
	if ((rc = db_run(db, st)) != DB_OK)
		return DB_ERROR;
	*out = sqlite3_last_insert_rowid(db_handle(db));
	json_array_foreach(rows, i, d) {
		st = db_stmt(db, sql_insert_row);
		sqlite3_bind_int64(st, 1, *out);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(d,
		    "id")));
		db_bind_text(st, 4, json_string_value(json_object_get(d,
		    "extension")));
		db_bind_text(st, 5, json_string_value(json_object_get(d,
		    "user_name")));
		db_bind_text(st, 6, json_string_value(json_object_get(d,
		    "sip_name")));
		if (db_run(db, st) != DB_OK)
			return DB_ERROR;
	}
	return DB_OK;
}

int
sip_export_store_set_job(struct db *db, int64_t id, int64_t job_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_job);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, job_id);
	return db_run_changed(db, st);
}

int
sip_export_store_move(struct db *db, int64_t id, const char *from,
    const char *to, bool wiped)
{
	sqlite3_stmt *st = db_stmt(db, sql_move);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	sqlite3_bind_int(st, 4, wiped);
	return db_run_changed(db, st);
}

json_t *
sip_export_store_expired(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql_expired);
	json_t *rows;

	sqlite3_bind_int64(st, 1, now);
	rows = db_rows_json(st);
	db_done(st);
	return rows;
}

json_t *
sip_export_store_ready_files(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_ready_files);
	json_t *names = json_array();
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(names, json_string((const char *)
		    sqlite3_column_text(st, 0)));
	db_done(st);
	if (rc != SQLITE_DONE) {
		json_decref(names);
		return NULL;
	}
	return names;
}

int
sip_export_store_acknowledge(struct db *db, int64_t id,
    const char *signed_by, const char *signed_on, const char *reference,
    const char *recorded_by)
{
	sqlite3_stmt *st = db_stmt(db, sql_ack);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, signed_by);
	db_bind_text(st, 3, signed_on);
	db_bind_text(st, 4, reference);
	db_bind_text(st, 5, recorded_by);
	return db_run_changed(db, st);
}
