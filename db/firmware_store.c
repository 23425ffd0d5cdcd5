/* Switchboard — firmware files and custom files. */
#include "firmware_store.h"

#include <string.h>

#include "../server/lib/util.h"

static const char sql_add[] = "INSERT INTO firmware_files (model_id, "
    "version, filename, size, sha256, uploaded_by, uploaded_at) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
/* The rank of a file's version in the catalog: lower is newer. */
#define RANK "(SELECT v.sort_order FROM firmware_versions v WHERE " \
	"v.family = m.family AND v.version = f.version)"
#define USED "(SELECT count(*) FROM phones p WHERE p.model_id = f.model_id " \
	"AND (p.firmware_version = f.version OR (p.firmware_version = " \
	"'latest' AND f.id = (SELECT f2.id FROM firmware_files f2 JOIN " \
	"phone_models m2 ON m2.id = f2.model_id WHERE f2.model_id = " \
	"f.model_id ORDER BY (SELECT v.sort_order FROM firmware_versions v " \
	"WHERE v.family = m2.family AND v.version = f2.version) LIMIT 1))))"
#define COLS "f.id, ma.name AS manufacturer, m.name AS model, m.family, " \
	"f.version, f.filename, f.size, f.sha256, f.uploaded_at, " USED \
	" AS used_by FROM firmware_files f JOIN phone_models m ON m.id = " \
	"f.model_id JOIN manufacturers ma ON ma.id = m.manufacturer_id "
static const char sql_list[] = "SELECT " COLS "ORDER BY ma.name, m.name, "
    RANK;
static const char sql_get[] = "SELECT " COLS "WHERE f.id = ?1";
static const char sql_used[] = "SELECT " USED " FROM firmware_files f "
    "WHERE f.id = ?1";
static const char sql_delete[] = "DELETE FROM firmware_files WHERE id = ?1";
static const char sql_sha[] = "SELECT count(*) FROM firmware_files WHERE "
    "sha256 = ?1";
static const char sql_for[] = "SELECT f.id, f.version, f.filename, f.size, "
    "f.sha256 FROM firmware_files f JOIN phone_models m ON m.id = "
    "f.model_id WHERE f.model_id = ?1 AND (?2 = 'latest' OR f.version = ?2) "
    "ORDER BY " RANK " LIMIT 1";
static const char sql_by_image[] = "SELECT f.id, f.version, f.filename, "
    "f.size, f.sha256, f.model_id FROM firmware_files f JOIN phone_models m "
    "ON m.id = f.model_id WHERE lower(m.firmware_image) = lower(?1) "
    "ORDER BY " RANK " LIMIT 1";
int
firmware_store_add(struct db *db, const struct firmware_row *f, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_add);
	int rc;

	sqlite3_bind_int64(st, 1, f->model_id);
	db_bind_text(st, 2, f->version);
	db_bind_text(st, 3, f->filename);
	sqlite3_bind_int64(st, 4, f->size);
	db_bind_text(st, 5, f->sha256);
	if (f->uploaded_by > 0)
		sqlite3_bind_int64(st, 6, f->uploaded_by);
	sqlite3_bind_int64(st, 7, now_unix());
	if ((rc = db_run(db, st)) == DB_OK)
		*id = sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

json_t *
firmware_store_list(struct db *db)
{
	return db_rows(db, sql_list);
}

static json_t *
by_id(struct db *db, const char *sql, int64_t id)
{
	return db_get_json_by_id(db, sql, id);
}

json_t *
firmware_store_get(struct db *db, int64_t id)
{
	return by_id(db, sql_get, id);
}

int64_t
firmware_store_used_by(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_used);
	int64_t n = 0;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

int
firmware_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_delete);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

int
firmware_store_sha_in_use(struct db *db, const char *sha256)
{
	sqlite3_stmt *st = db_stmt(db, sql_sha);
	int n = 0;

	db_bind_text(st, 1, sha256);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_done(st);
	return n;
}

json_t *
firmware_store_for(struct db *db, int64_t model_id, const char *selected)
{
	sqlite3_stmt *st = db_stmt(db, sql_for);

	sqlite3_bind_int64(st, 1, model_id);
	db_bind_text(st, 2, selected);
	return db_get_json(st);
}

json_t *
firmware_store_by_image(struct db *db, const char *image, int64_t *model_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_by_image);
	json_t *f;

	db_bind_text(st, 1, image);
	if ((f = db_get_json(st)) != NULL) {
		*model_id = json_integer_value(json_object_get(f, "model_id"));
		json_object_del(f, "model_id");
	}
	return f;
}

static const char sql_image[] = "SELECT firmware_image FROM phone_models "
    "WHERE id = ?1";

char *
firmware_store_model_image(struct db *db, int64_t model_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_image);
	char *out;

	sqlite3_bind_int64(st, 1, model_id);
	if ((out = db_get_text(st)) != NULL && out[0] == '\0') {
		free(out);
		out = NULL;
	}
	return out;
}

static const char sql_on_latest[] = "SELECT count(*) FROM phones WHERE "
    "model_id = ?1 AND firmware_version = 'latest'";

int64_t
firmware_store_on_latest(struct db *db, int64_t model_id)
{
	sqlite3_stmt *st = db_stmt(db, sql_on_latest);
	int64_t n = 0;

	sqlite3_bind_int64(st, 1, model_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}
