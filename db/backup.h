/* Switchboard — consistent copies of a live database (SQLite online backup)
 * and restore of a verified copy. */
#ifndef SB_BACKUP_H
#define SB_BACKUP_H

#include <sqlite3.h>
#include <stddef.h>

/* Called after each step with pages copied and pages in all. */
typedef void (*backup_progress_fn)(void *arg, int done, int total);

/* Copy src into a new file at path (mode 0600): written to a temporary name,
 * fsynced, renamed, directory fsynced, so path is either absent or whole.
 * Consistent while other connections write. progress may be NULL.
 * Returns 0, or -1 with a message in err. */
int	db_backup_to(sqlite3 *src, const char *path, backup_progress_fn progress,
	    void *arg, char *err, size_t errlen);

/* Verify the file at candidate (a readable SQLite database that passes
 * integrity_check and whose schema is not newer than max_version), then
 * replace the contents of the database at dest with it. The daemon must not
 * be running. Returns 0, or -1 with a message in err (dest unchanged). */
int	db_restore_from(const char *candidate, const char *dest,
	    int max_version, char *err, size_t errlen);

struct db;

/* One sealed secret of the database, to try a key on: the first station
 * SIP password, phone provisioning password or SIP device password found.
 * 1 with its seal context (borrowed, static) in *context and the sealed
 * text in *sealed (caller frees), 0 when the database seals nothing, -1
 * on a database error. */
int	db_sealed_sample(struct db *db, const char **context, char **sealed);

#endif
