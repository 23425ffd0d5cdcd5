/* Switchboard — templates: the settings a new phone starts from (seed
 * 001, "Templates"). The only writer of the templates table. */
#include "template_store.h"

#include "../server/lib/util.h"

#define TPL_COLS "t.id, t.name, t.type, ma.name AS manufacturer, " \
	"m.name AS model, m.family, g.name AS registration_group, " \
	"l.name AS location, t.firmware_version, t.audio_protocol, " \
	"t.time_zone, t.language, " PHONE_OPTIONS_SQL("t.options", \
	"m.family", "options") " AS \"options:json\", " \
	PHONE_OPTIONS_SQL("t.advanced_options", "m.family", \
	"advanced_options") " AS \"advanced_options:json\", " \
	"t.custom_attributes AS \"custom_attributes:json\", t.line_keys, " \
	"t.calls_per_line_key, t.licenses AS \"licenses:json\", " \
	"t.access_control AS \"access_control:json\", (SELECT count(*) FROM " \
	"phones p WHERE p.template_id = t.id) AS phones, t.created_at, " \
	"t.updated_at"
#define TPL_JOIN " FROM templates t JOIN phone_models m ON m.id = t.model_id " \
	"JOIN manufacturers ma ON ma.id = m.manufacturer_id " \
	"JOIN registration_groups g ON g.id = t.registration_group_id " \
	"JOIN locations l ON l.id = t.location_id"
#define TPL_WHERE " WHERE (?1 IS NULL OR t.name LIKE ?1 ESCAPE '\\' OR " \
	"m.name LIKE ?1 ESCAPE '\\' OR ma.name LIKE ?1 ESCAPE '\\')"
#define TPL_PAGE(col) \
	"SELECT " TPL_COLS TPL_JOIN TPL_WHERE " ORDER BY " col " ASC, t.id " \
	"LIMIT ?2 OFFSET ?3", \
	"SELECT " TPL_COLS TPL_JOIN TPL_WHERE " ORDER BY " col " DESC, t.id " \
	"LIMIT ?2 OFFSET ?3"

const char *const template_store_sort_keys[] = {
	"name", "model", "type", NULL
};
static const char *const sql_tpl_page[] = {
	TPL_PAGE("t.name"), TPL_PAGE("ma.name, m.name"), TPL_PAGE("t.type"),
};
static const char sql_tpl_count[] = "SELECT count(*)" TPL_JOIN TPL_WHERE;
static const char sql_tpl_get[] = "SELECT " TPL_COLS TPL_JOIN
    " WHERE t.id = ?1";
static const char sql_tpl_by_name[] = "SELECT id FROM templates WHERE "
    "name = ?1";
static const char sql_tpl_insert[] = "INSERT INTO templates (name, type, "
    "model_id, registration_group_id, location_id, firmware_version, "
    "audio_protocol, time_zone, language, options, advanced_options, "
    "custom_attributes, line_keys, calls_per_line_key, licenses, "
    "access_control, created_at, updated_at) VALUES (?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)";
static const char sql_tpl_update[] = "UPDATE templates SET name = ?2, "
    "type = ?3, model_id = ?4, registration_group_id = ?5, location_id = ?6, "
    "firmware_version = ?7, audio_protocol = ?8, time_zone = ?9, "
    "language = ?10, options = ?11, advanced_options = ?12, "
    "custom_attributes = ?13, line_keys = ?14, calls_per_line_key = ?15, "
    "licenses = ?16, access_control = ?17, updated_at = ?18 WHERE id = ?1";
static const char sql_tpl_used[] = "SELECT 1 FROM phones WHERE "
    "template_id = ?1";
static const char sql_tpl_delete[] = "DELETE FROM templates WHERE id = ?1";

int
template_store_save(struct db *db, int64_t id, const struct phone_in *p,
    int64_t *new_id)
{
	sqlite3_stmt *st = db_stmt(db, id ? sql_tpl_update : sql_tpl_insert);
	const struct station_in *s = &p->stations[0];
	int rc;

	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->type);
	sqlite3_bind_int64(st, 4, p->model.id);
	sqlite3_bind_int64(st, 5, p->registration_group_id);
	sqlite3_bind_int64(st, 6, p->location_id);
	db_bind_text(st, 7, p->firmware_version);
	db_bind_text(st, 8, p->audio_protocol);
	db_bind_text(st, 9, p->time_zone);
	db_bind_text(st, 10, p->language);
	db_bind_text(st, 11, p->options);
	db_bind_text(st, 12, p->advanced_options);
	db_bind_text(st, 13, p->custom_attributes);
	sqlite3_bind_int(st, 14, s->line_keys);
	sqlite3_bind_int(st, 15, s->calls_per_line_key);
	db_bind_text(st, 16, s->licenses);
	db_bind_text(st, 17, s->access_control);
	sqlite3_bind_int64(st, 18, now_unix());
	if (id) {
		sqlite3_bind_int64(st, 1, id);
		rc = db_run_changed(db, st);
	} else {
		rc = db_run(db, st);
		id = sqlite3_last_insert_rowid(db_handle(db));
	}
	if (rc == DB_OK && new_id)
		*new_id = id;
	return rc;
}

json_t *
template_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_tpl_get, id);
}

int64_t
template_store_by_name(struct db *db, const char *name)
{
	return db_id_by_text(db, sql_tpl_by_name, name);
}

json_t *
template_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_tpl_count,
	    sql_tpl_page[lq->sort * 2 + lq->desc], lq);
}

int
template_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_tpl_used);

	sqlite3_bind_int64(st, 1, id);
	if (db_exists(st))
		return DB_CONFLICT;
	st = db_stmt(db, sql_tpl_delete);
	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}
