/* Switchboard — the hand-over export job and its archives. */
#include "handover_job.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../db/sip_device_store.h"
#include "../../db/sip_export_store.h"
#include "../lib/log.h"
#include "../lib/util.h"

#define DIR_NAME "handover"

int
handover_file_path(const char *data_dir, const char *name, char *out,
    size_t cap)
{
	size_t n = strlen(name);

	if (n != HANDOVER_NAME_LEN + 4 || strspn(name, "ABCDEFGHIJKLMNOPQRSTU"
	    "VWXYZabcdefghijklmnopqrstuvwxyz0123456789") != HANDOVER_NAME_LEN ||
	    strcmp(name + HANDOVER_NAME_LEN, ".zip") != 0)
		return -1;
	return snprintf(out, cap, "%s/" DIR_NAME "/%s", data_dir, name) <
	    (int)cap ? 0 : -1;
}

/* Overwrite the file at path, then remove it; name is for the log. */
static void
wipe_path(const char *path, const char *name)
{
	static const char zeros[4096];
	struct stat sb;
	off_t left;
	int fd;

	/* Overwrite before removing: the archives are encrypted, but a copy
	 * left in free blocks would outlive the admin's "delivered". */
	if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0) {
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
			for (left = sb.st_size; left > 0; ) {
				ssize_t w = write(fd, zeros, left > (off_t)
				    sizeof(zeros) ? sizeof(zeros) : (size_t)left);

				if (w <= 0)
					break;
				left -= w;
			}
		(void)fsync(fd);
		close(fd);
	}
	if (unlink(path) == 0)
		(void)fsync_parent_dir(path);
	else if (errno != ENOENT)
		log_event(LOG_WARN, "sip_devices.handover_wipe", "file", name,
		    "error", strerror(errno), NULL);
}

void
handover_file_wipe(const char *data_dir, const char *name)
{
	char path[1200];

	if (handover_file_path(data_dir, name, path, sizeof(path)) == 0)
		wipe_path(path, name);
}

/* At start-up, wipe every file in the hand-over folder that is not an
 * archive of an export still ready: a process killed between writing an
 * archive and renaming it into place leaves "<name>.zip.tmp.<pid>". */
static void
sweep_strays(struct db *db, const char *data_dir)
{
	json_t *keep = sip_export_store_ready_files(db), *k;
	char dir[1100], path[1400];
	struct dirent *e;
	bool kept;
	size_t i;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/" DIR_NAME, data_dir);
	if (keep == NULL || (d = opendir(dir)) == NULL) {
		json_decref(keep);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		kept = false;
		json_array_foreach(keep, i, k)
			if (strcmp(json_string_value(k), e->d_name) == 0)
				kept = true;
		if (kept)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		wipe_path(path, e->d_name);
	}
	closedir(d);
	json_decref(keep);
}

static int
write_archive(const char *data_dir, const char *name,
    const struct handover_archive *a)
{
	char dir[1100], path[1200], err[300];

	snprintf(dir, sizeof(dir), "%s/" DIR_NAME, data_dir);
	if (make_private_dir(dir, "hand-over folder", err, sizeof(err)) != 0 ||
	    handover_file_path(data_dir, name, path, sizeof(path)) != 0)
		return -1;
	return write_file_atomic(path, a->data, a->len, 0600);
}

static void
progress(void *arg, long done, long total)
{
	job_progress(arg, done, total);
}

/* The extension of the first device whose credential was regenerated,
 * or that was removed, since the export read its rows; NULL when none
 * was. Such archives would hand over a credential that no longer works. */
static const char *
changed_device(struct db *db, json_t *rows)
{
	json_t *now, *by_id = json_object(), *d, *was;
	const char *changed = NULL;
	int64_t *ids = xcalloc(json_array_size(rows) + 1, sizeof(*ids));
	char key[24], *text;
	size_t i;

	json_array_foreach(rows, i, d)
		ids[i] = json_integer_value(json_object_get(d, "id"));
	text = db_ids_text(ids, json_array_size(rows));
	now = sip_device_store_for_export(db, text);
	free(text);
	free(ids);
	json_array_foreach(now, i, d) {
		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(json_object_get(d, "id")));
		json_object_set(by_id, key, d);
	}
	json_array_foreach(rows, i, d) {
		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(json_object_get(d, "id")));
		was = json_object_get(by_id, key);
		if (now == NULL || was == NULL ||
		    !json_equal(json_object_get(was, "sip_name"),
		    json_object_get(d, "sip_name")) ||
		    !json_equal(json_object_get(was, "sealed"),
		    json_object_get(d, "sealed"))) {
			changed = json_string_value(json_object_get(d,
			    "extension"));
			break;
		}
	}
	json_decref(by_id);
	json_decref(now);
	return changed;
}

int
handover_job_run(struct job_ctx *ctx, void *arg)
{
	struct handover_job *j = arg;
	struct handover_archive names, passwords;
	struct db *db = job_db(ctx);
	const char *changed;
	char err[300];
	int rc = -1;

	test_hold(j->data_dir, "handover");
	if (handover_build(j->rows, j->secrets, j->names_entry,
	    j->passwords_entry, &names, &passwords, progress, ctx, err,
	    sizeof(err)) != 0) {
		job_fail(ctx, err);
		goto failed;
	}
	if (write_archive(j->data_dir, j->names_file, &names) != 0 ||
	    write_archive(j->data_dir, j->passwords_file, &passwords) != 0) {
		snprintf(err, sizeof(err), "The archives could not be written: "
		    "%s.", strerror(errno));
		job_fail(ctx, err);
	} else if (db_begin(db) != 0) {
		job_fail(ctx, "The export could not be recorded.");
	} else if ((changed = changed_device(db, j->rows)) != NULL) {
		/* Checked in the transaction that makes the export ready, so
		 * no regeneration slips in between. */
		snprintf(err, sizeof(err), "The credential of extension %s was "
		    "regenerated, or the device removed, while the export was "
		    "built: make a new export.", changed);
		db_rollback(db);
		job_fail(ctx, err);
	} else if (sip_export_store_move(db, j->export_id, "building", "ready",
	    false) != DB_OK || job_done_in(ctx, db, json_pack(
	    "{s:I,s:s,s:s,s:I}", "export_id", (json_int_t)j->export_id,
	    "names_file", j->names_file, "passwords_file", j->passwords_file,
	    "devices", (json_int_t)json_array_size(j->rows))) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		job_fail(ctx, "The export could not be recorded.");
	} else
		rc = 0;
	free(names.data);
	free(passwords.data);
	if (rc == 0)
		return 0;
failed:
	handover_file_wipe(j->data_dir, j->names_file);
	handover_file_wipe(j->data_dir, j->passwords_file);
	sip_export_store_move(db, j->export_id, "building", "failed", true);
	return -1;
}

void
handover_job_free(void *arg)
{
	struct handover_job *j = arg;

	json_decref(j->rows);
	handover_secrets_free(j->secrets);
	free(j);
}

int
handover_expire(struct db *db, const char *data_dir, int64_t now,
    bool settle)
{
	json_t *due = sip_export_store_expired(db, now), *e;
	size_t i;
	int n = 0;

	json_array_foreach(due, i, e) {
		int64_t id = json_integer_value(json_object_get(e, "id"));
		const char *state = json_string_value(json_object_get(e,
		    "state"));
		bool building = state && strcmp(state, "building") == 0;

		/* A running build's export is left to its job. */
		if (building && !settle)
			continue;
		handover_file_wipe(data_dir, json_string_value(json_object_get(
		    e, "names_file")));
		handover_file_wipe(data_dir, json_string_value(json_object_get(
		    e, "passwords_file")));
		if (sip_export_store_move(db, id, state, building ? "failed" :
		    "expired", true) == DB_OK)
			n++;
	}
	json_decref(due);
	if (settle)
		sweep_strays(db, data_dir);
	return n;
}
