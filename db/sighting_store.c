/* Switchboard — phone sightings. */
#include "sighting_store.h"

#include "../server/lib/util.h"

/* A new MAC is added only while its client address has fewer than ?10
 * sightings no phone has adopted yet. */
static const char sql_record[] = "INSERT INTO phone_sightings (mac, "
    "manufacturer, model, firmware, user_agent, client_address, last_path, "
    "requests, first_seen, last_seen) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?9, ?8, ?8 WHERE EXISTS (SELECT 1 FROM phone_sightings WHERE mac = ?1) "
    "OR (SELECT count(*) FROM phone_sightings s WHERE s.client_address = ?6 "
    "AND NOT EXISTS (SELECT 1 FROM phones p WHERE p.address = s.mac "
    "COLLATE NOCASE)) < ?10 "
    "ON CONFLICT (mac) DO UPDATE SET "
    "manufacturer = CASE WHEN ?2 = '' THEN manufacturer ELSE ?2 END, "
    "model = CASE WHEN ?3 = '' THEN model ELSE ?3 END, "
    "firmware = CASE WHEN ?4 = '' THEN firmware ELSE ?4 END, "
    "user_agent = ?5, client_address = ?6, last_path = ?7, "
    "requests = requests + ?9, last_seen = ?8";
static const char sql_get[] = "SELECT mac, manufacturer, model, firmware, "
    "user_agent, client_address, last_path, requests, first_seen, last_seen "
    "FROM phone_sightings WHERE mac = ?1";

int
sighting_store_record(struct db *db, const struct sighting *s, int requests,
    int per_address)
{
	sqlite3_stmt *st = db_stmt(db, sql_record);

	db_bind_text(st, 1, s->mac);
	db_bind_text(st, 2, s->manufacturer);
	db_bind_text(st, 3, s->model);
	db_bind_text(st, 4, s->firmware);
	db_bind_text(st, 5, s->user_agent);
	db_bind_text(st, 6, s->client_address);
	db_bind_text(st, 7, s->path);
	sqlite3_bind_int64(st, 8, now_unix());
	sqlite3_bind_int(st, 9, requests);
	sqlite3_bind_int(st, 10, per_address);
	return db_run(db, st);
}

json_t *
sighting_store_get(struct db *db, const char *mac)
{
	sqlite3_stmt *st = db_stmt(db, sql_get);

	db_bind_text(st, 1, mac);
	return db_get_json(st);
}

static const char sql_unadopted[] = "SELECT s.mac, s.manufacturer, s.model, "
    "s.firmware, s.user_agent, s.client_address, s.last_path, s.requests, "
    "s.first_seen, s.last_seen FROM phone_sightings s WHERE NOT EXISTS "
    "(SELECT 1 FROM phones p WHERE p.address = s.mac COLLATE NOCASE) "
    "ORDER BY s.last_seen "
    "DESC LIMIT 1000";
static const char sql_unadopted_count[] = "SELECT count(*) FROM "
    "phone_sightings s WHERE NOT EXISTS (SELECT 1 FROM phones p WHERE "
    "p.address = s.mac COLLATE NOCASE)";

json_t *
sighting_store_unadopted(struct db *db)
{
	return db_list_result(db_stmt(db, sql_unadopted_count),
	    db_stmt(db, sql_unadopted));
}
