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

static char dir_path[1024];

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
	const char *ext = ".sqlite3";

	if (n <= strlen(ext) || n > 100 || name[0] == '.' ||
	    strcmp(name + n - strlen(ext), ext) != 0)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static int
newest_first(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a,
	    "created_at"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b,
	    "created_at"));

	return x < y ? 1 : x > y ? -1 : 0;
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
		    (json_int_t)sb.st_mtime, "kind",
		    strncmp(e->d_name, "pre-migration", 13) == 0 ?
		    "before migration" : "manual");
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

int
backups_job(struct job_ctx *ctx, void *arg)
{
	char name[64], stamp[32], path[1400], err[512];
	struct stat sb;
	json_t *note;
	int rc;

	(void)arg;
	format_utc(now_unix(), stamp, sizeof(stamp));
	/* 2026-11-21T19:30:00Z -> 20261121-193000 */
	snprintf(name, sizeof(name), "switchboard-%.4s%.2s%.2s-%.2s%.2s%.2s"
	    ".sqlite3", stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14,
	    stamp + 17);
	snprintf(path, sizeof(path), "%s/%s", dir_path, name);
	if (access(path, F_OK) == 0) {
		job_fail(ctx, "A backup was taken this second already; try "
		    "again.");
		return -1;
	}
	/* The file appears complete, by a rename, or not at all: a restart
	 * finds the job done exactly when it is there (backups_settle). */
	note = json_pack("{s:s}", "name", name);
	rc = job_note(ctx, note);
	json_decref(note);
	if (rc != 0) {
		job_fail(ctx, "The database is busy; try again.");
		return -1;
	}
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

int
backups_settle(const json_t *note, json_t **result)
{
	const char *name = json_string_value(json_object_get(note, "name"));
	char path[1400], partial[1500];
	struct stat sb;

	if (name == NULL || !backups_name_ok(name))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir_path, name);
	snprintf(partial, sizeof(partial), "%s.partial", path);
	unlink(partial);	/* what a copy cut short left */
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return -1;
	*result = json_pack("{s:s,s:I}", "name", name, "size",
	    (json_int_t)sb.st_size);
	return 0;
}
