/* Switchboard — managed IP phones and their station appearances. */
#include "phone_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"
#include "import_store.h"

/* A MAC in any written form: the filter and the address compared without
 * their separators (0004F2300001, 00-04-f2-30-00-01, 0004.f230.0001). */
#define PHONE_MAC_MATCH "replace(p.address, ':', '') LIKE " \
	"replace(replace(replace(replace(?1, ':', ''), '-', ''), '.', ''), " \
	"' ', '') ESCAPE '\\'"

/* The container view: the seed's columns. */
#define PHONE_COLS "p.id, p.name, " PHONE_STATUS_SHOWN("p.") " AS status, " \
	"coalesce(p.address, '') AS address, ma.name || ' ' || m.name AS phone, " \
	"coalesce(p.running_firmware, '') AS software_version, " \
	"p.active AS \"active:bool\", l.name AS location, p.time_zone"
#define PHONE_FROM " FROM phones p JOIN phone_models m ON m.id = p.model_id " \
	"JOIN manufacturers ma ON ma.id = m.manufacturer_id " \
	"JOIN locations l ON l.id = p.location_id " \
	"WHERE (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\' OR " \
	"p.address LIKE ?1 ESCAPE '\\' OR " PHONE_MAC_MATCH " OR " \
	"m.name LIKE ?1 ESCAPE '\\' OR " \
	"ma.name LIKE ?1 ESCAPE '\\' OR p.status LIKE ?1 ESCAPE '\\' OR " \
	"l.name LIKE ?1 ESCAPE '\\' OR EXISTS (SELECT 1 FROM stations s " \
	"WHERE s.phone_id = p.id AND (s.extension LIKE ?1 ESCAPE '\\' OR " \
	"s.label LIKE ?1 ESCAPE '\\' OR s.identification_address LIKE ?1 " \
	"ESCAPE '\\')))"
#define PHONE_PAGE(col) \
	"SELECT " PHONE_COLS PHONE_FROM " ORDER BY " col " ASC, p.id " \
	"LIMIT ?2 OFFSET ?3", \
	"SELECT " PHONE_COLS PHONE_FROM " ORDER BY " col " DESC, p.id " \
	"LIMIT ?2 OFFSET ?3"

const char *const phone_store_sort_keys[] = {
	"name", "status", "address", "phone", "software_version", "active",
	"location", "time_zone", NULL
};

static const char *const sql_page[] = {
	PHONE_PAGE("p.name"), PHONE_PAGE("status"), PHONE_PAGE("p.address"),
	PHONE_PAGE("phone"), PHONE_PAGE("software_version"),
	PHONE_PAGE("p.active"), PHONE_PAGE("l.name"),
	PHONE_PAGE("p.time_zone"),
};
static const char sql_count[] = "SELECT count(*)" PHONE_FROM;

static const char sql_model[] = "SELECT m.id, ma.name, m.name, m.family, "
    "m.address_kind, ma.mac_prefixes, m.languages, m.srtp, "
    "m.selectable_firmware, m.standalone_allowed, m.max_registrations "
    "FROM phone_models m JOIN manufacturers ma ON ma.id = m.manufacturer_id "
    "WHERE ma.name = ?1 COLLATE NOCASE AND m.match_key = ?2";
static const char sql_has_fw[] = "SELECT 1 FROM model_firmware mf JOIN "
    "firmware_versions f ON f.id = mf.firmware_id WHERE mf.model_id = ?1 "
    "AND f.version = ?2";
static const char sql_group[] = "SELECT id, kind, (SELECT count(*) FROM "
    "registrations r WHERE r.group_id = g.id), (SELECT r.type = 'dns_srv' "
    "FROM registrations r WHERE r.group_id = g.id ORDER BY r.position "
    "LIMIT 1) FROM registration_groups g WHERE name = ?1";
static const char sql_location[] = "SELECT id FROM locations WHERE name = ?1";
static const char sql_name_taken[] = "SELECT 1 FROM phones WHERE name = ?1 "
    "AND id <> ?2";
static const char sql_addr_taken[] = "SELECT 1 FROM phones WHERE "
    "address = ?1 AND id <> ?2";
static const char sql_ext_taken[] = "SELECT 1 FROM stations WHERE "
    "extension = ?1 AND phone_id <> ?2 AND id <> ?3";
static const char sql_license_total[] = "SELECT total FROM license_pools "
    "WHERE name = ?1";
static const char sql_license_used[] = "SELECT count(*) FROM stations s, "
    "json_each(s.licenses) j WHERE j.value = ?1 AND s.phone_id <> ?2";
static const char sql_classification[] = "SELECT 1 FROM "
    "dial_plan_classifications WHERE name = ?1";
static const char sql_secret[] = "SELECT sip_password FROM stations WHERE "
    "id = ?1 AND phone_id = ?2";
static const char sql_insert[] = "INSERT INTO phones (name, active, type, "
    "model_id, address, registration_group_id, location_id, "
    "firmware_version, audio_protocol, time_zone, language, options, "
    "advanced_options, custom_attributes, created_at, updated_at, "
    "template_id, status, prov_password, guid) VALUES (?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, "
    PHONE_STATUS_NEW("?6") ", ?18, "
    "lower(hex(randomblob(16))))";
/* A phone that has fetched its files needs a reboot to take changes. */
static const char sql_update[] = "UPDATE phones SET name = ?2, active = ?3, "
    "type = ?4, model_id = ?5, address = ?6, registration_group_id = ?7, "
    "location_id = ?8, firmware_version = ?9, audio_protocol = ?10, "
    "time_zone = ?11, language = ?12, options = ?13, advanced_options = ?14, "
    "custom_attributes = ?15, updated_at = ?16, template_id = ?17, "
    "reboot_pending = CASE WHEN last_contact IS NOT NULL THEN 1 "
    "ELSE reboot_pending END, "
    "status = " PHONE_STATUS_EDITED("?6") " WHERE id = ?1";
/* Stations are updated in place so their ids (which shared appearances
 * point at) survive an edit: park the positions, drop the ones no longer
 * listed, update the kept ones, insert the new ones. */
static const char sql_park_stations[] = "UPDATE stations SET position = "
    "-id WHERE phone_id = ?1";
static const char sql_drop_station[] = "DELETE FROM stations WHERE "
    "phone_id = ?1 AND id NOT IN (SELECT value FROM json_each(?2))";
/* The one place of the seed's rule "blank Label → the phone's name
 * (Polycom)", for a phone saved alone and for the Assistant's commit. */
#define STATION_LABEL(label, family, name) "CASE WHEN " label " <> '' " \
	"THEN " label " WHEN " family " = 'polycom' THEN " name " ELSE '' END"

/* A kept station may come from another phone ("Existing Station…"):
 * phone_id follows it here. The licenses it still waits for are those
 * it does not hold now. */
static const char sql_station_update[] = "UPDATE stations SET phone_id = "
    "?1, position = ?2, extension = ?3, label = " STATION_LABEL("?4", "?15",
    "?16") ", identification_address = ?5, "
    "line_keys = ?6, calls_per_line_key = ?7, station_type = ?8, "
    "sip_username = ?9, sip_password = ?10, sharable = ?11, licenses = ?12, "
    "access_control = ?13, auto_conference_pin = ?17, call_forwarding = "
    "?18, station_options = ?19, licenses_missing = (SELECT "
    "json_group_array(m.value) FROM json_each(licenses_missing) m WHERE "
    "m.value NOT IN (SELECT value FROM json_each(?12))) WHERE id = ?14";
static const char sql_station[] = "INSERT INTO stations (phone_id, position, "
    "extension, label, identification_address, line_keys, "
    "calls_per_line_key, station_type, sip_username, sip_password, sharable, "
    "licenses, access_control, auto_conference_pin, call_forwarding, "
    "station_options) VALUES (?1, ?2, ?3, "
    STATION_LABEL("?4", "?15", "?16") ", ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?17, ?18, ?19)";
/* The phone an existing station leaves: its files change. */
static const char sql_station_leaves[] = "UPDATE phones SET reboot_pending "
    "= CASE WHEN last_contact IS NOT NULL THEN 1 ELSE reboot_pending END, "
    "updated_at = ?3 WHERE id = (SELECT phone_id FROM stations WHERE "
    "id = ?1) AND id <> ?2";
static const char sql_get[] = "SELECT p.id, p.name, p.active AS "
    "\"active:bool\", p.type, p.template_id, (SELECT t.name FROM templates "
    "t WHERE t.id = p.template_id) AS template, ma.name AS manufacturer, "
    "m.name AS model, m.family, p.address, g.name AS registration_group, "
    "l.name AS location, p.firmware_version, p.audio_protocol, p.time_zone, "
    "p.language, " PHONE_OPTIONS_SQL("p.options", "m.family", "options")
    " AS \"options:json\", " PHONE_OPTIONS_SQL("p.advanced_options",
    "m.family", "advanced_options") " AS \"advanced_options:json\", "
    "p.custom_attributes AS "
    "\"custom_attributes:json\", " PHONE_STATUS_SHOWN("p.") " AS status, "
    "p.last_contact, "
    "p.user_agent, p.running_firmware, p.client_address, "
    "p.config_fetched_at, p.created_at, p.updated_at "
    "FROM phones p JOIN phone_models m ON m.id = p.model_id "
    "JOIN manufacturers ma ON ma.id = m.manufacturer_id "
    "JOIN registration_groups g ON g.id = p.registration_group_id "
    "JOIN locations l ON l.id = p.location_id WHERE p.id = ?1";
#define STATION_COLS "s.id, s.position, s.extension, s.label, " \
	"s.identification_address, s.line_keys, s.calls_per_line_key, " \
	"s.station_type, s.sip_username, s.sharable AS \"sharable:bool\", " \
	"s.licenses AS \"licenses:json\", s.access_control AS " \
	"\"access_control:json\""
/* The phone's own record adds the Station Configuration extras (the
 * PIN stays out of the Stations list and its exports). */
#define STATION_RECORD "SELECT " STATION_COLS ", s.auto_conference_pin, " \
	"s.call_forwarding AS \"call_forwarding:json\", s.station_options AS " \
	"\"station_options:json\", s.licenses_missing AS " \
	"\"licenses_missing:json\" FROM stations s "
static const char sql_stations[] = STATION_RECORD "WHERE s.phone_id = ?1 "
    "ORDER BY s.position";
static const char sql_station_get[] = STATION_RECORD "WHERE s.id = ?1";
/* The Stations view: every appearance with its phone, filtered by the
 * appearance's fields, the phone's name or its MAC in any written form. */
#define ST_FROM " FROM stations s JOIN phones p ON p.id = s.phone_id " \
	"JOIN phone_models m ON m.id = p.model_id JOIN manufacturers ma ON " \
	"ma.id = m.manufacturer_id WHERE (?1 IS NULL OR s.extension LIKE ?1 " \
	"ESCAPE '\\' OR s.label LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE " \
	"'\\' OR s.identification_address LIKE ?1 ESCAPE '\\' OR " \
	"s.sip_username LIKE ?1 ESCAPE '\\' OR " PHONE_MAC_MATCH ")"
#define ST_PAGE(col) \
	"SELECT " STATION_COLS ", p.id AS phone_id, p.name AS phone, " \
	"ma.name || ' ' || m.name AS model, coalesce(p.address, '') AS " \
	"address, " PHONE_STATUS_SHOWN("p.") " AS status" ST_FROM \
	" ORDER BY " col " ASC, s.id LIMIT ?2 OFFSET ?3", \
	"SELECT " STATION_COLS ", p.id AS phone_id, p.name AS phone, " \
	"ma.name || ' ' || m.name AS model, coalesce(p.address, '') AS " \
	"address, " PHONE_STATUS_SHOWN("p.") " AS status" ST_FROM \
	" ORDER BY " col " DESC, s.id LIMIT ?2 OFFSET ?3"
static const char sql_st_count[] = "SELECT count(*)" ST_FROM;

const char *const phone_store_station_sort_keys[] = {
	"extension", "label", "identification_address", "sip_username",
	"phone", "model", "address", NULL
};

static const char *const sql_st_page[] = {
	ST_PAGE("s.extension"), ST_PAGE("s.label"),
	ST_PAGE("s.identification_address"), ST_PAGE("s.sip_username"),
	ST_PAGE("p.name"), ST_PAGE("model"), ST_PAGE("p.address"),
};
static const char sql_delete[] = "DELETE FROM phones WHERE id = ?1";
static const char sql_family_options[] = "INSERT INTO family_options "
    "(family, options, advanced_options) VALUES (?1, ?2, ?3) ON CONFLICT "
    "(family) DO UPDATE SET options = excluded.options, advanced_options = "
    "excluded.advanced_options";
static const char sql_share_info[] = "SELECT phone_id, sharable FROM "
    "stations WHERE id = ?1";
static const char sql_share_count[] = "SELECT count(*) FROM "
    "shared_appearances WHERE station_id = ?1";
static const char sql_ext_secret[] = "SELECT auth_password FROM "
    "external_registrations WHERE phone_id = ?1 AND position = ?2";
static const char sql_clear_shared[] = "DELETE FROM shared_appearances "
    "WHERE phone_id = ?1";
static const char sql_clear_ext[] = "DELETE FROM external_registrations "
    "WHERE phone_id = ?1";
static const char sql_shared_insert[] = "INSERT INTO shared_appearances "
    "(phone_id, position, station_id, label, line_keys) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_ext_insert[] = "INSERT INTO external_registrations "
    "(phone_id, position, label, identification_address, "
    "registration_group_id, line_keys, calls_per_line_key, auth_username, "
    "auth_password, display_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10)";
static const char sql_shared_get[] = "SELECT sa.position, sa.station_id, "
    "sa.label, sa.line_keys, s.extension, p.name AS phone FROM "
    "shared_appearances sa JOIN stations s ON s.id = sa.station_id "
    "JOIN phones p ON p.id = s.phone_id WHERE sa.phone_id = ?1 "
    "ORDER BY sa.position";
static const char sql_ext_get[] = "SELECT e.position, e.label, "
    "e.identification_address, g.name AS registration_group, "
    "e.registration_group_id, e.line_keys, "
    "e.calls_per_line_key, e.auth_username, (e.auth_password IS NOT NULL) "
    "AS \"use_external_authentication:bool\", e.display_name FROM "
    "external_registrations e JOIN registration_groups g ON "
    "g.id = e.registration_group_id WHERE e.phone_id = ?1 "
    "ORDER BY e.position";

static void
text_col(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	snprintf(dst, cap, "%s", v ? (const char *)v : "");
}

int
catalog_store_find_model(struct db *db, const char *manufacturer,
    const char *match_key, struct catalog_model *m)
{
	sqlite3_stmt *st = db_stmt(db, sql_model);
	int rc = DB_NOTFOUND;

	db_bind_text(st, 1, manufacturer);
	db_bind_text(st, 2, match_key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(st, 0);
		text_col(m->manufacturer, sizeof(m->manufacturer), st, 1);
		text_col(m->name, sizeof(m->name), st, 2);
		text_col(m->family, sizeof(m->family), st, 3);
		text_col(m->address_kind, sizeof(m->address_kind), st, 4);
		text_col(m->mac_prefixes, sizeof(m->mac_prefixes), st, 5);
		text_col(m->languages, sizeof(m->languages), st, 6);
		m->srtp = sqlite3_column_int(st, 7) != 0;
		m->selectable_firmware = sqlite3_column_int(st, 8) != 0;
		m->standalone_allowed = sqlite3_column_int(st, 9) != 0;
		m->max_registrations = sqlite3_column_int(st, 10);
		rc = DB_OK;
	}
	db_done(st);
	return rc;
}

bool
catalog_store_model_has_firmware(struct db *db, int64_t model_id,
    const char *version)
{
	sqlite3_stmt *st = db_stmt(db, sql_has_fw);

	sqlite3_bind_int64(st, 1, model_id);
	db_bind_text(st, 2, version);
	return db_exists(st);
}

int64_t
phone_store_group_by_name(struct db *db, const char *name, char kind[16],
    int *nregs, bool *dns_srv)
{
	sqlite3_stmt *st = db_stmt(db, sql_group);
	int64_t id = 0;

	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		text_col(kind, 16, st, 1);
		*nregs = sqlite3_column_int(st, 2);
		if (dns_srv)
			*dns_srv = sqlite3_column_int(st, 3) != 0;
	}
	db_done(st);
	return id;
}

/* The id that sql ("SELECT id … WHERE name = ?1") finds, or 0. */
int64_t
phone_store_location_by_name(struct db *db, const char *name)
{
	return db_id_by_text(db, sql_location, name);
}

static bool
taken(struct db *db, const char *sql, const char *value, int64_t except)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	db_bind_text(st, 1, value);
	sqlite3_bind_int64(st, 2, except);
	return db_exists(st);
}

bool
phone_store_name_taken(struct db *db, const char *name, int64_t except_id)
{
	return taken(db, sql_name_taken, name, except_id);
}

bool
phone_store_address_taken(struct db *db, const char *address,
    int64_t except_id)
{
	return taken(db, sql_addr_taken, address, except_id);
}

bool
phone_store_extension_taken(struct db *db, const char *extension,
    int64_t except_phone, int64_t except_station)
{
	sqlite3_stmt *st = db_stmt(db, sql_ext_taken);

	db_bind_text(st, 1, extension);
	sqlite3_bind_int64(st, 2, except_phone);
	sqlite3_bind_int64(st, 3, except_station);
	return db_exists(st);
}

int
phone_store_license_use(struct db *db, const char *license,
    int64_t except_phone, int64_t *total, int64_t *used)
{
	sqlite3_stmt *st = db_stmt(db, sql_license_total);
	int rc = DB_NOTFOUND;

	db_bind_text(st, 1, license);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*total = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 0);
		rc = DB_OK;
	}
	db_done(st);
	if (rc != DB_OK)
		return rc;
	*used = 0;
	if (*total < 0)		/* no limit (Basic Station): nothing to count */
		return DB_OK;
	st = db_stmt(db, sql_license_used);
	db_bind_text(st, 1, license);
	sqlite3_bind_int64(st, 2, except_phone);
	*used = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return DB_OK;
}

bool
phone_store_classification_exists(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, sql_classification);

	db_bind_text(st, 1, name);
	return db_exists(st);
}

char *
phone_store_station_secret(struct db *db, int64_t station_id,
    int64_t phone_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_secret);

	sqlite3_bind_int64(st, 1, station_id);
	sqlite3_bind_int64(st, 2, phone_id);
	return db_get_text(st);
}

static void
bind_phone(sqlite3_stmt *st, const struct phone_in *p)
{
	db_bind_text(st, 2, p->name);
	sqlite3_bind_int(st, 3, p->active);
	db_bind_text(st, 4, p->type);
	sqlite3_bind_int64(st, 5, p->model.id);
	db_bind_text(st, 6, p->address[0] ? p->address : NULL);
	sqlite3_bind_int64(st, 7, p->registration_group_id);
	sqlite3_bind_int64(st, 8, p->location_id);
	db_bind_text(st, 9, p->firmware_version);
	db_bind_text(st, 10, p->audio_protocol);
	db_bind_text(st, 11, p->time_zone);
	db_bind_text(st, 12, p->language);
	db_bind_text(st, 13, p->options);
	db_bind_text(st, 14, p->advanced_options);
	db_bind_text(st, 15, p->custom_attributes);
	sqlite3_bind_int64(st, 16, now_unix());
	if (p->template_id)
		sqlite3_bind_int64(st, 17, p->template_id);
}

const char *
phone_store_station_type(const struct phone_in *p)
{
	return strcmp(p->type, "stand-alone") == 0 ?
	    "Managed Stand-alone Phone" : "Managed Workstation";
}

/* Station station_id comes to phone id: the phone it leaves (if another)
 * needs its files again. */
static int
station_leaves(struct db *db, int64_t station_id, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_station_leaves);

	sqlite3_bind_int64(st, 1, station_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, now_unix());
	return db_run(db, st);
}

int
phone_store_save(struct db *db, int64_t id, const struct phone_in *p,
    int64_t *new_id)
{
	sqlite3_stmt *st;
	int i, rc;

	st = db_stmt(db, id ? sql_update : sql_insert);
	bind_phone(st, p);
	if (!id)
		db_bind_text(st, 18, p->sealed_prov_password);
	if (id) {
		json_t *kept = json_array();
		char *text;

		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_run_changed(db, st)) != DB_OK) {
			json_decref(kept);
			return rc;
		}
		for (i = 0; i < p->nstations; i++)
			if (p->stations[i].keep_id)
				json_array_append_new(kept, json_integer(
				    p->stations[i].keep_id));
		text = json_dumps(kept, JSON_COMPACT);
		json_decref(kept);
		st = db_stmt(db, sql_drop_station);
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, text);
		free(text);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
		st = db_stmt(db, sql_park_stations);
		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	} else {
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
		id = sqlite3_last_insert_rowid(db_handle(db));
	}
	for (i = 0; i < p->nstations; i++) {
		const struct station_in *s = &p->stations[i];

		if (s->keep_id && (rc = station_leaves(db, s->keep_id, id)) !=
		    DB_OK)
			return rc;
		st = db_stmt(db, s->keep_id ? sql_station_update : sql_station);
		if (s->keep_id)
			sqlite3_bind_int64(st, 14, s->keep_id);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		db_bind_text(st, 3, s->extension[0] ? s->extension : NULL);
		db_bind_text(st, 4, s->label);
		db_bind_text(st, 5, s->identification_address);
		sqlite3_bind_int(st, 6, s->line_keys);
		sqlite3_bind_int(st, 7, s->calls_per_line_key);
		db_bind_text(st, 8, phone_store_station_type(p));
		db_bind_text(st, 9, s->sip_username);
		db_bind_text(st, 10, s->sealed_password);
		sqlite3_bind_int(st, 11, s->sharable);
		db_bind_text(st, 12, s->licenses);
		db_bind_text(st, 13, s->access_control);
		db_bind_text(st, 15, p->model.family);
		db_bind_text(st, 16, p->name);
		db_bind_text(st, 17, s->auto_conference_pin);
		db_bind_text(st, 18, s->call_forwarding ? s->call_forwarding :
		    "{}");
		db_bind_text(st, 19, s->station_options ? s->station_options :
		    "{}");
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	}
	st = db_stmt(db, sql_clear_shared);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	st = db_stmt(db, sql_clear_ext);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	for (i = 0; i < p->nshared; i++) {
		st = db_stmt(db, sql_shared_insert);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_int64(st, 3, p->shared[i].station_id);
		db_bind_text(st, 4, p->shared[i].label);
		sqlite3_bind_int(st, 5, p->shared[i].line_keys);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	}
	for (i = 0; i < p->nexternals; i++) {
		const struct external_in *e = &p->externals[i];

		st = db_stmt(db, sql_ext_insert);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		db_bind_text(st, 3, e->label);
		db_bind_text(st, 4, e->identification_address);
		sqlite3_bind_int64(st, 5, e->registration_group_id);
		sqlite3_bind_int(st, 6, e->line_keys);
		sqlite3_bind_int(st, 7, e->calls_per_line_key);
		db_bind_text(st, 8, e->auth_username[0] ? e->auth_username :
		    NULL);
		db_bind_text(st, 9, e->sealed_password);
		db_bind_text(st, 10, e->display_name);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	}
	if (new_id)
		*new_id = id;
	return DB_OK;
}

int
phone_store_station_share(struct db *db, int64_t station_id, int64_t *phone_id,
    bool *sharable)
{
	sqlite3_stmt *st = db_stmt(db, sql_share_info);
	int rc = DB_NOTFOUND;

	sqlite3_bind_int64(st, 1, station_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*phone_id = sqlite3_column_int64(st, 0);
		*sharable = sqlite3_column_int(st, 1) != 0;
		rc = DB_OK;
	}
	db_done(st);
	return rc;
}

int
phone_store_station_shared_count(struct db *db, int64_t station_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_share_count);
	int n = 0;

	sqlite3_bind_int64(st, 1, station_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_done(st);
	return n;
}

char *
phone_store_external_secret(struct db *db, int64_t phone_id, int position)
{
	sqlite3_stmt *st = db_stmt(db, sql_ext_secret);

	sqlite3_bind_int64(st, 1, phone_id);
	sqlite3_bind_int(st, 2, position);
	return db_get_text(st);
}

json_t *
phone_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_count,
	    sql_page[lq->sort * 2 + lq->desc], lq);
}

json_t *
phone_store_list_all(struct db *db, const struct db_list_query *lq)
{
	struct db_list_query all = *lq;

	all.limit = INT64_MAX;
	all.offset = 0;
	return phone_store_list(db, &all);
}

json_t *
phone_store_get(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);
	json_t *p;

	sqlite3_bind_int64(st, 1, id);
	if ((p = db_get_json(st)) == NULL)
		return NULL;
	st = db_stmt(db, sql_stations);
	sqlite3_bind_int64(st, 1, id);
	json_object_set_new(p, "stations", db_rows_json(st));
	db_done(st);
	st = db_stmt(db, sql_shared_get);
	sqlite3_bind_int64(st, 1, id);
	json_object_set_new(p, "shared_appearances", db_rows_json(st));
	db_done(st);
	st = db_stmt(db, sql_ext_get);
	sqlite3_bind_int64(st, 1, id);
	json_object_set_new(p, "external_registrations", db_rows_json(st));
	db_done(st);
	return p;
}

json_t *
phone_store_station_get(struct db *db, int64_t station_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_station_get);

	sqlite3_bind_int64(st, 1, station_id);
	return db_get_json(st);
}

json_t *
phone_store_stations(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_st_count,
	    sql_st_page[lq->sort * 2 + lq->desc], lq);
}

int
phone_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

void
phone_in_release(struct phone_in *p)
{
	int i;

	free(p->options);
	free(p->advanced_options);
	free(p->custom_attributes);
	free(p->sealed_prov_password);
	for (i = 0; i < p->nstations; i++) {
		if (p->stations[i].sealed_password)
			free(p->stations[i].sealed_password);
		free(p->stations[i].licenses);
		free(p->stations[i].access_control);
		free(p->stations[i].call_forwarding);
		free(p->stations[i].station_options);
	}
	for (i = 0; i < p->nexternals; i++)
		free(p->externals[i].sealed_password);
	memset(p, 0, sizeof(*p));
}

int
phone_store_set_family_options(struct db *db, const char *family,
    const char *options, const char *advanced_options)
{
	sqlite3_stmt *st = db_stmt(db, sql_family_options);

	db_bind_text(st, 1, family);
	db_bind_text(st, 2, options);
	db_bind_text(st, 3, advanced_options);
	return db_run(db, st);
}

/* ---- the Managed IP Phone Assistant's Commit Changes: every accepted
 * row of a list becomes a phone and its station appearance, set-based
 * (two INSERT … SELECT over the staged rows and the settings of their
 * shapes, temp.commit_shapes, filled by import_store_commit_shape). */

/* Every accepted row joined to the settings of its shape, in row order.
 * A phone's id is first_id - first_row + its row number: the ids of one
 * list rise with its rows (a rejected row leaves a gap), so stations find
 * their phone without a lookup. The guid (its file name) starts with that
 * id in hex, then 80 random bits: still unguessable, and its index grows
 * at one end instead of at random places 100,000 times. */
#define COMMIT_ROWS "FROM import_rows r JOIN temp.commit_shapes s USING (" \
	IMPORT_SHAPE_KEY ") WHERE r.import_id = ?1 AND r.accepted ORDER BY r.row_no"
#define PHONE_ID "(?2 + r.row_no)"
static const char sql_commit_phones[] = "INSERT INTO phones (id, name, "
    "active, type, model_id, address, registration_group_id, location_id, "
    "firmware_version, audio_protocol, time_zone, language, options, "
    "advanced_options, custom_attributes, created_at, updated_at, "
    "template_id, status, prov_password, guid) SELECT " PHONE_ID ", "
    "r.name, s.active, s.phone_type, s.model_id, nullif(r.address, ''), "
    "s.group_id, s.location_id, s.firmware_version, s.audio_protocol, "
    "s.time_zone, s.language, s.options, s.advanced_options, "
    "s.custom_attributes, ?3, ?3, s.template_id, "
    PHONE_STATUS_NEW("nullif(r.address, '')") ", "
    "sb_new_secret('" PHONE_PROV_SECRET_CONTEXT "'), "
    "printf('%012x', " PHONE_ID ") || lower(hex(randomblob(10))) "
    COMMIT_ROWS;
static const char sql_commit_stations[] = "INSERT INTO stations (phone_id, "
    "position, extension, label, identification_address, line_keys, "
    "calls_per_line_key, station_type, sip_username, sip_password, sharable, "
    "licenses, access_control) SELECT " PHONE_ID ", 1, "
    "nullif(r.extension, ''), " STATION_LABEL("r.label", "s.family",
    "r.name") ", "
    "r.identification_address, s.line_keys, s.calls_per_line_key, "
    "s.station_type, r.sip_username, "
    "sb_new_secret('" PHONE_STATION_SECRET_CONTEXT "'), s.sharable, "
    "s.licenses, s.access_control " COMMIT_ROWS;
static const char sql_first_row[] = "SELECT min(row_no) FROM import_rows "
    "WHERE import_id = ?1 AND accepted";
static const char sql_next_id[] = "SELECT coalesce(max(id), 0) + 1 FROM "
    "phones";
static const char sql_created[] = "SELECT id, name, address FROM phones "
    "WHERE id >= ?1 ORDER BY id LIMIT ?2";

/* The id the next phone gets (the caller holds the write lock). */
static int64_t
next_phone_id(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_next_id);
	int64_t id = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

static int
run_commit(struct db *db, const char *sql, int64_t id, int64_t base,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, base);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, now);
	return db_run(db, st);
}

int64_t
phone_store_commit_import(struct db *db, int64_t id, int64_t *first_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_first_row);
	int64_t first_row = 0, base, n;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		first_row = sqlite3_column_int64(st, 0);
	db_done(st);
	*first_id = next_phone_id(db);
	if (first_row == 0)
		return 0;
	base = *first_id - first_row;
	if (run_commit(db, sql_commit_phones, id, base, now_unix()) != DB_OK)
		return -1;
	n = sqlite3_changes64(db_handle(db));
	if (run_commit(db, sql_commit_stations, id, base, 0) != DB_OK ||
	    sqlite3_changes64(db_handle(db)) != n)
		return -1;
	return n;
}

json_t *
phone_store_created(struct db *db, int64_t first_id, int limit)
{
	return db_rows_by_id(db, sql_created, first_id, limit);
}

/* ---- what the provisioning server learns of a phone, and its
 * provisioning credentials. */

static const char sql_set_password[] = "UPDATE phones SET prov_password = ?2 "
    "WHERE id = ?1";
static const char sql_contact[] = "UPDATE phones SET last_contact = ?2, "
    "user_agent = ?3, running_firmware = CASE WHEN ?4 = '' THEN "
    "running_firmware ELSE ?4 END, client_address = ?5 WHERE id = ?1";
static const char sql_fetched[] = "UPDATE phones SET reboot_pending = 0, "
    "config_fetched_at = ?2, status = " PHONE_STATUS_FETCHED("?3") ", "
    "prov_proven = max(prov_proven, ?4) WHERE id = ?1";
static const char sql_reset[] = "UPDATE phones SET prov_password = NULL, "
    "prov_proven = 0, config_fetched_at = NULL WHERE id = ?1";
static const char sql_assign[] = "UPDATE phones SET address = ?2, status = "
    PHONE_STATUS_EDITED("?2") ", updated_at = ?3 WHERE id = ?1 AND address "
    "IS NULL";

int
phone_store_set_prov_password(struct db *db, int64_t id, const char *sealed)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_password);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, sealed);
	return db_run(db, st);
}

int
phone_store_contact(struct db *db, int64_t id, const char *ua,
    const char *firmware, const char *client)
{
	sqlite3_stmt *st = db_stmt(db, sql_contact);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	db_bind_text(st, 3, ua ? ua : "");
	db_bind_text(st, 4, firmware ? firmware : "");
	db_bind_text(st, 5, client);
	return db_run(db, st);
}

int
phone_store_fetched(struct db *db, int64_t id, bool up_to_date,
    bool proven)
{
	sqlite3_stmt *st = db_stmt(db, sql_fetched);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_unix());
	sqlite3_bind_int(st, 3, up_to_date);
	sqlite3_bind_int(st, 4, proven);
	return db_run(db, st);
}

int
phone_store_prov_reset(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_reset);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

int
phone_store_assign_mac(struct db *db, int64_t id, const char *mac)
{
	sqlite3_stmt *st = db_stmt(db, sql_assign);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, mac);
	sqlite3_bind_int64(st, 3, now_unix());
	return db_run_changed(db, st);
}

#define CANDIDATES_FROM " FROM phones p JOIN phone_models m ON m.id = " \
	"p.model_id JOIN manufacturers ma ON ma.id = m.manufacturer_id " \
	"WHERE p.address IS NULL AND ((instr(?1, ':') > 0 AND " \
	"m.address_kind = 'mac' AND instr(',' || ma.mac_prefixes || ',', " \
	"',' || substr(?1, 1, 8) || ',') > 0) OR (instr(?1, ':') = 0 AND " \
	"m.address_kind = 'computer_name')) AND (?2 = '' OR ma.name = ?2) " \
	"AND (?3 IS NULL OR p.name " \
	"LIKE ?3 ESCAPE '\\' OR EXISTS (SELECT 1 FROM stations s WHERE " \
	"s.phone_id = p.id AND s.extension LIKE ?3 ESCAPE '\\'))"
static const char sql_candidates_count[] = "SELECT count(*)"
    CANDIDATES_FROM;
static const char sql_candidates[] = "SELECT p.id, p.name, ma.name AS "
    "manufacturer, m.name AS model, coalesce((SELECT group_concat("
    "s.extension, ', ') FROM stations s WHERE s.phone_id = p.id AND "
    "s.extension <> ''), '') AS extensions" CANDIDATES_FROM
    " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?4";

static void
bind_candidates(sqlite3_stmt *st, const char *mac, const char *manufacturer,
    const char *like)
{
	db_bind_text(st, 1, mac);
	db_bind_text(st, 2, manufacturer);
	if (like)
		db_bind_text(st, 3, like);
	else
		sqlite3_bind_null(st, 3);
}

json_t *
phone_store_adoption_candidates(struct db *db, const char *mac,
    const char *manufacturer, const char *q, int limit)
{
	char *like = q && *q ? db_like_pattern(q) : NULL;
	sqlite3_stmt *st = db_stmt(db, sql_candidates_count);
	json_int_t total = 0;
	json_t *items;

	bind_candidates(st, mac, manufacturer, like);
	if (sqlite3_step(st) == SQLITE_ROW)
		total = sqlite3_column_int64(st, 0);
	db_done(st);
	st = db_stmt(db, sql_candidates);
	bind_candidates(st, mac, manufacturer, like);
	sqlite3_bind_int(st, 4, limit);
	items = db_rows_json(st);
	db_done(st);
	free(like);
	return json_pack("{s:o,s:I}", "items", items, "total", total);
}

static const char sql_ids_matching[] = "SELECT p.id" PHONE_FROM
    " ORDER BY p.id LIMIT ?2";

int64_t *
phone_store_ids_matching(struct db *db, const char *q, size_t max, size_t *n)
{
	char *like = q && *q ? db_like_pattern(q) : NULL;
	sqlite3_stmt *st = db_stmt(db, sql_ids_matching);
	int64_t *ids = NULL;
	size_t cap = 0;

	*n = 0;
	if (like)
		db_bind_text(st, 1, like);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xrealloc(ids, cap * sizeof(*ids));
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	free(like);
	return ids;
}

static const char sql_count_pending[] = "SELECT count(*) FROM phones p "
    "WHERE p.id IN (SELECT value FROM json_each(?1)) AND p.reboot_pending";
static const char sql_choice_models[] = "SELECT ma.name AS manufacturer, "
    "m.name AS model, count(*) AS phones, m.selectable_firmware AS "
    "\"selectable_firmware:bool\" FROM phones p JOIN phone_models m ON "
    "m.id = p.model_id JOIN manufacturers ma ON ma.id = m.manufacturer_id "
    "WHERE p.id IN (SELECT value FROM json_each(?1)) GROUP BY m.id "
    "ORDER BY ma.name, m.name";
static const char sql_choice_firmware[] = "WITH sel AS (SELECT DISTINCT "
    "p.model_id FROM phones p WHERE p.id IN (SELECT value FROM "
    "json_each(?1))) SELECT f.version FROM model_firmware mf JOIN "
    "firmware_versions f ON f.id = mf.firmware_id WHERE mf.model_id IN "
    "(SELECT model_id FROM sel) AND NOT EXISTS (SELECT 1 FROM sel JOIN "
    "phone_models m ON m.id = sel.model_id WHERE NOT m.selectable_firmware) "
    "GROUP BY f.version HAVING count(DISTINCT mf.model_id) = (SELECT "
    "count(*) FROM sel) ORDER BY f.version DESC";

int64_t
phone_store_count_reboot_pending(struct db *db, const int64_t *ids, size_t n)
{
	char *text = db_ids_text(ids, n);
	sqlite3_stmt *st = db_stmt(db, sql_count_pending);
	int64_t count = 0;

	db_bind_text(st, 1, text);
	if (sqlite3_step(st) == SQLITE_ROW)
		count = sqlite3_column_int64(st, 0);
	db_done(st);
	free(text);
	return count;
}

json_t *
phone_store_bulk_choices(struct db *db, const int64_t *ids, size_t n)
{
	char *text = db_ids_text(ids, n);
	sqlite3_stmt *st = db_stmt(db, sql_choice_models);
	json_t *models, *versions = json_array();

	db_bind_text(st, 1, text);
	models = db_rows_json(st);
	db_done(st);
	st = db_stmt(db, sql_choice_firmware);
	db_bind_text(st, 1, text);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(versions, json_string((const char *)
		    sqlite3_column_text(st, 0)));
	db_done(st);
	free(text);
	return json_pack("{s:I,s:o,s:o}", "count", (json_int_t)n, "models",
	    models, "firmware_versions", versions);
}

/* ---- licenses an appearance asked for and did not get (the Assistant's
 * "Some or all licenses could not be allocated to each station
 * appearance"), and their allocation on the License Allocation page. */

static const char sql_withhold[] = "UPDATE stations SET licenses = (SELECT "
    "json_group_array(j.value) FROM json_each(stations.licenses) j WHERE "
    "j.value <> ?2), licenses_missing = json_insert(licenses_missing, "
    "'$[#]', ?2) WHERE id IN (SELECT s.id FROM stations s, "
    "json_each(s.licenses) j WHERE s.phone_id >= ?1 AND j.value = ?2 "
    "ORDER BY s.id LIMIT -1 OFFSET ?3)";
#define MISSING_FROM " FROM stations s JOIN phones p ON p.id = s.phone_id, " \
	"json_each(s.licenses_missing) j WHERE s.licenses_missing <> '[]' " \
	"AND p.id >= ?4 AND (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\' OR " \
	"s.extension LIKE ?1 ESCAPE '\\' OR s.label LIKE ?1 ESCAPE '\\' OR " \
	"j.value LIKE ?1 ESCAPE '\\')"
static const char sql_missing_count[] = "SELECT count(*)" MISSING_FROM;
static const char sql_missing_page[] = "SELECT s.id AS station_id, p.id AS "
    "phone_id, p.name AS phone, s.position, coalesce(s.extension, '') AS "
    "extension, s.label, j.value AS license" MISSING_FROM " ORDER BY "
    "p.name, s.position, j.value LIMIT ?2 OFFSET ?3";
/* The stations chosen: all (?1 NULL) or those of the id list ?1. */
#define MISSING_CHOSEN "stations.licenses_missing <> '[]' AND (?1 IS NULL OR " \
	"stations.id IN " \
	"(SELECT value FROM json_each(?1)))"
static const char sql_missing_wanted[] = "SELECT j.value, count(*) FROM "
    "stations, json_each(stations.licenses_missing) j WHERE "
    MISSING_CHOSEN " GROUP BY j.value ORDER BY j.value";
static const char sql_grant[] = "UPDATE stations SET licenses = (SELECT "
    "json_group_array(value) FROM (SELECT value FROM "
    "json_each(stations.licenses) UNION ALL SELECT m.value FROM "
    "json_each(stations.licenses_missing) m WHERE m.value NOT IN (SELECT "
    "value FROM json_each(stations.licenses)))), licenses_missing = '[]' "
    "WHERE " MISSING_CHOSEN;

int64_t
phone_store_withhold_license(struct db *db, int64_t first_phone,
    const char *license, int64_t keep)
{
	sqlite3_stmt *st = db_stmt(db, sql_withhold);

	sqlite3_bind_int64(st, 1, first_phone);
	db_bind_text(st, 2, license);
	sqlite3_bind_int64(st, 3, keep < 0 ? 0 : keep);
	if (db_run(db, st) != DB_OK)
		return -1;
	return sqlite3_changes64(db_handle(db));
}

json_t *
phone_store_missing_licenses(struct db *db, int64_t first_phone,
    const struct db_list_query *lq)
{
	return db_list_by_text_in(db, sql_missing_count, sql_missing_page, lq,
	    first_phone);
}

json_t *
phone_store_missing_wanted(struct db *db, const char *ids)
{
	sqlite3_stmt *st = db_stmt(db, sql_missing_wanted);
	json_t *want = json_object();

	db_bind_text(st, 1, ids);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_set_new(want, (const char *)sqlite3_column_text(st,
		    0), json_integer(sqlite3_column_int64(st, 1)));
	db_done(st);
	return want;
}

int64_t
phone_store_grant_missing(struct db *db, const char *ids)
{
	sqlite3_stmt *st = db_stmt(db, sql_grant);

	db_bind_text(st, 1, ids);
	if (db_run(db, st) != DB_OK)
		return -1;
	return sqlite3_changes64(db_handle(db));
}
