/* Switchboard — custom files per manufacturer (Provisioning > Custom
 * files), served when a phone's config_files attribute names them. The
 * only writer of the custom_files table. */
#include "custom_file_store.h"

#include "../server/lib/util.h"

static const char sql_custom_put[] = "INSERT INTO custom_files (manufacturer, "
    "name, content, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (manufacturer, name) DO UPDATE SET content = ?3, "
    "uploaded_by = ?4, uploaded_at = ?5";
static const char sql_custom_get[] = "SELECT content FROM custom_files WHERE "
    "manufacturer = ?1 AND name = ?2";
static const char sql_custom_list[] = "SELECT manufacturer, name, "
    "length(content) AS size, uploaded_at FROM custom_files ORDER BY "
    "manufacturer, name";
static const char sql_custom_delete[] = "DELETE FROM custom_files WHERE "
    "manufacturer = ?1 AND name = ?2";

int
custom_store_put(struct db *db, const char *manufacturer, const char *name,
    const char *data, size_t len, int64_t user)
{
	sqlite3_stmt *st = db_stmt(db, sql_custom_put);

	db_bind_text(st, 1, manufacturer);
	db_bind_text(st, 2, name);
	sqlite3_bind_blob(st, 3, data, (int)len, SQLITE_TRANSIENT);
	if (user > 0)
		sqlite3_bind_int64(st, 4, user);
	sqlite3_bind_int64(st, 5, now_unix());
	return db_run(db, st);
}

char *
custom_store_get(struct db *db, const char *manufacturer, const char *name,
    size_t *len)
{
	sqlite3_stmt *st = db_stmt(db, sql_custom_get);

	db_bind_text(st, 1, manufacturer);
	db_bind_text(st, 2, name);
	return db_get_blob(st, len);
}

json_t *
custom_store_list(struct db *db)
{
	return db_rows(db, sql_custom_list);
}

int
custom_store_delete(struct db *db, const char *manufacturer, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, sql_custom_delete);

	db_bind_text(st, 1, manufacturer);
	db_bind_text(st, 2, name);
	return db_run_changed(db, st);
}
