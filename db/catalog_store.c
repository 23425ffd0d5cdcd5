/* Switchboard — the phone catalog. */
#include "catalog_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_COLS "m.id, ma.name AS manufacturer, m.name, m.family, " \
	"m.phone_type, m.eol AS \"eol:bool\", m.srtp AS \"srtp:bool\", " \
	"m.selectable_firmware AS \"selectable_firmware:bool\", " \
	"m.standalone_allowed AS \"standalone_allowed:bool\", " \
	"m.max_registrations, m.address_kind, m.firmware_image, m.languages, " \
	"ma.mac_prefixes"
#define MODEL_WHERE " FROM phone_models m JOIN manufacturers ma ON " \
	"ma.id = m.manufacturer_id WHERE (?1 IS NULL OR m.name LIKE ?1 " \
	"ESCAPE '\\' OR ma.name LIKE ?1 ESCAPE '\\' OR m.phone_type LIKE ?1 " \
	"ESCAPE '\\') AND (?2 IS NULL OR ma.name = ?2 COLLATE NOCASE) AND " \
	"(?3 IS NULL OR m.match_key = ?3)"
#define MODEL_PAGE(col) \
	"SELECT " MODEL_COLS MODEL_WHERE " ORDER BY " col " ASC, m.id " \
	"LIMIT ?4 OFFSET ?5", \
	"SELECT " MODEL_COLS MODEL_WHERE " ORDER BY " col " DESC, m.id " \
	"LIMIT ?4 OFFSET ?5"

const char *const catalog_store_model_sort_keys[] = {
	"manufacturer", "name", "family", "phone_type", "eol", NULL
};

static const char *const sql_page[] = {
	MODEL_PAGE("ma.name, m.name"), MODEL_PAGE("m.name"),
	MODEL_PAGE("m.family"), MODEL_PAGE("m.phone_type"),
	MODEL_PAGE("m.eol"),
};
static const char sql_count[] = "SELECT count(*)" MODEL_WHERE;
static const char sql_manufacturers[] = "SELECT id, name, mac_prefixes "
    "FROM manufacturers ORDER BY name";
static const char sql_all_models[] = "SELECT " MODEL_COLS ", "
    "m.manufacturer_id FROM phone_models m JOIN manufacturers ma "
    "ON ma.id = m.manufacturer_id ORDER BY ma.name, m.name";
static const char sql_firmware[] = "SELECT f.version, f.status, "
    "f.released_in, f.note FROM model_firmware mf JOIN firmware_versions f "
    "ON f.id = mf.firmware_id WHERE mf.model_id = ?1 ORDER BY f.sort_order";

/* "a,b" / "a;b" text into a JSON array of strings. */
static json_t *
split(const char *s, char sep)
{
	json_t *a = json_array();
	const char *p = s;

	while (p && *p) {
		const char *end = strchr(p, sep);
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p = end ? end + 1 : NULL;
	}
	return a;
}

/* Turn the text columns into arrays and add the model's firmware. */
static void
finish_model(struct db *db, json_t *m)
{
	sqlite3_stmt *st = db_stmt(db, sql_firmware);

	json_object_set_new(m, "languages", split(json_string_value(
	    json_object_get(m, "languages")), ';'));
	json_object_set_new(m, "mac_prefixes", split(json_string_value(
	    json_object_get(m, "mac_prefixes")), ','));
	sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(m, "id")));
	json_object_set_new(m, "firmware", db_rows_json(st));
	db_done(st);
}

json_t *
catalog_store_tree(struct db *db)
{
	json_t *mans = db_rows(db, sql_manufacturers), *m, *man;
	json_t *models = db_rows(db, sql_all_models);
	size_t i, j;

	json_array_foreach(mans, i, man) {
		json_object_set_new(man, "mac_prefixes", split(
		    json_string_value(json_object_get(man, "mac_prefixes")),
		    ','));
		json_object_set_new(man, "models", json_array());
	}
	json_array_foreach(models, j, m) {
		json_int_t mid = json_integer_value(json_object_get(m,
		    "manufacturer_id"));

		json_object_del(m, "manufacturer_id");
		finish_model(db, m);
		json_array_foreach(mans, i, man)
			if (json_integer_value(json_object_get(man, "id")) == mid)
				json_array_append(json_object_get(man,
				    "models"), m);
	}
	json_decref(models);
	return json_pack("{s:o}", "manufacturers", mans);
}

json_t *
catalog_store_models(struct db *db, const char *manufacturer,
    const char *match_key, const struct db_list_query *lq)
{
	sqlite3_stmt *cst = db_stmt(db, sql_count);
	sqlite3_stmt *pst = db_stmt(db, sql_page[lq->sort * 2 + lq->desc]);
	char *like = db_like_pattern(lq->q);
	json_t *out, *m;
	size_t i;
	int k;

	for (k = 0; k < 2; k++) {
		sqlite3_stmt *st = k ? pst : cst;

		db_bind_text(st, 1, like);
		db_bind_text(st, 2, manufacturer);
		db_bind_text(st, 3, match_key);
	}
	sqlite3_bind_int64(pst, 4, lq->limit);
	sqlite3_bind_int64(pst, 5, lq->offset);
	out = db_list_result(cst, pst);
	free(like);
	if (out)
		json_array_foreach(json_object_get(out, "items"), i, m)
			finish_model(db, m);
	return out;
}
