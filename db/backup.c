/* Switchboard — consistent copies of a live database and restore. */
#define _GNU_SOURCE
#include "backup.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../server/lib/util.h"
#include "db.h"
#include "migrate.h"
#include "phone_store.h"

#define BACKUP_STEP_PAGES 256

static int
copy_db(sqlite3 *src, sqlite3 *dst, backup_progress_fn progress, void *arg)
{
	sqlite3_backup *b;
	int rc;

	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL)
		return SQLITE_ERROR;
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (progress)
			progress(arg, sqlite3_backup_pagecount(b) -
			    sqlite3_backup_remaining(b),
			    sqlite3_backup_pagecount(b));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
db_backup_to(sqlite3 *src, const char *path, backup_progress_fn progress,
    void *arg, char *err, size_t errlen)
{
	char tmp[1100];
	sqlite3 *dst = NULL;
	int fd, rc = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.partial", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "backup path too long");
		return -1;
	}
	unlink(tmp);
	/* Create the file 0600 first: a backup holds password hashes. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %m", tmp);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s", tmp);
		goto out;
	}
	if (copy_db(src, dst, progress, arg) != SQLITE_OK) {
		snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* A standalone file: no WAL beside it. */
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errlen, "cannot close %s", tmp);
		dst = NULL;
		goto out;
	}
	dst = NULL;
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot sync %s: %m", tmp);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0 || fsync_parent_dir(path) != 0) {
		snprintf(err, errlen, "cannot move backup into %s: %m", path);
		goto out;
	}
	rc = 0;
out:
	if (dst)
		sqlite3_close(dst);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int
db_restore_from(const char *candidate, const char *dest, int max_version,
    char *err, size_t errlen)
{
	struct db *src = NULL, *dst = NULL;
	char uri[1100];
	int v, rc = -1;

	if (access(candidate, R_OK) != 0) {
		snprintf(err, errlen, "cannot read %s: %m", candidate);
		return -1;
	}
	snprintf(uri, sizeof(uri), "%s", candidate);
	if ((src = db_open(uri, err, errlen)) == NULL)
		goto out;
	if (db_check(src, err, errlen) != 0) {
		char inner[512];

		snprintf(inner, sizeof(inner), "%s", err);
		snprintf(err, errlen, "%s is not a sound backup: %s",
		    candidate, inner);
		goto out;
	}
	v = migrate_version(src);
	if (v <= 0 || v > max_version) {
		snprintf(err, errlen, "%s has schema version %d; this "
		    "switchboard accepts 1 to %d", candidate, v, max_version);
		goto out;
	}
	if ((dst = db_open(dest, err, errlen)) == NULL)
		goto out;
	if (copy_db(db_handle(src), db_handle(dst), NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "restore failed: %s", db_errmsg(dst));
		goto out;
	}
	rc = 0;
out:
	db_close(src);
	db_close(dst);
	return rc;
}

int
db_sealed_sample(struct db *db, const char **context, char **sealed)
{
	/* Three columns sealed under three contexts; the first that holds a
	 * value is enough to tell whether a key opens this database. */
	static const struct {
		const char	*context;
		const char	*sql;
	} probes[] = {
		{ PHONE_STATION_SECRET_CONTEXT,
		    "SELECT sip_password FROM stations WHERE sip_password "
		    "LIKE 'sb1:%' LIMIT 1" },
		{ PHONE_PROV_SECRET_CONTEXT,
		    "SELECT prov_password FROM phones WHERE prov_password "
		    "LIKE 'sb1:%' LIMIT 1" },
		{ "sip_device.password",
		    "SELECT sip_password FROM sip_devices WHERE sip_password "
		    "LIKE 'sb1:%' LIMIT 1" },
	};
	size_t i;

	*sealed = NULL;
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		sqlite3_stmt *st = db_stmt(db, probes[i].sql);
		int rc = sqlite3_step(st);

		if (rc == SQLITE_ROW) {
			*sealed = xstrdup((const char *)sqlite3_column_text(st,
			    0));
			*context = probes[i].context;
		}
		db_done(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}
