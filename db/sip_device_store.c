/* Switchboard — third-party SIP devices, regions and data handlers. */
#include "sip_device_store.h"

#include <stdlib.h>
#include <string.h>

#define BOOL(c) "CASE WHEN " c " THEN json('true') ELSE json('false') END"
#define MET "(d.req_supported AND d.req_tls AND d.req_fqdn AND " \
	"d.req_naptr AND d.req_sip_name AND d.req_password)"
/* The checklist as the API shows it: {key: true|false}. */
#define REQUIREMENTS "json_object(" \
	"'supported', " BOOL("d.req_supported") ", " \
	"'tls', " BOOL("d.req_tls") ", " \
	"'border_proxy_fqdn', " BOOL("d.req_fqdn") ", " \
	"'naptr', " BOOL("d.req_naptr") ", " \
	"'sip_name_dash', " BOOL("d.req_sip_name") ", " \
	"'alphanumeric_password', " BOOL("d.req_password") \
	") AS \"requirements:json\""
#define DEV_COLS "d.id, d.user_name, d.user_email, d.extension, d.did, " \
	"d.manufacturer, d.model, d.purpose, d.region_id, r.name AS region, " \
	"r.border_proxy, d.replace_by, " REQUIREMENTS ", " \
	"NOT " MET " AS \"flagged:bool\", " \
	"d.sip_name, d.credential_at, d.created_at, d.updated_at, " \
	"(SELECT max(e.created_at) FROM sip_export_devices x JOIN " \
	"sip_exports e ON e.id = x.export_id WHERE x.device_id = d.id AND " \
	"e.state IN ('ready', 'delivered', 'expired')) AS handed_over_at"
#define DEV_JOIN " FROM sip_devices d JOIN sip_regions r ON r.id = d.region_id"
#define LIKE(c) c " LIKE ?1 ESCAPE '\\'"
#define DEV_FROM DEV_JOIN " WHERE (?1 IS NULL OR " LIKE("d.user_name") \
	" OR " LIKE("d.user_email") " OR " LIKE("d.extension") " OR " \
	LIKE("d.did") " OR " LIKE("d.manufacturer") " OR " LIKE("d.model") \
	" OR " LIKE("d.purpose") " OR " LIKE("r.name") " OR " \
	LIKE("d.sip_name") ")"
/* A key and a tie-breaker, both turned by the order asked for. */
#define PAGE2(a, b) \
	"SELECT " DEV_COLS DEV_FROM " ORDER BY " a " ASC, " b " ASC " \
	"LIMIT ?2 OFFSET ?3", \
	"SELECT " DEV_COLS DEV_FROM " ORDER BY " a " DESC, " b " DESC " \
	"LIMIT ?2 OFFSET ?3"
/* Extensions sort as numbers of their length first. */
#define BY_NUMBER(c) "length(" c "), " c

const char *const sip_device_sort_keys[] = {
	"extension", "user_name", "did", "manufacturer", "model", "region",
	"flagged", "sip_name", "replace_by", "purpose", NULL
};

static const char *const sql_page[] = {
	PAGE2("length(d.extension)", "d.extension"),
	PAGE2("d.user_name COLLATE NOCASE", "d.id"),
	PAGE2("d.did", "d.id"),
	PAGE2("d.manufacturer || ' ' || d.model COLLATE NOCASE", "d.id"),
	PAGE2("d.model COLLATE NOCASE", "d.id"),
	PAGE2("r.name COLLATE NOCASE", "d.id"),
	PAGE2("NOT " MET, "d.id"),
	PAGE2("d.sip_name", "d.id"),
	PAGE2("d.replace_by", "d.id"),
	PAGE2("d.purpose COLLATE NOCASE", "d.id"),
};
static const char sql_count[] = "SELECT count(*)" DEV_FROM;
static const char sql_get[] = "SELECT " DEV_COLS DEV_JOIN " WHERE d.id = ?1";
#define DEV_VALUES "user_name = ?2, user_email = ?3, extension = ?4, " \
	"did = ?5, manufacturer = ?6, model = ?7, purpose = ?8, " \
	"region_id = ?9, replace_by = ?10, req_supported = ?11, " \
	"req_tls = ?12, req_fqdn = ?13, req_naptr = ?14, req_sip_name = ?15, " \
	"req_password = ?16"
static const char sql_insert[] = "INSERT INTO sip_devices (user_name, "
    "user_email, extension, did, manufacturer, model, purpose, region_id, "
    "replace_by, req_supported, req_tls, req_fqdn, req_naptr, "
    "req_sip_name, req_password, sip_name, sip_password) VALUES (?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
static const char sql_update[] = "UPDATE sip_devices SET " DEV_VALUES
    ", updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM sip_devices WHERE id = ?1";
static const char sql_set_credential[] = "UPDATE sip_devices SET "
    "sip_name = ?2, sip_password = ?3, credential_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), updated_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
static const char sql_secret[] = "SELECT sip_password FROM sip_devices "
    "WHERE id = ?1";
static const char sql_ext_holder[] = "SELECT id, user_name, extension FROM "
    "sip_devices WHERE extension = ?1 AND id <> ?2";
static const char sql_did_holder[] = "SELECT id, user_name, extension FROM "
    "sip_devices WHERE did = ?1 AND id <> ?2";
static const char sql_for_export[] = "SELECT d.id, d.user_name, "
    "d.extension, d.did, d.manufacturer, d.model, r.name AS region, "
    "r.border_proxy, d.sip_name, d.sip_password AS sealed, NOT " MET
    " AS \"flagged:bool\", " REQUIREMENTS DEV_JOIN " WHERE d.id IN (SELECT value "
    "FROM json_each(?1)) ORDER BY " BY_NUMBER("d.extension") ", d.id";

static const char sql_regions[] = "SELECT r.id, r.name, r.border_proxy, "
    "(SELECT count(*) FROM sip_devices d WHERE d.region_id = r.id) AS "
    "devices FROM sip_regions r ORDER BY r.name COLLATE NOCASE";
static const char sql_region_get[] = "SELECT r.id, r.name, r.border_proxy, "
    "(SELECT count(*) FROM sip_devices d WHERE d.region_id = r.id) AS "
    "devices FROM sip_regions r WHERE r.id = ?1";
static const char sql_region_find[] = "SELECT id FROM sip_regions WHERE "
    "name = ?1";
static const char sql_region_insert[] = "INSERT INTO sip_regions (name, "
    "border_proxy) VALUES (?2, ?3)";
static const char sql_region_update[] = "UPDATE sip_regions SET name = ?2, "
    "border_proxy = ?3 WHERE id = ?1";
static const char sql_region_delete[] = "DELETE FROM sip_regions WHERE "
    "id = ?1";

#define HANDLER_COLS "h.id, h.name, h.organisation, h.phone, h.email, " \
	"(SELECT count(*) FROM sip_exports e WHERE e.handler_id = h.id) AS " \
	"exports"
static const char sql_handlers[] = "SELECT " HANDLER_COLS " FROM "
    "sip_data_handlers h ORDER BY h.name COLLATE NOCASE";
static const char sql_handler_get[] = "SELECT " HANDLER_COLS " FROM "
    "sip_data_handlers h WHERE h.id = ?1";
static const char sql_handler_insert[] = "INSERT INTO sip_data_handlers "
    "(name, organisation, phone, email) VALUES (?2, ?3, ?4, ?5)";
static const char sql_handler_update[] = "UPDATE sip_data_handlers SET "
    "name = ?2, organisation = ?3, phone = ?4, email = ?5 WHERE id = ?1";
static const char sql_handler_delete[] = "DELETE FROM sip_data_handlers "
    "WHERE id = ?1";

static const char *const req_keys[] = {
	"supported", "tls", "border_proxy_fqdn", "naptr", "sip_name_dash",
	"alphanumeric_password",
};

static const char *
text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

json_t *
sip_device_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_count, sql_page[lq->sort * 2 +
	    lq->desc], lq);
}

json_t *
sip_device_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get, id);
}

int
sip_device_store_put(struct db *db, int64_t id, json_t *device,
    int64_t region_id, const char *sip_name, const char *sealed,
    int64_t *out)
{
	static const char *const texts[] = {
		"user_name", "user_email", "extension", "did", "manufacturer",
		"model", "purpose",
	};
	json_t *req = json_object_get(device, "requirements");
	sqlite3_stmt *st = db_stmt(db, id ? sql_update : sql_insert);
	size_t i;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	for (i = 0; i < 7; i++)
		db_bind_text(st, 2 + (int)i, text(device, texts[i]));
	sqlite3_bind_int64(st, 9, region_id);
	db_bind_text(st, 10, text(device, "replace_by"));
	for (i = 0; i < 6; i++)
		sqlite3_bind_int(st, 11 + (int)i, json_is_true(json_object_get(
		    req, req_keys[i])));
	if (!id) {
		db_bind_text(st, 17, sip_name);
		db_bind_text(st, 18, sealed);
	}
	rc = id ? db_run_changed(db, st) : db_run(db, st);
	if (rc == DB_OK)
		*out = id ? id : sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
sip_device_store_delete(struct db *db, int64_t id)
{
	return db_run_by_id(db, sql_delete, id);
}

int
sip_device_store_set_credential(struct db *db, int64_t id,
    const char *sip_name, const char *sealed)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_credential);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, sip_name);
	db_bind_text(st, 3, sealed);
	return db_run_changed(db, st);
}

char *
sip_device_store_secret(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_secret);

	sqlite3_bind_int64(st, 1, id);
	return db_get_text(st);
}

json_t *
sip_device_store_holder(struct db *db, bool did, const char *number,
    int64_t except)
{
	sqlite3_stmt *st = db_stmt(db, did ? sql_did_holder : sql_ext_holder);

	db_bind_text(st, 1, number);
	sqlite3_bind_int64(st, 2, except);
	return db_get_json(st);
}

json_t *
sip_device_store_for_export(struct db *db, const char *ids)
{
	sqlite3_stmt *st = db_stmt(db, sql_for_export);
	json_t *rows;

	db_bind_text(st, 1, ids);
	rows = db_rows_json(st);
	db_done(st);
	return rows;
}

json_t *
sip_region_store_list(struct db *db)
{
	return db_rows(db, sql_regions);
}

json_t *
sip_region_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_region_get, id);
}

int64_t
sip_region_store_find(struct db *db, const char *name)
{
	return db_id_by_text(db, sql_region_find, name);
}

/* Insert (id 0) or update a row of two or four text columns. */
static int
put_row(struct db *db, const char *insert, const char *update, int64_t id,
    json_t *o, const char *const *keys, int nkeys, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, id ? update : insert);
	int i, rc;

	sqlite3_bind_int64(st, 1, id);
	for (i = 0; i < nkeys; i++)
		db_bind_text(st, 2 + i, text(o, keys[i]));
	rc = id ? db_run_changed(db, st) : db_run(db, st);
	if (rc == DB_OK)
		*out = id ? id : sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
sip_region_store_put(struct db *db, int64_t id, json_t *region,
    int64_t *out)
{
	static const char *const keys[] = { "name", "border_proxy" };

	return put_row(db, sql_region_insert, sql_region_update, id, region,
	    keys, 2, out);
}

int
sip_region_store_delete(struct db *db, int64_t id)
{
	return db_run_by_id(db, sql_region_delete, id);
}

json_t *
sip_handler_store_list(struct db *db)
{
	return db_rows(db, sql_handlers);
}

json_t *
sip_handler_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_handler_get, id);
}

int
sip_handler_store_put(struct db *db, int64_t id, json_t *handler,
    int64_t *out)
{
	static const char *const keys[] = {
		"name", "organisation", "phone", "email",
	};

	return put_row(db, sql_handler_insert, sql_handler_update, id, handler,
	    keys, 4, out);
}

int
sip_handler_store_delete(struct db *db, int64_t id)
{
	return db_run_by_id(db, sql_handler_delete, id);
}
