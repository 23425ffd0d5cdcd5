/* Switchboard — the backups folder of the data directory: taking a backup
 * (as a job), listing, finding and deleting backup files by name. */
#ifndef SB_BACKUPS_H
#define SB_BACKUPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "jobs.h"

/* Set the folder (DATA/backups), creating it 0700. Call before threads. */
int	 backups_init(const char *dir, char *err, size_t errlen);
const char *backups_dir(void);

/* What a whole-system backup needs beyond the folder: the data directory,
 * the admin certificate's file and this product's version (all borrowed,
 * for the life of the process). Call before threads. */
void	 backups_configure(const char *data_dir, const char *cert_path,
	    const char *version);

/* True if name is a plain backup file name: [A-Za-z0-9._-], ends ".sqlite3"
 * (a database backup) or ".tar" (a system backup), no leading dot, at most
 * 100 characters. */
bool	 backups_name_ok(const char *name);

/* {"items":[{"name","size","created_at","kind"}],"total"} newest first;
 * kind is "manual", "before migration" (database backups), "system" or
 * "nightly" (system backups). */
json_t	*backups_list(void);

/* Full path of an existing backup into buf; 0, or -1 if none. */
int	 backups_path(const char *name, char *buf, size_t len);

/* Delete; 0 or -1 if not found. */
int	 backups_delete(const char *name);

/* Job function: back up the database (arg unused) into a new file and set
 * the result {"name","size"}. The name is noted in the job first. */
int	 backups_job(struct job_ctx *ctx, void *arg);

/* What a system backup job is asked for: the passphrase to seal the key
 * with (NULL: no key), and for a nightly one how many nightly backups to
 * keep. Freed (the passphrase wiped) by backups_system_arg_free. */
struct backups_system_arg {
	char	*passphrase;
	bool	 nightly;
	int	 keep;
};
void	 backups_system_arg_free(void *arg);

/* Job function: a whole-system backup (system_backup.h) into a new
 * switchboard-system-<UTC time>.tar (switchboard-nightly-… for nightly
 * ones, after which only the newest keep nightly archives remain); result
 * {"name","size","has_key"}. arg is a struct backups_system_arg. */
int	 backups_system_job(struct job_ctx *ctx, void *arg);

/* For a backup job a restart interrupted, from its note ({"name"},
 * borrowed): 0 with *result {"name","size"} (new reference) when its file
 * is in place, complete since it is renamed there whole; -1 when it is
 * not. Either way what a copy cut short left beside it (the partial
 * file, a system backup's database copy, their journals) is removed. */
int	 backups_settle(const json_t *note, json_t **result);

#endif
