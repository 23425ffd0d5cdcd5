/* Switchboard — the jobs table: long work (imports, backups, campaigns) with
 * progress that the API and the UI can follow. */
#ifndef SB_JOB_STORE_H
#define SB_JOB_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* A queued job. DB_OK (with *id) or DB_ERROR. */
int	 job_store_create(struct db *db, const char *kind, int64_t created_by,
	    int64_t *id);

/* Move to running / set progress / finish ("done" or "failed").
 * result is borrowed (may be NULL), error may be NULL. */
int	 job_store_start(struct db *db, int64_t id);
int	 job_store_progress(struct db *db, int64_t id, int64_t done,
	    int64_t total);
int	 job_store_finish(struct db *db, int64_t id, const char *state,
	    json_t *result, const char *error);

/* Keep note (borrowed) in the result of a running job: what a restart
 * needs to tell whether its work got done (jobs_start). */
int	 job_store_note(struct db *db, int64_t id, json_t *note);

/* {"id","kind","state","progress":{"done","total"},"result","error",…}
 * New reference, or NULL if not found. */
json_t	*job_store_get(struct db *db, int64_t id);

/* Jobs a previous process left running (reboot campaigns aside): an array
 * of {"id","kind","result"}, new reference. */
json_t	*job_store_running(struct db *db);

/* Jobs left queued or running by a previous process: mark them failed. */
int	 job_store_fail_interrupted(struct db *db);

#endif
