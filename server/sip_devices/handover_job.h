/* Switchboard — the hand-over export as a job, and the life of its two
 * archives in DATA/handover: written 0600 when built, downloadable while
 * the export is "ready", wiped (overwritten, then removed) when the admin
 * confirms delivery, when they expire, or when the build did not finish. */
#ifndef SB_HANDOVER_JOB_H
#define SB_HANDOVER_JOB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../db/db.h"
#include "../system/jobs.h"
#include "handover.h"

#define HANDOVER_FILE_MAX 40

struct handover_job {
	int64_t			 export_id;
	char			 data_dir[1024];
	json_t			*rows;		/* owned */
	struct handover_secrets	*secrets;	/* owned, guarded memory */
	char			 names_file[HANDOVER_FILE_MAX];
	char			 passwords_file[HANDOVER_FILE_MAX];
	char			 names_entry[HANDOVER_FILE_MAX];
	char			 passwords_entry[HANDOVER_FILE_MAX];
};

/* The job: build, write both archives, and mark the export ready in the
 * transaction that records the job done; on failure wipe what was
 * written and mark it failed. */
int	handover_job_run(struct job_ctx *ctx, void *arg);
void	handover_job_free(void *arg);

/* The path of archive name in data_dir's hand-over folder, when name is
 * one the appliance makes (20 letters and digits, ".zip"). 0 or -1. */
int	handover_file_path(const char *data_dir, const char *name, char *out,
	    size_t cap);

/* Overwrite and remove an archive; a missing one is fine. */
void	handover_file_wipe(const char *data_dir, const char *name);

/* Wipe the archives of exports past their time and mark them expired;
 * at start-up (settle true) also those a stopped process left building,
 * marked failed. The number of exports changed. */
int	handover_expire(struct db *db, const char *data_dir, int64_t now,
	    bool settle);

#endif
