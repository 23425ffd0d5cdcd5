/* Switchboard — provisioning server storage. */
#include "provision_store.h"

#include <stdio.h>
#include <string.h>

#include "../server/lib/util.h"
#include "phone_store.h"
#include "sighting_store.h"

static const char sql_by_mac[] = "SELECT id FROM phones WHERE address = ?1";
static const char sql_by_name[] = "SELECT p.id FROM phones p JOIN "
    "phone_models m ON m.id = p.model_id WHERE m.family = 'softphone' AND "
    "p.address = ?1 COLLATE NOCASE";
static const char sql_by_guid[] = "SELECT id FROM phones WHERE guid = ?1";
static const char sql_keys[] = "SELECT p.id, p.guid, p.active AS "
    "\"active:bool\", p.prov_proven AS \"prov_proven:bool\", "
    "p.registration_group_id, p.location_id, p.firmware_version, p.address "
    "AS mac, p.config_fetched_at, p.model_id, m.family, m.name AS model, "
    "g.name AS registration_group, p.custom_attributes AS "
    "\"custom_attributes:json\" FROM phones p JOIN phone_models m ON "
    "m.id = p.model_id JOIN registration_groups g ON g.id = "
    "p.registration_group_id WHERE p.id = ?1";
static const char sql_station_creds[] = "SELECT sip_username, sip_password "
    "FROM stations WHERE id = ?1";
static const char sql_password[] = "SELECT prov_password FROM phones WHERE "
    "id = ?1";
static const char sql_upload_put[] = "INSERT INTO phone_uploads (mac, name, "
    "kind, content, client_address, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6) ON CONFLICT (mac, name) DO UPDATE SET content = ?4, "
    "client_address = ?5, updated_at = ?6";
static const char sql_upload_get[] = "SELECT content FROM phone_uploads "
    "WHERE mac = ?1 AND name = ?2";
static const char sql_uploads[] = "SELECT name, kind, length(content) AS "
    "size, client_address, updated_at FROM phone_uploads WHERE mac = ?1 "
    "ORDER BY name";
static const char sql_hit[] = "INSERT INTO provision_hits (hour, outcome, "
    "count) VALUES (?1, ?2, ?3) ON CONFLICT (hour, outcome) DO UPDATE SET "
    "count = count + ?3";
static const char sql_prune[] = "DELETE FROM provision_hits WHERE hour < ?1";

static int64_t
id_of(struct db *db, const char *sql, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t id = 0;

	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

int64_t
provision_store_by_mac(struct db *db, const char *mac)
{
	return id_of(db, sql_by_mac, mac);
}

int64_t
provision_store_by_computer_name(struct db *db, const char *name)
{
	return id_of(db, sql_by_name, name);
}

int64_t
provision_store_by_guid(struct db *db, const char *guid)
{
	return id_of(db, sql_by_guid, guid);
}

json_t *
provision_store_keys(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_keys, id);
}

char *
provision_store_password(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_password);

	sqlite3_bind_int64(st, 1, id);
	return db_get_text(st);
}

int
provision_store_upload_put(struct db *db, const char *mac, const char *name,
    const char *kind, const char *data, size_t len, const char *client)
{
	sqlite3_stmt *st = db_stmt(db, sql_upload_put);

	db_bind_text(st, 1, mac);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, kind);
	sqlite3_bind_blob(st, 4, data, (int)len, SQLITE_TRANSIENT);
	db_bind_text(st, 5, client);
	sqlite3_bind_int64(st, 6, now_unix());
	return db_run(db, st);
}

char *
provision_store_upload_get(struct db *db, const char *mac, const char *name,
    size_t *len)
{
	sqlite3_stmt *st = db_stmt(db, sql_upload_get);

	db_bind_text(st, 1, mac);
	db_bind_text(st, 2, name);
	return db_get_blob(st, len);
}

json_t *
provision_store_uploads(struct db *db, const char *mac)
{
	sqlite3_stmt *st = db_stmt(db, sql_uploads);
	json_t *rows;

	db_bind_text(st, 1, mac);
	rows = db_rows_json(st);
	db_done(st);
	return rows;
}

void
provision_store_hit(struct db *db, const char *outcome, int n)
{
	sqlite3_stmt *st = db_stmt(db, sql_hit);
	int64_t hour = now_unix() / 3600;

	sqlite3_bind_int64(st, 1, hour);
	db_bind_text(st, 2, outcome);
	sqlite3_bind_int(st, 3, n);
	db_run(db, st);
	if (now_unix() % 3600 == 0) {	/* now and then */
		st = db_stmt(db, sql_prune);
		sqlite3_bind_int64(st, 1, hour - 8 * 24);
		db_run(db, st);
	}
}

int
provision_store_station_creds(struct db *db, int64_t station_id, char *user,
    size_t userlen, char **sealed)
{
	sqlite3_stmt *st = db_stmt(db, sql_station_creds);
	int rc = DB_NOTFOUND;

	*sealed = NULL;
	sqlite3_bind_int64(st, 1, station_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(user, userlen, "%s", sqlite3_column_text(st, 0) ?
		    (const char *)sqlite3_column_text(st, 0) : "");
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*sealed = xstrdup((const char *)sqlite3_column_text(st,
			    1));
		rc = DB_OK;
	}
	db_done(st);
	return rc;
}

/* A class is named by the first maker of its prefix, as
 * provision_store_vendor_prefixes names them. */
static const char sql_recovery[] = "SELECT DISTINCT (SELECT m2.name FROM "
    "manufacturers m2 WHERE m2.mac_prefixes = ma.mac_prefixes ORDER BY "
    "m2.id LIMIT 1) FROM phone_models m JOIN manufacturers ma ON ma.id = "
    "m.manufacturer_id WHERE m.firmware_image != ''";
static const char sql_boot_images[] = "SELECT DISTINCT "
    "lower(m.firmware_image) FROM phone_models m WHERE m.firmware_image != "
    "'' AND (?1 OR EXISTS (SELECT 1 FROM phones p WHERE p.model_id = m.id)) "
    "ORDER BY 1";
static const char sql_prefixes[] = "SELECT name, mac_prefixes FROM "
    "manufacturers ORDER BY id";

json_t *
provision_store_recovery_makers(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_recovery);
	json_t *out = json_object();

	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0))
			json_object_set_new(out, (const char *)
			    sqlite3_column_text(st, 0), json_true());
	db_done(st);
	return out;
}

json_t *
provision_store_boot_images(struct db *db, bool all)
{
	sqlite3_stmt *st = db_stmt(db, sql_boot_images);
	json_t *out = json_array();

	sqlite3_bind_int(st, 1, all);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(out, json_string((const char *)
		    sqlite3_column_text(st, 0)));
	db_done(st);
	return out;
}

json_t *
provision_store_vendor_prefixes(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_prefixes);
	json_t *out = json_object(), *seen = json_object();

	/* Genesys phones share AudioCodes' prefix: one class for both. */
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *pre = (const char *)sqlite3_column_text(st, 1);

		if (pre == NULL || pre[0] == '\0' || json_object_get(seen, pre))
			continue;
		json_object_set_new(seen, pre, json_true());
		json_object_set_new(out, (const char *)sqlite3_column_text(st,
		    0), json_string(pre));
	}
	db_done(st);
	json_decref(seen);
	return out;
}

static const char sql_summary[] = "SELECT p.id, p.name, m.family, p.address, "
    "ma.name AS manufacturer, m.name AS model, m.firmware_image, "
    "p.custom_attributes AS \"custom_attributes:json\" FROM phones p JOIN "
    "phone_models m ON m.id = p.model_id JOIN manufacturers ma ON ma.id = "
    "m.manufacturer_id WHERE p.id = ?1";

json_t *
provision_store_phone_summary(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_summary, id);
}

static const char sql_dash_status[] = "SELECT " PHONE_STATUS_SHOWN("")
    " AS status, count(*) AS count FROM phones GROUP BY 1 ORDER BY 2 DESC";
static const char sql_dash_model[] = "SELECT ma.name || ' ' || m.name AS "
    "model, count(*) AS count FROM phones p JOIN phone_models m ON m.id = "
    "p.model_id JOIN manufacturers ma ON ma.id = m.manufacturer_id GROUP BY "
    "1 ORDER BY 2 DESC, 1 LIMIT 12";
static const char sql_dash_firmware[] = "SELECT p.firmware_version AS "
    "selected, coalesce(nullif(p.running_firmware, ''), 'unknown') AS "
    "running, count(*) AS count FROM phones p GROUP BY 1, 2 ORDER BY 3 DESC "
    "LIMIT 20";
static const char sql_dash_hits[] = "SELECT hour, outcome, count FROM "
    "provision_hits WHERE hour > ?1 ORDER BY hour";

static json_t *
rows_of(struct db *db, const char *sql, int64_t bind)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	json_t *rows;

	if (bind >= 0)
		sqlite3_bind_int64(st, 1, bind);
	rows = db_rows_json(st);
	db_done(st);
	return rows;
}

json_t *
provision_store_dashboard(struct db *db)
{
	json_t *provisional = sighting_store_unadopted(db);
	json_t *out = json_pack("{s:o,s:o,s:o,s:O,s:o}", "by_status",
	    rows_of(db, sql_dash_status, -1), "by_model", rows_of(db,
	    sql_dash_model, -1), "firmware", rows_of(db, sql_dash_firmware,
	    -1), "provisional", json_object_get(provisional, "total"), "hits",
	    rows_of(db, sql_dash_hits, now_unix() / 3600 - 24));

	json_decref(provisional);
	return out;
}


