/* Switchboard — the whole-system backup archive: one tar (libarchive) with
 * manifest.json first, then the database (an online backup), every firmware
 * file, the admin certificate and, only when the admin asks for it, the
 * secret key sealed with their passphrase (backup_key.h). Custom files are
 * rows of the database and come with it. Written 0600 to a temporary name,
 * fsynced and renamed, so the archive is whole or absent. */
#ifndef SB_SYSTEM_BACKUP_H
#define SB_SYSTEM_BACKUP_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct system_backup_opts {
	const char	*data_dir;	/* DATA: firmware/, secret.key */
	const char	*cert_path;	/* the admin certificate (PEM) */
	const char	*version;	/* this product version */
	const char	*passphrase;	/* NULL: no key; else seals the key */
};

/* Called with bytes done and bytes in all (the total is known once the
 * database copy is made). */
typedef void (*system_backup_progress_fn)(void *arg, int64_t done,
	    int64_t total);

/* Write the archive of the system at o->data_dir, reading the database
 * through db, to path. progress may be NULL. 0, or -1 with a message in err
 * (path then absent). The passphrase must have passed
 * backup_passphrase_problem; it is never stored. */
int	 system_backup_write(struct db *db, const struct system_backup_opts *o,
	    const char *path, system_backup_progress_fn progress, void *arg,
	    char *err, size_t errlen);

#endif
