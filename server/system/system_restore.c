/* Switchboard — restoring a whole-system backup, all or nothing. */
#define _GNU_SOURCE
#include "system_restore.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../db/backup.h"
#include "../../db/db.h"
#include "../../db/migrate.h"
#include "../lib/backup_key.h"
#include "../lib/backup_manifest.h"
#include "../lib/log.h"
#include "../lib/seal.h"
#include "../lib/util.h"

#define UPLOAD		"restore-upload"
#define PARTIAL		"restore-upload.partial"
#define PENDING		"restore-pending"
#define OLD		"restore-old"
#define RESULT		"restore-result.json"
#define RESULT_SEEN	"restore-result.seen.json"
#define INFO		"info.json"
#define CHUNK		(64 * 1024)
#define KEY_BYTES	32
#define PATH_MAX_SB	1200

/* What the swap moves, in order. A sidecar of the old database is moved
 * aside and never replaced: the restored file is a standalone database. */
static const struct {
	const char	*name;
	bool		 replaced;
} items[] = {
	{ "switchboard.db", true },
	{ "switchboard.db-wal", false },
	{ "switchboard.db-shm", false },
	{ "firmware", true },
	{ "tls", true },
	{ "secret.key", true },	/* only when the archive holds the key */
};
#define NITEMS (sizeof(items) / sizeof(items[0]))

/* a/b into buf; the data directory's path is at most CONFIG_STR_MAX, so
 * this always fits, but a path cut short must never name another file. */
static void
join(char *buf, const char *a, const char *b)
{
	if (snprintf(buf, PATH_MAX_SB, "%s/%s", a, b) >= PATH_MAX_SB)
		buf[0] = '\0';
}

static bool
exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove a folder this module made, and all in it. */
static void
rm_tree(const char *path)
{
	if (exists(path))
		nftw(path, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static json_t *
load_json(const char *dir, const char *name)
{
	char path[PATH_MAX_SB];

	join(path, dir, name);
	return json_load_file(path, 0, NULL);
}

static int
save_json(const char *dir, const char *name, json_t *v)
{
	char path[PATH_MAX_SB], *text = json_dumps(v, JSON_COMPACT);
	int rc;

	join(path, dir, name);
	rc = write_file_atomic(path, text, strlen(text), 0600);
	free(text);
	return rc;
}

/* ---- Stage: read, judge and unpack the archive. */

struct source {
	restore_read_fn	 rd;
	void		*arg;
	char		*buf;
	bool		 too_large;
};

static la_ssize_t
source_read(struct archive *a, void *p, const void **out)
{
	struct source *s = p;
	ssize_t n = s->rd(s->arg, s->buf, CHUNK);

	*out = s->buf;
	if (n == -2)
		s->too_large = true;
	if (n < 0) {
		archive_set_error(a, EIO, "the archive could not be read "
		    "whole");
		return -1;
	}
	return n;
}

static enum restore_status
refuse(char *err, size_t errlen, const char *fmt, const char *what)
{
	snprintf(err, errlen, fmt, what);
	return RESTORE_REFUSED;
}

/* The manifest, the archive's first member. */
static enum restore_status
read_manifest(struct archive *a, int max_schema, json_t **m, char *err,
    size_t errlen)
{
	struct archive_entry *e;
	const char *name;
	char *text;
	la_int64_t size;
	la_ssize_t n;

	if (archive_read_next_header(a, &e) != ARCHIVE_OK ||
	    (name = archive_entry_pathname(e)) == NULL ||
	    strcmp(name, BACKUP_MANIFEST_NAME) != 0 ||
	    archive_entry_filetype(e) != AE_IFREG ||
	    (size = archive_entry_size(e)) <= 0 || size > BACKUP_MANIFEST_MAX)
		return refuse(err, errlen, "%s", "not a Switchboard system "
		    "backup");
	text = xmalloc((size_t)size);
	n = archive_read_data(a, text, (size_t)size);
	*m = n == size ? json_loadb(text, (size_t)size, JSON_REJECT_DUPLICATES,
	    NULL) : NULL;
	free(text);
	if (*m == NULL)
		return refuse(err, errlen, "%s", "not a Switchboard system "
		    "backup");
	return backup_manifest_check(*m, max_schema, err, errlen) ==
	    BACKUP_OK ? RESTORE_OK : RESTORE_REFUSED;
}

/* One member's bytes into dir/<path>, no more than the manifest's size,
 * checked against its SHA-256. */
static enum restore_status
unpack_member(struct archive *a, struct archive_entry *e, const json_t *m,
    const char *dir, char *err, size_t errlen)
{
	const char *path = archive_entry_pathname(e), *want;
	crypto_hash_sha256_state st;
	unsigned char h[32];
	char file[PATH_MAX_SB], sha[65], *buf = NULL;
	int64_t size, got = 0;
	la_ssize_t n;
	enum restore_status rc = RESTORE_ERROR;
	int fd;

	if (path == NULL || !backup_member_path_ok(path) ||
	    !backup_manifest_member(m, path, &size, &want))
		return refuse(err, errlen, "refused: the archive holds \"%.100s\", "
		    "which its manifest does not list", path ? path : "");
	if (archive_entry_filetype(e) != AE_IFREG ||
	    archive_entry_hardlink(e) != NULL ||
	    archive_entry_symlink(e) != NULL)
		return refuse(err, errlen, "refused: %s is a link or a device, "
		    "not a file", path);
	if (!archive_entry_size_is_set(e) || archive_entry_size(e) != size)
		return refuse(err, errlen, "damaged: %s is not the size its "
		    "manifest gives", path);
	join(file, dir, path);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return refuse(err, errlen, "damaged: %s appears twice", path);
	buf = xmalloc(CHUNK);
	crypto_hash_sha256_init(&st);
	while ((n = archive_read_data(a, buf, CHUNK)) > 0) {
		got += n;
		if (got > size) {
			rc = refuse(err, errlen, "damaged: %s is larger than "
			    "its manifest says", path);
			goto out;
		}
		crypto_hash_sha256_update(&st, (unsigned char *)buf,
		    (size_t)n);
		if (write(fd, buf, (size_t)n) != n) {
			snprintf(err, errlen, "cannot write %s: %m", file);
			goto out;
		}
	}
	if (n < 0 || got != size) {
		rc = refuse(err, errlen, "damaged: %s is cut short", path);
		goto out;
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(sha, sizeof(sha), h, sizeof(h));
	if (strcmp(sha, want) != 0) {
		rc = refuse(err, errlen, "damaged: %s does not match its "
		    "checksum", path);
		goto out;
	}
	if (fsync(fd) != 0) {
		snprintf(err, errlen, "cannot sync %s: %m", file);
		goto out;
	}
	rc = RESTORE_OK;
out:
	close(fd);
	free(buf);
	return rc;
}

/* The database the archive carried must open, pass its checks, and be of
 * the schema its manifest says. */
static enum restore_status
check_database(const char *dir, const json_t *m, char *err, size_t errlen)
{
	char file[PATH_MAX_SB], inner[400];
	struct db *db;
	int v;

	join(file, dir, BACKUP_MEMBER_DB);
	if ((db = db_open(file, inner, sizeof(inner))) == NULL ||
	    db_check(db, inner, sizeof(inner)) != 0) {
		db_close(db);
		snprintf(err, errlen, "damaged: switchboard.db is not a sound "
		    "database: %s", inner);
		return RESTORE_REFUSED;
	}
	v = migrate_version(db);
	db_close(db);
	if (v != json_integer_value(json_object_get(m, "schema_version"))) {
		snprintf(err, errlen, "damaged: switchboard.db has schema "
		    "version %d, not the one its manifest gives", v);
		return RESTORE_REFUSED;
	}
	return RESTORE_OK;
}

static json_t *
info_of(const json_t *m)
{
	json_t *members = json_object_get(m, "members");
	json_int_t bytes = 0, firmware = 0;
	size_t i;

	for (i = 0; i < json_array_size(members); i++) {
		json_t *e = json_array_get(members, i);

		bytes += json_integer_value(json_object_get(e, "size"));
		firmware += strncmp(json_string_value(json_object_get(e,
		    "path")), BACKUP_FIRMWARE_DIR,
		    strlen(BACKUP_FIRMWARE_DIR)) == 0;
	}
	return json_pack("{s:O?,s:O,s:O?,s:O?,s:b,s:I,s:I}", "product_version",
	    json_object_get(m, "product_version"), "schema_version",
	    json_object_get(m, "schema_version"), "created_at",
	    json_object_get(m, "created_at"), "host", json_object_get(m,
	    "host"), "has_key", json_is_object(json_object_get(m, "key")),
	    "firmware_files", firmware, "bytes", bytes);
}

static enum restore_status
unpack_all(struct archive *a, json_t *m, const char *dir, char *err,
    size_t errlen)
{
	struct archive_entry *e;
	json_t *members = json_object_get(m, "members");
	enum restore_status rc;
	char file[PATH_MAX_SB];
	size_t i;
	int r;

	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		if ((rc = unpack_member(a, e, m, dir, err, errlen)) !=
		    RESTORE_OK)
			return rc;
	if (r != ARCHIVE_EOF)
		return refuse(err, errlen, "damaged: %s", "the archive ends "
		    "in the middle of a member");
	for (i = 0; i < json_array_size(members); i++) {
		const char *p = json_string_value(json_object_get(
		    json_array_get(members, i), "path"));

		join(file, dir, p);
		if (!exists(file))
			return refuse(err, errlen, "damaged: %s is missing",
			    p);
	}
	return check_database(dir, m, err, errlen);
}

enum restore_status
system_restore_stage(const char *data_dir, restore_read_fn rd, void *arg,
    int max_schema, json_t **info, char *err, size_t errlen)
{
	struct source src = { rd, arg, xmalloc(CHUNK), false };
	struct archive *a = archive_read_new();
	char dir[PATH_MAX_SB], sub[PATH_MAX_SB], upload[PATH_MAX_SB];
	enum restore_status rc = RESTORE_ERROR;
	json_t *m = NULL;

	*info = NULL;
	err[0] = '\0';
	join(dir, data_dir, PARTIAL);
	join(upload, data_dir, UPLOAD);
	rm_tree(dir);
	if (mkdir(dir, 0700) != 0) {
		snprintf(err, errlen, "cannot create %s: %m", dir);
		goto out;
	}
	join(sub, dir, "firmware");
	mkdir(sub, 0700);
	join(sub, dir, "tls");
	mkdir(sub, 0700);
	archive_read_support_format_tar(a);
	if (archive_read_open(a, &src, NULL, source_read, NULL) !=
	    ARCHIVE_OK) {
		rc = refuse(err, errlen, "%s", "not a Switchboard system "
		    "backup");
		goto out;
	}
	if ((rc = read_manifest(a, max_schema, &m, err, errlen)) !=
	    RESTORE_OK || (rc = unpack_all(a, m, dir, err, errlen)) !=
	    RESTORE_OK)
		goto out;
	*info = info_of(m);
	if (save_json(dir, BACKUP_MANIFEST_NAME, m) != 0 ||
	    save_json(dir, INFO, *info) != 0 || fsync_dir(dir) != 0) {
		snprintf(err, errlen, "cannot write into %s: %m", dir);
		rc = RESTORE_ERROR;
		goto out;
	}
	rm_tree(upload);
	if (rename(dir, upload) != 0 || fsync_dir(data_dir) != 0) {
		snprintf(err, errlen, "cannot move the upload into place: %m");
		rc = RESTORE_ERROR;
		goto out;
	}
	rc = RESTORE_OK;
out:
	if (src.too_large) {
		rc = RESTORE_TOO_LARGE;
		snprintf(err, errlen, "The archive is larger than this "
		    "Switchboard restores.");
	}
	if (rc != RESTORE_OK) {
		json_decref(*info);
		*info = NULL;
		rm_tree(dir);
	}
	archive_read_free(a);
	json_decref(m);
	free(src.buf);
	return rc;
}

/* ---- Confirm: the key, the secrets, then pending. */

static enum restore_status
open_key(const char *dir, const json_t *m, const char *passphrase,
    char *err, size_t errlen)
{
	char file[PATH_MAX_SB], *sealed = NULL;
	unsigned char key[KEY_BYTES];
	size_t n = 0;
	int rc;

	if (passphrase == NULL || passphrase[0] == '\0') {
		snprintf(err, errlen, "This backup holds the secret key: enter "
		    "the passphrase it was made with.");
		return RESTORE_PASSPHRASE;
	}
	join(file, dir, BACKUP_MEMBER_KEY);
	if (read_file_max(file, 1024, &sealed, &n) != 0) {
		snprintf(err, errlen, "cannot read the sealed key");
		return RESTORE_ERROR;
	}
	rc = backup_key_open(json_object_get(m, "key"), (unsigned char *)sealed,
	    n, passphrase, key, sizeof(key));
	free(sealed);
	if (rc != 0) {
		snprintf(err, errlen, "The passphrase does not open the secret "
		    "key in this backup; nothing was changed.");
		return RESTORE_PASSPHRASE;
	}
	join(file, dir, "secret.key");
	rc = write_file_atomic(file, key, sizeof(key), 0600);
	sodium_memzero(key, sizeof(key));
	if (rc != 0) {
		snprintf(err, errlen, "cannot write the secret key: %m");
		return RESTORE_ERROR;
	}
	return RESTORE_OK;
}

/* 1 when the key at key_path opens the staged database's secrets (or it
 * seals none), 0 when it does not, -1 on an error. */
static int
secrets_readable(const char *dir, const char *key_path)
{
	char file[PATH_MAX_SB], err[300], *sealed = NULL;
	const char *context = NULL;
	struct db *db;
	int rc;

	join(file, dir, BACKUP_MEMBER_DB);
	if ((db = db_open(file, err, sizeof(err))) == NULL)
		return -1;
	rc = db_sealed_sample(db, &context, &sealed);
	db_close(db);
	if (rc <= 0)
		return rc == 0 ? 1 : -1;
	rc = seal_probe(key_path, context, sealed) == 1;
	free(sealed);
	return rc;
}

enum restore_status
system_restore_confirm(const char *data_dir, const char *passphrase,
    bool force_without_key, char *err, size_t errlen)
{
	char dir[PATH_MAX_SB], pending[PATH_MAX_SB], key[PATH_MAX_SB];
	json_t *m, *info;
	enum restore_status rc = RESTORE_ERROR;
	int readable;

	err[0] = '\0';
	join(dir, data_dir, UPLOAD);
	join(pending, data_dir, PENDING);
	if ((m = load_json(dir, BACKUP_MANIFEST_NAME)) == NULL ||
	    (info = load_json(dir, INFO)) == NULL) {
		json_decref(m);
		snprintf(err, errlen, "No system backup has been uploaded.");
		return RESTORE_NO_UPLOAD;
	}
	if (json_is_object(json_object_get(m, "key"))) {
		if ((rc = open_key(dir, m, passphrase, err, errlen)) !=
		    RESTORE_OK)
			goto out;
		join(key, dir, "secret.key");
	} else {
		join(key, data_dir, "secret.key");
	}
	readable = secrets_readable(dir, key);
	if (readable < 0) {
		snprintf(err, errlen, "cannot read the restored database");
		rc = RESTORE_ERROR;
		goto out;
	}
	if (!readable && !force_without_key) {
		snprintf(err, errlen, "restore without the key: sealed secrets "
		    "will be unreadable. This backup does not hold the secret "
		    "key its SIP passwords and other secrets were sealed "
		    "with, and this appliance's key does not open them. "
		    "Restore a backup made with the key, or force it.");
		rc = RESTORE_NO_KEY;
		goto out;
	}
	json_object_set_new(info, "secrets_readable", json_boolean(readable));
	if (save_json(dir, INFO, info) != 0) {
		snprintf(err, errlen, "cannot write into %s: %m", dir);
		goto out;
	}
	rm_tree(pending);
	if (rename(dir, pending) != 0 || fsync_dir(data_dir) != 0) {
		snprintf(err, errlen, "cannot make the restore pending: %m");
		goto out;
	}
	rc = RESTORE_OK;
out:
	json_decref(m);
	json_decref(info);
	return rc;
}

/* ---- State. */

json_t *
system_restore_state(const char *data_dir)
{
	char dir[PATH_MAX_SB];
	json_t *upload, *pending, *last;

	join(dir, data_dir, UPLOAD);
	upload = load_json(dir, INFO);
	join(dir, data_dir, PENDING);
	pending = load_json(dir, INFO);
	if ((last = load_json(data_dir, RESULT)) == NULL)
		last = load_json(data_dir, RESULT_SEEN);
	return json_pack("{s:o?,s:o?,s:o?}", "upload", upload, "pending",
	    pending, "last", last);
}

void
system_restore_cancel(const char *data_dir)
{
	char dir[PATH_MAX_SB];

	join(dir, data_dir, UPLOAD);
	rm_tree(dir);
	join(dir, data_dir, PENDING);
	rm_tree(dir);
	fsync_dir(data_dir);
}

json_t *
system_restore_take_result(const char *data_dir)
{
	char from[PATH_MAX_SB], to[PATH_MAX_SB];
	json_t *r = load_json(data_dir, RESULT);

	if (r == NULL)
		return NULL;
	join(from, data_dir, RESULT);
	join(to, data_dir, RESULT_SEEN);
	rename(from, to);
	return r;
}

static volatile sig_atomic_t restart_asked;

void
system_restart_request(void)
{
	restart_asked = 1;
}

bool
system_restart_requested(void)
{
	return restart_asked != 0;
}

/* ---- Apply: the swap. */

static void
record(const char *data_dir, const char *outcome, const char *message,
    json_t *info)
{
	char at[32];
	json_t *r;

	format_utc(now_unix(), at, sizeof(at));
	r = json_pack("{s:s,s:s,s:s,s:O?}", "outcome", outcome, "message",
	    message, "at", at, "backup", info);
	save_json(data_dir, RESULT, r);
	json_decref(r);
	log_event(strcmp(outcome, "applied") == 0 ? LOG_INFO : LOG_ERROR,
	    "system.restore", "outcome", outcome, "message", message, NULL);
}

/* Put back what the swap moved aside: an item with its old copy in
 * restore-old (or a marker saying there was none) has the new one in its
 * place, if any, which goes. */
static int
roll_back(const char *data_dir, const char *old)
{
	char live[PATH_MAX_SB], kept[PATH_MAX_SB], marker[PATH_MAX_SB + 8];
	size_t i;
	int rc = 0;

	for (i = NITEMS; i-- > 0;) {
		join(live, data_dir, items[i].name);
		join(kept, old, items[i].name);
		snprintf(marker, sizeof(marker), "%s.absent", kept);
		if (!exists(kept) && !exists(marker))
			continue;
		rm_tree(live);
		if (exists(kept) && rename(kept, live) != 0)
			rc = -1;
	}
	if (fsync_dir(data_dir) != 0)
		rc = -1;
	return rc;
}

static int
swap_in(const char *data_dir, const char *pending, const char *old,
    char *err, size_t errlen)
{
	char live[PATH_MAX_SB], kept[PATH_MAX_SB], fresh[PATH_MAX_SB];
	size_t i;

	for (i = 0; i < NITEMS; i++) {
		join(live, data_dir, items[i].name);
		join(kept, old, items[i].name);
		join(fresh, pending, items[i].name);
		if (items[i].replaced && !exists(fresh))
			continue;	/* no key in the archive: ours stays */
		if (exists(live)) {
			if (rename(live, kept) != 0)
				goto fail;
		} else {
			char marker[PATH_MAX_SB + 8];
			int fd;

			snprintf(marker, sizeof(marker), "%s.absent", kept);
			fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
			if (fd < 0)
				goto fail;
			close(fd);
		}
		if (fsync_dir(old) != 0)
			goto fail;
		if (test_fail(data_dir, "restore-swap") && i > 0) {
			errno = EIO;
			goto fail;
		}
		if (items[i].replaced && rename(fresh, live) != 0)
			goto fail;
		if (fsync_dir(data_dir) != 0)
			goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "cannot move %s into place: %s", items[i].name,
	    strerror(errno));
	return -1;
}

/* A swap a crash cut short: finished if it had committed, else undone. */
static void
recover(const char *data_dir, const char *old, const char *pending)
{
	char done[PATH_MAX_SB];

	if (!exists(old))
		return;
	join(done, old, "COMMITTED");
	if (!exists(done)) {
		roll_back(data_dir, old);
		record(data_dir, "failed", "The restore was interrupted (the "
		    "appliance stopped mid-way); the system was put back as "
		    "it was before.", NULL);
		rm_tree(pending);
	}
	rm_tree(old);
	fsync_dir(data_dir);
}

int
system_restore_apply_pending(const char *data_dir, char *err, size_t errlen)
{
	char pending[PATH_MAX_SB], old[PATH_MAX_SB], done[PATH_MAX_SB];
	json_t *info;
	int fd;

	err[0] = '\0';
	join(pending, data_dir, PENDING);
	join(old, data_dir, OLD);
	recover(data_dir, old, pending);
	if ((info = load_json(pending, INFO)) == NULL) {
		rm_tree(pending);	/* never confirmed whole */
		return 0;
	}
	if (mkdir(old, 0700) != 0 || fsync_dir(data_dir) != 0) {
		snprintf(err, errlen, "cannot create %s: %m", old);
		goto fail;
	}
	if (swap_in(data_dir, pending, old, err, errlen) != 0)
		goto fail;
	join(done, old, "COMMITTED");
	fd = open(done, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || fsync(fd) != 0 || fsync_dir(old) != 0) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "cannot commit the restore: %m");
		goto fail;
	}
	close(fd);
	record(data_dir, "applied", "The system backup was restored.", info);
	rm_tree(old);
	rm_tree(pending);
	fsync_dir(data_dir);
	json_decref(info);
	return 1;
fail:
	if (roll_back(data_dir, old) != 0)
		log_event(LOG_ERROR, "system.restore", "error", "the roll back "
		    "could not put every file back", "folder", old, NULL);
	else
		rm_tree(old);
	{
		char msg[800];

		snprintf(msg, sizeof(msg), "The restore failed and the system "
		    "was put back as it was before: %s", err);
		record(data_dir, "failed", msg, info);
	}
	rm_tree(pending);
	fsync_dir(data_dir);
	json_decref(info);
	return -1;
}
