/* Switchboard — the backups folder of the data directory. */
#include "backups.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../db/backup.h"
#include "../../db/db.h"
#include "../lib/util.h"
#include "system_backup.h"

#include <sodium.h>

static char dir_path[1024];
static const char *data_path = "", *cert_file = "", *product_version = "";

void
backups_configure(const char *data_dir, const char *cert_path,
    const char *version)
{
	data_path = data_dir;
	cert_file = cert_path;
	product_version = version;
}

int
backups_init(const char *dir, char *err, size_t errlen)
{
	snprintf(dir_path, sizeof(dir_path), "%s", dir);
	return make_private_dir(dir, "", err, errlen);
}

const char *
backups_dir(void)
{
	return dir_path;
}

bool
backups_name_ok(const char *name)
{
	size_t n = strlen(name), i;
	const char *ext = ".sqlite3", *tar = ".tar";

	if (n > 100 || name[0] == '.' || !((n > strlen(ext) &&
	    strcmp(name + n - strlen(ext), ext) == 0) || (n > strlen(tar) &&
	    strcmp(name + n - strlen(tar), tar) == 0)))
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static const char *
kind_of(const char *name)
{
	if (strncmp(name, "pre-migration", 13) == 0)
		return "before migration";
	if (strncmp(name, "switchboard-system-", 19) == 0)
		return "system";
	if (strncmp(name, "switchboard-nightly-", 20) == 0)
		return "nightly";
	return "manual";
}

static int
newest_first(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a,
	    "created_at"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b,
	    "created_at"));

	/* Equal seconds: the names carry the time too, newest last. */
	return x < y ? 1 : x > y ? -1 : -strcmp(json_string_value(
	    json_object_get(*(json_t *const *)a, "name")), json_string_value(
	    json_object_get(*(json_t *const *)b, "name")));
}

json_t *
backups_list(void)
{
	json_t *items[1000], *a = json_array();
	struct dirent *e;
	DIR *d = opendir(dir_path);
	size_t n = 0, i;

	while (d && (e = readdir(d)) != NULL && n < 1000) {
		char path[1400];
		struct stat sb;

		if (!backups_name_ok(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir_path, e->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		items[n++] = json_pack("{s:s,s:I,s:I,s:s}", "name", e->d_name,
		    "size", (json_int_t)sb.st_size, "created_at",
		    (json_int_t)sb.st_mtime, "kind", kind_of(e->d_name));
	}
	if (d)
		closedir(d);
	qsort(items, n, sizeof(items[0]), newest_first);
	for (i = 0; i < n; i++)
		json_array_append_new(a, items[i]);
	return json_pack("{s:o,s:I}", "items", a, "total", (json_int_t)n);
}

int
backups_path(const char *name, char *buf, size_t len)
{
	struct stat sb;

	if (!backups_name_ok(name) ||
	    snprintf(buf, len, "%s/%s", dir_path, name) >= (int)len)
		return -1;
	return stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) ? 0 : -1;
}

int
backups_delete(const char *name)
{
	char path[1400];

	if (backups_path(name, path, sizeof(path)) != 0)
		return -1;
	return unlink(path);
}

static void
progress(void *arg, int done, int total)
{
	job_progress(arg, done, total);
}

/* A new backup's name (prefix, the UTC time, ext) and path, noted in the
 * job: 0, or -1 with the job failed. The file appears complete, by a
 * rename, or not at all: a restart finds the job done exactly when it is
 * there (backups_settle). */
static int
new_backup(struct job_ctx *ctx, const char *prefix, const char *ext,
    char name[64], char path[1400])
{
	char stamp[32];
	json_t *note;
	int rc;

	int i;

	format_utc(now_unix(), stamp, sizeof(stamp));
	/* 2026-11-21T19:30:00Z -> 20261121-193000, then -2 … -9 for more
	 * backups in the same second. */
	for (i = 1; i < 10; i++) {
		char n[4] = "";

		if (i > 1)
			snprintf(n, sizeof(n), "-%d", i);
		snprintf(name, 64, "%s-%.4s%.2s%.2s-%.2s%.2s%.2s%s%s", prefix,
		    stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14,
		    stamp + 17, n, ext);
		snprintf(path, 1400, "%s/%s", dir_path, name);
		if (access(path, F_OK) != 0)
			break;
	}
	if (i == 10) {
		job_fail(ctx, "Too many backups were taken this second; try "
		    "again.");
		return -1;
	}
	note = json_pack("{s:s}", "name", name);
	rc = job_note(ctx, note);
	json_decref(note);
	if (rc != 0) {
		job_fail(ctx, "The database is busy; try again.");
		return -1;
	}
	return 0;
}

int
backups_job(struct job_ctx *ctx, void *arg)
{
	char name[64], path[1400], err[512];
	struct stat sb;

	(void)arg;
	if (new_backup(ctx, "switchboard", ".sqlite3", name, path) != 0)
		return -1;
	if (db_backup_to(db_handle(job_db(ctx)), path, progress, ctx, err,
	    sizeof(err)) != 0) {
		job_fail(ctx, err);
		return -1;
	}
	stat(path, &sb);
	job_set_result(ctx, json_pack("{s:s,s:I}", "name", name, "size",
	    (json_int_t)sb.st_size));
	return 0;
}

void
backups_system_arg_free(void *p)
{
	struct backups_system_arg *a = p;

	if (a == NULL)
		return;
	if (a->passphrase) {
		sodium_memzero(a->passphrase, strlen(a->passphrase));
		free(a->passphrase);
	}
	free(a);
}

static void
progress64(void *arg, int64_t done, int64_t total)
{
	job_progress(arg, done, total);
}

/* Keep the newest keep nightly archives; older ones go. */
static void
prune_nightly(int keep)
{
	json_t *all = backups_list(), *items = json_object_get(all, "items");
	size_t i;
	int seen = 0;

	for (i = 0; i < json_array_size(items); i++) {
		json_t *b = json_array_get(items, i);
		const char *name = json_string_value(json_object_get(b, "name"));

		if (strcmp(json_string_value(json_object_get(b, "kind")),
		    "nightly") != 0)
			continue;
		if (++seen > keep)
			backups_delete(name);
	}
	json_decref(all);
}

int
backups_system_job(struct job_ctx *ctx, void *arg)
{
	struct backups_system_arg *a = arg;
	struct system_backup_opts o = { data_path, cert_file, product_version,
	    a->passphrase };
	char name[64], path[1400], err[512];
	struct stat sb;

	if (new_backup(ctx, a->nightly ? "switchboard-nightly" :
	    "switchboard-system", ".tar", name, path) != 0)
		return -1;
	if (system_backup_write(job_db(ctx), &o, path, progress64, ctx, err,
	    sizeof(err)) != 0) {
		job_fail(ctx, err);
		return -1;
	}
	if (a->nightly)
		prune_nightly(a->keep);
	stat(path, &sb);
	job_set_result(ctx, json_pack("{s:s,s:I,s:b}", "name", name, "size",
	    (json_int_t)sb.st_size, "has_key", a->passphrase != NULL));
	return 0;
}

/* Remove what a copy of name cut short left: "<name>.partial", the
 * database copy of a system backup ("<name>.partial.db.partial"), and the
 * rollback journals SQLite keeps beside either ("…-journal"). */
static void
remove_partials(const char *name)
{
	char prefix[128], path[1400];	/* names are at most 100 */
	struct dirent *e;
	DIR *d;

	snprintf(prefix, sizeof(prefix), "%s.partial", name);
	if ((d = opendir(dir_path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
		    snprintf(path, sizeof(path), "%s/%s", dir_path,
		    e->d_name) < (int)sizeof(path))
			unlink(path);
	closedir(d);
}

int
backups_settle(const json_t *note, json_t **result)
{
	const char *name = json_string_value(json_object_get(note, "name"));
	char path[1400];
	struct stat sb;

	if (name == NULL || !backups_name_ok(name))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir_path, name);
	remove_partials(name);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return -1;
	*result = json_pack("{s:s,s:I}", "name", name, "size",
	    (json_int_t)sb.st_size);
	return 0;
}
