/* Switchboard — writing the whole-system backup archive. */
#define _GNU_SOURCE
#include "system_backup.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
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
#include "../lib/util.h"

#define CHUNK		(64 * 1024)
#define CERT_MAX	(1024 * 1024)
#define KEY_BYTES	32

/* One member: where its bytes come from (a file, or memory) and what the
 * manifest says of it. */
struct member {
	char		 path[128];	/* in the archive */
	char		 file[1200];	/* source file, or "" */
	unsigned char	*mem;		/* or these bytes */
	int64_t		 size;
	char		 sha[65];
};

struct writer {
	struct archive			*a;
	system_backup_progress_fn	 progress;
	void				*arg;
	int64_t				 done, total;
};

static int
sha_file(const char *file, int64_t *size, char sha[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[32], *buf = xmalloc(CHUNK);
	ssize_t n;
	int fd = open(file, O_RDONLY | O_CLOEXEC), rc = -1;

	*size = 0;
	if (fd < 0)
		goto out;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, buf, CHUNK)) > 0) {
		crypto_hash_sha256_update(&st, buf, (size_t)n);
		*size += n;
	}
	if (n == 0) {
		crypto_hash_sha256_final(&st, h);
		sodium_bin2hex(sha, 65, h, sizeof(h));
		rc = 0;
	}
	close(fd);
out:
	free(buf);
	return rc;
}

static void
sha_mem(const unsigned char *p, size_t n, char sha[65])
{
	unsigned char h[32];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(sha, 65, h, sizeof(h));
}

/* Every firmware file (DATA/firmware/<sha256>) as a member; n in/out. */
static int
add_firmware(const char *data_dir, struct member **ms, size_t *n, char *err,
    size_t errlen)
{
	char dir[1100];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/firmware", data_dir);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		char path[128];
		struct member *m;

		/* Only what a restore would take back: 64 hex digits. */
		snprintf(path, sizeof(path), "%s%.100s", BACKUP_FIRMWARE_DIR,
		    e->d_name);
		if (strlen(e->d_name) != 64 || !backup_member_path_ok(path))
			continue;
		if (*n >= BACKUP_MEMBERS_MAX - 4) {
			snprintf(err, errlen, "too many firmware files");
			closedir(d);
			return -1;
		}
		*ms = xrealloc(*ms, (*n + 1) * sizeof(**ms));
		m = &(*ms)[(*n)++];
		memset(m, 0, sizeof(*m));
		snprintf(m->path, sizeof(m->path), "%s", path);
		snprintf(m->file, sizeof(m->file), "%.1100s/%.64s", dir,
		    e->d_name);
	}
	closedir(d);
	return 0;
}

static int
write_header(struct archive *a, const char *path, int64_t size)
{
	struct archive_entry *e = archive_entry_new();
	int rc;

	archive_entry_set_pathname(e, path);
	archive_entry_set_size(e, size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_mtime(e, (time_t)now_unix(), 0);
	rc = archive_write_header(a, e);
	archive_entry_free(e);
	return rc == ARCHIVE_OK ? 0 : -1;
}

static int
write_bytes(struct writer *w, const void *p, size_t n)
{
	if (archive_write_data(w->a, p, n) != (la_ssize_t)n)
		return -1;
	w->done += (int64_t)n;
	if (w->progress)
		w->progress(w->arg, w->done, w->total);
	return 0;
}

/* A member's bytes, checked against the checksum taken for the manifest:
 * a file that changed since (a firmware file deleted and uploaded again)
 * fails the backup rather than making an archive that would not
 * restore. */
static int
write_member(struct writer *w, const struct member *m, char *err,
    size_t errlen)
{
	crypto_hash_sha256_state st;
	unsigned char h[32], *buf;
	char sha[65];
	int64_t left = m->size;
	ssize_t n = 0;
	int fd;

	if (write_header(w->a, m->path, m->size) != 0) {
		snprintf(err, errlen, "cannot write the archive: %s",
		    archive_error_string(w->a));
		return -1;
	}
	if (m->mem)
		return write_bytes(w, m->mem, (size_t)m->size);
	if ((fd = open(m->file, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot read %s: %m", m->file);
		return -1;
	}
	buf = xmalloc(CHUNK);
	crypto_hash_sha256_init(&st);
	while (left > 0 && (n = read(fd, buf, left < CHUNK ? (size_t)left :
	    CHUNK)) > 0) {
		crypto_hash_sha256_update(&st, buf, (size_t)n);
		if (write_bytes(w, buf, (size_t)n) != 0)
			break;
		left -= n;
	}
	close(fd);
	free(buf);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(sha, sizeof(sha), h, sizeof(h));
	if (left != 0 || strcmp(sha, m->sha) != 0) {
		snprintf(err, errlen, "%s changed while it was being backed "
		    "up; try again", m->path);
		return -1;
	}
	return 0;
}

static json_t *
manifest_of(const struct system_backup_opts *o, int schema,
    const struct member *ms, size_t n, json_t *kdf)
{
	json_t *members = json_array();
	char host[256] = "", at[32];
	size_t i;

	gethostname(host, sizeof(host) - 1);
	format_utc(now_unix(), at, sizeof(at));
	for (i = 0; i < n; i++)
		json_array_append_new(members, json_pack("{s:s,s:I,s:s}",
		    "path", ms[i].path, "size", (json_int_t)ms[i].size,
		    "sha256", ms[i].sha));
	return json_pack("{s:s,s:i,s:s,s:s,s:i,s:s,s:s,s:s,s:o,s:o}",
	    "format", BACKUP_FORMAT, "format_version", BACKUP_FORMAT_VERSION,
	    "product", "Switchboard", "product_version", o->version,
	    "schema_version", schema, "created_at", at, "host", host,
	    "custom_files", "Custom configuration files are rows of the "
	    "database (custom_files): they come with switchboard.db.",
	    "members", members, "key", kdf ? kdf : json_null());
}

/* The members' checksums and sizes, and the sealed key when asked. */
static int
gather(const struct system_backup_opts *o, const char *db_copy,
    struct member **ms, size_t *n, json_t **kdf, char *err, size_t errlen)
{
	struct member *m;
	size_t i;

	*ms = xcalloc(3, sizeof(**ms));
	m = &(*ms)[(*n)++];
	snprintf(m->path, sizeof(m->path), "%s", BACKUP_MEMBER_DB);
	snprintf(m->file, sizeof(m->file), "%s", db_copy);
	m = &(*ms)[(*n)++];
	snprintf(m->path, sizeof(m->path), "%s", BACKUP_MEMBER_CERT);
	snprintf(m->file, sizeof(m->file), "%s", o->cert_path);
	if (o->passphrase) {
		char keyfile[1100], *key = NULL;
		size_t len = 0;

		m = &(*ms)[(*n)++];
		snprintf(m->path, sizeof(m->path), "%s", BACKUP_MEMBER_KEY);
		snprintf(keyfile, sizeof(keyfile), "%s/secret.key",
		    o->data_dir);
		if (read_file_max(keyfile, KEY_BYTES, &key, &len) != 0 ||
		    len != KEY_BYTES) {
			if (key)
				sodium_memzero(key, len);
			free(key);
			snprintf(err, errlen, "cannot read the secret key");
			return -1;
		}
		m->mem = xmalloc(BACKUP_KEY_SEALED_LEN(KEY_BYTES));
		m->size = BACKUP_KEY_SEALED_LEN(KEY_BYTES);
		i = (size_t)backup_key_seal((unsigned char *)key, KEY_BYTES,
		    o->passphrase, m->mem, kdf);
		sodium_memzero(key, len);
		free(key);
		if (i != 0) {
			snprintf(err, errlen, "cannot seal the secret key "
			    "(out of memory)");
			return -1;
		}
		sha_mem(m->mem, (size_t)m->size, m->sha);
	}
	if (add_firmware(o->data_dir, ms, n, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "cannot list the firmware files");
		return -1;
	}
	for (i = 0; i < *n; i++) {
		m = &(*ms)[i];
		if (m->mem == NULL && sha_file(m->file, &m->size,
		    m->sha) != 0) {
			snprintf(err, errlen, "cannot read %s: %m", m->file);
			return -1;
		}
		if (strcmp(m->path, BACKUP_MEMBER_CERT) == 0 &&
		    m->size > CERT_MAX) {
			snprintf(err, errlen, "the certificate file is larger "
			    "than 1 MiB");
			return -1;
		}
	}
	return 0;
}

static int
write_archive(int fd, json_t *manifest, const struct member *ms, size_t n,
    system_backup_progress_fn progress, void *arg, char *err, size_t errlen)
{
	struct writer w = { archive_write_new(), progress, arg, 0, 0 };
	char *text = json_dumps(manifest, JSON_INDENT(2) | JSON_SORT_KEYS);
	size_t i;
	int rc = -1;

	for (i = 0; i < n; i++)
		w.total += ms[i].size;
	archive_write_set_format_pax_restricted(w.a);
	archive_write_set_bytes_in_last_block(w.a, 1);
	if (archive_write_open_fd(w.a, fd) != ARCHIVE_OK ||
	    write_header(w.a, BACKUP_MANIFEST_NAME, (int64_t)strlen(text)) !=
	    0 || archive_write_data(w.a, text, strlen(text)) !=
	    (la_ssize_t)strlen(text)) {
		snprintf(err, errlen, "cannot write the archive: %s",
		    archive_error_string(w.a));
		goto out;
	}
	for (i = 0; i < n; i++)
		if (write_member(&w, &ms[i], err, errlen) != 0)
			goto out;
	if (archive_write_close(w.a) != ARCHIVE_OK) {
		snprintf(err, errlen, "cannot finish the archive: %s",
		    archive_error_string(w.a));
		goto out;
	}
	rc = 0;
out:
	archive_write_free(w.a);
	free(text);
	return rc;
}

int
system_backup_write(struct db *db, const struct system_backup_opts *o,
    const char *path, system_backup_progress_fn progress, void *arg,
    char *err, size_t errlen)
{
	char tmp[1200], db_copy[1200];
	struct member *ms = NULL;
	json_t *kdf = NULL, *manifest = NULL;
	size_t n = 0, i;
	int fd = -1, rc = -1;

	err[0] = '\0';
	if (snprintf(tmp, sizeof(tmp), "%s.partial", path) >= (int)sizeof(tmp)
	    || snprintf(db_copy, sizeof(db_copy), "%s.db", tmp) >=
	    (int)sizeof(db_copy)) {
		snprintf(err, errlen, "backup path too long");
		return -1;
	}
	unlink(tmp);
	unlink(db_copy);
	if (db_backup_to(db_handle(db), db_copy, NULL, NULL, err,
	    errlen) != 0)
		goto out;
	if (gather(o, db_copy, &ms, &n, &kdf, err, errlen) != 0)
		goto out;
	manifest = manifest_of(o, migrate_version(db), ms, n, kdf);
	kdf = NULL;
	/* 0600: the archive holds password hashes and the certificate's
	 * private key. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %m", tmp);
		goto out;
	}
	if (write_archive(fd, manifest, ms, n, progress, arg, err,
	    errlen) != 0)
		goto out;
	if (fsync(fd) != 0) {
		snprintf(err, errlen, "cannot sync %s: %m", tmp);
		goto out;
	}
	if (rename(tmp, path) != 0 || fsync_parent_dir(path) != 0) {
		snprintf(err, errlen, "cannot move the archive into %s: %m",
		    path);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	unlink(db_copy);
	for (i = 0; i < n; i++)
		if (ms[i].mem) {
			sodium_memzero(ms[i].mem, (size_t)ms[i].size);
			free(ms[i].mem);
		}
	free(ms);
	json_decref(kdf);
	json_decref(manifest);
	return rc;
}
