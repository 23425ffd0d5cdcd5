/* Switchboard — restoring a whole-system backup (system_backup.h), all or
 * nothing. Three steps, each safe to stop at:
 *   stage    read the archive once (a file or an upload stream), judge the
 *            manifest (backup_manifest.h), bound every member by the size
 *            the manifest gives it, check every SHA-256, and write the
 *            members into DATA/restore-upload (whole or not at all);
 *   confirm  open the sealed key with the passphrase when the archive has
 *            one, try the key that will be in place on one sealed secret
 *            of the restored database, and make the upload the pending
 *            restore, DATA/restore-pending;
 *   apply    with the daemon stopped (at start-up, before the database
 *            opens, or by the restore-system command): move the old files
 *            aside into DATA/restore-old, move the staged ones in, roll
 *            back on any error; a crash mid-way is rolled back at the next
 *            start. The outcome is kept in DATA/restore-result.json.
 * The data directory itself stays in place, so the Unify Phone clone guard
 * (clone_guard.h) sees a database from another appliance arrive under this
 * one's anchor and raises itself at the next start. */
#ifndef SB_SYSTEM_RESTORE_H
#define SB_SYSTEM_RESTORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Supplies up to len bytes; 0 at the end, -1 broken, -2 past a cap. */
typedef ssize_t (*restore_read_fn)(void *arg, char *buf, size_t len);

enum restore_status {
	RESTORE_OK = 0,
	RESTORE_REFUSED,	/* the archive: foreign, damaged, newer */
	RESTORE_TOO_LARGE,	/* the stream went past its cap */
	RESTORE_NO_UPLOAD,	/* confirm without a staged upload */
	RESTORE_PASSPHRASE,	/* the archive has a key: none or wrong */
	RESTORE_NO_KEY,		/* sealed secrets would be unreadable */
	RESTORE_ERROR		/* the disk, the database: err says */
};

/* Stage: read the archive from rd into DATA/restore-upload, replacing an
 * earlier upload (a pending restore stays). *info (new reference, NULL on
 * failure) sums it up: product_version, schema_version, created_at, host,
 * has_key, firmware files, bytes. err names the reason of a refusal:
 * "not a Switchboard system backup", "damaged: <member> does not match
 * its checksum", "made by a newer Switchboard (schema N, this one knows
 * M)", a refused member path. Nothing outside the upload folder changes. */
enum restore_status system_restore_stage(const char *data_dir,
	    restore_read_fn rd, void *arg, int max_schema, json_t **info,
	    char *err, size_t errlen);

/* Confirm the staged upload: passphrase may be NULL when the archive has
 * no key. Without a key in the archive, this appliance's secret.key stays:
 * unless force_without_key, a database whose sealed secrets it cannot
 * open is refused (RESTORE_NO_KEY). On RESTORE_OK the upload is the
 * pending restore. A refusal leaves the upload staged (the passphrase can
 * be typed again). */
enum restore_status system_restore_confirm(const char *data_dir,
	    const char *passphrase, bool force_without_key, char *err,
	    size_t errlen);

/* {"upload": info or null, "pending": info or null, "last": the outcome
 * of the last applied restore or null}. New reference. */
json_t	*system_restore_state(const char *data_dir);

/* Drop the staged upload and the pending restore. */
void	 system_restore_cancel(const char *data_dir);

/* With the daemon stopped and nothing open in data_dir: finish or roll
 * back a swap a crash interrupted, then apply the pending restore, if
 * any. 1 applied, 0 nothing pending, -1 failed (the old system is whole
 * again, the pending restore is dropped, err says why). The outcome is
 * logged and kept for system_restore_state. */
int	 system_restore_apply_pending(const char *data_dir, char *err,
	    size_t errlen);

/* The outcome of the last restore, for the next login to show once: a
 * new reference, or NULL when there is none unseen. Marks it seen. */
json_t	*system_restore_take_result(const char *data_dir);

/* The restart an admin asks for to apply a pending restore: the main loop
 * sees it within a second, stops cleanly and exits with status
 * SYSTEM_RESTART_EXIT, which systemd's Restart=on-failure takes as its cue
 * to start the daemon again. Thread-safe. */
#define SYSTEM_RESTART_EXIT 75
void	 system_restart_request(void);
bool	 system_restart_requested(void);

#endif
