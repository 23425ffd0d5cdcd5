/* Switchboard — the Managed IP Phone Assistant's Polycom migration API:
 * read a configuration directory (uploaded archive or a folder on the
 * appliance), Build Migration Items, and run the migration as a job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/job_store.h"
#include "../../db/migration_store.h"
#include "../../db/phone_store.h"
#include "../http/api.h"
#include "../system/backups.h"
#include "../phones/catalog.h"
#include "migration.h"
#include "../lib/util.h"

#define MIGRATION_UPLOAD_MAX (128L * 1024 * 1024)

/* The migration with its items, secrets removed. */
static int
reply_migration(struct req *r, int64_t id, int status)
{
	json_t *items;

	if ((r->out = migration_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such migration.");
	items = migration_store_items(r->db, id);
	migration_items_public(items);
	json_object_set_new(r->out, "items", items);
	return status;
}

static int
scan_refused(struct req *r, const char *what, const char *err)
{
	char msg[700];

	snprintf(msg, sizeof(msg), "%s cannot be used: %s", what, err);
	req_audit(r, "assistant.migration.read", what, false, json_pack("{s:s}",
	    "reason", err));
	return req_error(r, 422, "severe", msg);
}

/* POST /api/v1/assistant/migrations/upload[?filename=] (body: a .zip or
 * .tar.gz of the TFTP root): 201 with the items found, 413, 422 (nothing
 * is kept). */
int
api_migrations_upload(struct req *r)
{
	const char *filename;
	char err[600];
	int64_t id;

	if (req_query_text(r, "filename", &filename) != 0)
		return 400;
	if (filename == NULL || strlen(filename) > 200)
		filename = "";
	id = migration_scan_archive(r->db, r->auth.user.id, filename,
	    req_read_stream, r, err, sizeof(err));
	if (r->body_read > r->body_max)
		return req_error(r, 413, "too_large", "The archive is larger "
		    "than 128 MiB.");
	if (id < 0)
		return scan_refused(r, "The archive", err);
	req_audit(r, "assistant.migration.read", filename, true, json_pack(
	    "{s:I}", "migration_id", (json_int_t)id));
	return reply_migration(r, id, 201);
}

/* POST /api/v1/assistant/migrations {"directory":"/srv/tftp"}: the same
 * from a folder on the appliance (administrators only). */
int
api_migrations_create(struct req *r)
{
	const char *dir;
	char err[600];
	int64_t id;

	if (req_body_string(r, "directory", 400, true, false, &dir) != 0)
		return 422;
	if ((id = migration_scan_dir(r->db, r->auth.user.id, dir, err,
	    sizeof(err))) < 0) {
		int status = scan_refused(r, "The folder", err);

		json_object_set_new(json_object_get(r->out, "error"), "details",
		    json_pack("[{s:s,s:s}]", "field", "directory", "message",
		    err));
		return status;
	}
	req_audit(r, "assistant.migration.read", dir, true, json_pack("{s:I}",
	    "migration_id", (json_int_t)id));
	return reply_migration(r, id, 201);
}

/* GET /api/v1/assistant/migrations: 200, newest first. */
int
api_migrations_list(struct req *r)
{
	r->out = migration_store_list(r->db);
	return r->out ? 200 : req_error(r, 500, "internal", "The migrations "
	    "cannot be read.");
}

/* GET /api/v1/assistant/migrations/{id}: 200, 404. */
int
api_migrations_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return reply_migration(r, id, 200);
}

/* DELETE /api/v1/assistant/migrations/{id}: 204 (phones it created
 * stay), 404. */
int
api_migrations_delete(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (migration_store_delete(r->db, id) != DB_OK)
		return req_error(r, 404, "not_found", "No such migration.");
	req_audit(r, "assistant.migration.delete", "migration", true,
	    json_pack("{s:I}", "migration_id", (json_int_t)id));
	return 204;
}

/* The selected MACs: present, normalised, each an item of migration. */
static json_t *
selected_items(struct req *r, json_t *items)
{
	json_t *a = json_object_get(r->body, "items"), *v, *out, *known;
	char mac[MAC_TEXT], field[32];
	size_t i, j;

	if (!json_is_array(a) || json_array_size(a) == 0) {
		req_field_error(r, 422, "invalid_field", "items", "Select at "
		    "least one item.");
		return NULL;
	}
	known = json_object();
	json_array_foreach(items, j, v)
		json_object_set_new(known, json_string_value(json_object_get(v,
		    "mac")), json_true());
	out = json_array();
	json_array_foreach(a, i, v) {
		snprintf(field, sizeof(field), "items[%zu]", i);
		if (!json_is_string(v) || mac_normalize(json_string_value(v),
		    mac) != 0 || json_object_get(known, mac) == NULL) {
			req_field_error(r, 422, "invalid_field", field, "Not an "
			    "item of this migration.");
			json_decref(out);
			out = NULL;
			break;
		}
		json_array_append_new(out, json_string(mac));
	}
	json_decref(known);
	return out;
}

/* The settings of the New Phone Naming and Select Default Model pages. */
static json_t *
build_settings(struct req *r)
{
	const char *model, *format, *type, *group, *loc;
	char key[CATALOG_KEY_MAX];
	struct catalog_model m;

	if (req_body_string(r, "default_model", 64, true, false, &model) ||
	    req_body_string(r, "name_format", MIGRATION_NAME_FORMAT_MAX, false,
	    false, &format) || req_body_string(r, "type", 16, false, false,
	    &type) || req_body_string(r, "registration_group", 64, false,
	    false, &group) || req_body_string(r, "location", 64, false, false,
	    &loc))
		return NULL;
	if (catalog_match_key(model, key) != 0 || catalog_store_find_model(
	    r->db, "Polycom", key, &m) != DB_OK) {
		req_field_error(r, 422, "invalid_field", "default_model",
		    "Choose a Polycom model from the phone catalog.");
		return NULL;
	}
	if (format == NULL || format[0] == '\0')
		format = "$FirstPrivateStation$";
	if (type == NULL)
		type = "workstation";
	if (strcmp(type, "workstation") != 0 && strcmp(type, "stand-alone")
	    != 0) {
		req_field_error(r, 422, "invalid_field", "type", "Type is "
		    "workstation or stand-alone.");
		return NULL;
	}
	return json_pack("{s:s,s:s,s:s,s:s?,s:s?}", "default_model", m.name,
	    "name_format", format, "type", type, "registration_group", group,
	    "location", loc);
}

/* POST /api/v1/assistant/migrations/{id}/build {"default_model",
 * "name_format","type","registration_group","location","items":[mac…]}:
 * 200 with each selected item's phone, errors, warnings and details;
 * 404, 409 (migrated already), 422. */
int
api_migrations_build(struct req *r)
{
	json_t *mig, *items, *macs = NULL, *settings = NULL, *out = NULL;
	int64_t id;
	bool busy = false;
	int status;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((mig = migration_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such migration.");
	if (strcmp(json_string_value(json_object_get(mig, "state")), "done")
	    == 0) {
		json_decref(mig);
		return req_error(r, 409, "migrated", "This migration has run "
		    "already; read the directory again to migrate more.");
	}
	json_decref(mig);
	items = migration_store_items(r->db, id);
	if ((settings = build_settings(r)) == NULL ||
	    (macs = selected_items(r, items)) == NULL)
		status = 422;
	else if ((out = migration_build(r->db, id, settings, macs, &busy)) ==
	    NULL)
		status = busy ? req_error(r, 503, "busy", "The database is busy; "
		    "try again.") : req_error(r, 500, "internal", "The migration "
		    "items could not be stored.");
	else
		status = 200;
	if (out) {
		req_audit(r, "assistant.migration.build", "migration", true,
		    json_pack("{s:I,s:I}", "migration_id", (json_int_t)id,
		    "items", (json_int_t)json_array_size(macs)));
		r->out = out;
	}
	json_decref(items);
	json_decref(macs);
	json_decref(settings);
	return status;
}

/* POST /api/v1/assistant/migrations/{id}/run {"backup":"name"} or
 * {"without_backup":true}: 202 with the job; 404, 409, 422 (no backup
 * named: the seed's wizard asks for one before the migration starts). */
int
api_migrations_run(struct req *r)
{
	struct migration_run *run;
	const char *backup;
	char path[1400];
	json_t *mig;
	int64_t id, job;
	bool built;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((mig = migration_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such migration.");
	built = strcmp(json_string_value(json_object_get(mig, "state")),
	    "built") == 0;
	json_decref(mig);
	if (!built)
		return req_error(r, 409, "not_built", "Build the migration "
		    "items first (a migration runs once).");
	if (req_body_string(r, "backup", 100, false, false, &backup) != 0)
		return 422;
	if (backup && (!backups_name_ok(backup) || backups_path(backup, path,
	    sizeof(path)) != 0))
		return req_field_error(r, 422, "invalid_field", "backup", "No "
		    "backup has that name.");
	if (backup == NULL && !json_is_true(json_object_get(r->body,
	    "without_backup")))
		return req_field_error(r, 422, "backup_required", "backup",
		    "Back up the database before the migration starts (or "
		    "say without_backup).");
	if (migration_store_set_state(r->db, id, "built", NULL, backup ?
	    path : "(none: the administrator went on without one)", NULL) !=
	    DB_OK)
		return req_error(r, 500, "internal", "The migration cannot be "
		    "updated.");
	run = xcalloc(1, sizeof(*run));
	run->id = id;
	run->user_id = r->auth.user.id;
	if ((job = jobs_create(r->db, "assistant.migration", r->auth.user.id))
	    < 0) {
		free(run);
		return req_error(r, 503, "unavailable", "The job runner is not "
		    "available.");
	}
	req_audit(r, "assistant.migration.run", "migration", true, json_pack(
	    "{s:I,s:I,s:s}", "migration_id", (json_int_t)id, "job_id",
	    (json_int_t)job, "backup", backup ? path : "none"));
	jobs_run(job, migration_run_job, run, free);
	r->out = job_store_get(r->db, job);
	return 202;
}
