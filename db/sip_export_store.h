/* Switchboard — storage of the credential hand-overs of third-party SIP
 * devices (sip_exports, sip_export_devices): who exported which devices
 * for which data handler, where the two archives lie until delivered or
 * expired, and the acknowledgement of receipt. The passwords are never
 * stored. Only this store writes these tables. */
#ifndef SB_SIP_EXPORT_STORE_H
#define SB_SIP_EXPORT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

extern const char *const sip_export_sort_keys[];

/* Exports as {"items","total"}, newest first by default: each {"id",
 * "job_id","created_by","created_at","handler_id","handler_name",
 * "handler_contact","devices","state","names_file","passwords_file",
 * "expires_at" (unix),"delivered_at","wiped_at","acknowledged",
 * "acknowledgement":{…}|null}. unacknowledged: only those without one
 * (failed ones aside). */
json_t	*sip_export_store_list(struct db *db, const struct db_list_query *lq,
	    bool unacknowledged);

/* One export with its rows: "rows":[{"row","device_id","extension",
 * "user_name","sip_name"}]. NULL when there is none. */
json_t	*sip_export_store_get(struct db *db, int64_t id);

/* Record a new export ("building") and its rows (each {"id",
 * "extension","user_name","sip_name"}, in order). *out its id. DB_OK or
 * DB_ERROR. */
int	 sip_export_store_create(struct db *db, const char *created_by,
	    int64_t handler_id, const char *handler_name,
	    const char *handler_contact, const char *names_file,
	    const char *passwords_file, int64_t expires_at, json_t *rows,
	    int64_t *out);
int	 sip_export_store_set_job(struct db *db, int64_t id, int64_t job_id);

/* Move an export from one state to another (ready, failed, delivered,
 * expired); wiped stamps wiped_at. DB_OK, DB_NOTFOUND (not in from),
 * DB_ERROR. */
int	 sip_export_store_move(struct db *db, int64_t id, const char *from,
	    const char *to, bool wiped);

/* The exports whose archives may have to go: ready ones past expires_at
 * (now), and every one still building: [{"id","state","names_file",
 * "passwords_file"}]. */
json_t	*sip_export_store_expired(struct db *db, int64_t now);

/* The archive names of the exports still ready, ["name", …], or NULL
 * when the database cannot say. */
json_t	*sip_export_store_ready_files(struct db *db);

/* Record the signed Statement of Work of an export handed over (ready,
 * delivered or expired) that has none yet: two recording at once, one
 * wins. DB_OK, DB_NOTFOUND (no such export, or not one of those),
 * DB_ERROR. */
int	 sip_export_store_acknowledge(struct db *db, int64_t id,
	    const char *signed_by, const char *signed_on,
	    const char *reference, const char *recorded_by);

#endif
