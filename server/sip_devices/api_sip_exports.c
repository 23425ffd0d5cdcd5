/* Switchboard — the credential hand-over of third-party SIP devices
 * (seed 000, Handling SIP Credentials and Acknowledging Receipt): an
 * export for a pre-agreed data handler, built as a job after the admin's
 * own password; its three passwords shown once in the answer and never
 * stored; its two archives downloadable until delivered or expired; the
 * signed Statement of Work recorded against it. Administrators only;
 * every step audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/job_store.h"
#include "../../db/settings_store.h"
#include "../../db/sip_device_store.h"
#include "../../db/sip_export_store.h"
#include "../http/api.h"
#include "../lib/id_list.h"
#include "../lib/password.h"
#include "../lib/util.h"
#include "../system/auth.h"
#include "../system/jobs.h"
#include "handover_job.h"
#include "sip_device_rules.h"

#define EXPORT_DEVICES_MAX 10000
#define EXPORT_KIND "sip_devices.export"

/* Archives whose time ran out are wiped before any export is shown. */
static void
expire(struct req *r)
{
	handover_expire(r->db, r->cfg->data_dir, now_unix(), false);
}

/* GET /api/v1/sip-devices/exports[?unacknowledged=1]: 200, 400. */
int
api_sip_exports_list(struct req *r)
{
	struct db_list_query lq;
	const char *un = NULL;
	int status;

	if ((status = req_list_query(r, sip_export_sort_keys, 0, 1, &lq)) != 0)
		return status;
	if (req_query_text(r, "unacknowledged", &un) != 0)
		return 400;
	expire(r);
	r->out = sip_export_store_list(r->db, &lq, un && (strcmp(un, "1") == 0
	    || strcmp(un, "true") == 0));
	return r->out ? 200 : req_error(r, 500, "internal", "Database error.");
}

/* GET /api/v1/sip-devices/exports/{id}: 200 with its rows, 404. */
int
api_sip_exports_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	expire(r);
	if ((r->out = sip_export_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such export.");
	return 200;
}

/* The requirement labels a device fails, for a refusal. */
static void
refuse_flagged(json_t *d, size_t at, struct refusals *rs)
{
	char field[32], what[400];

	sip_device_unmet_columns(d, ", ", what, sizeof(what));
	snprintf(field, sizeof(field), "devices[%zu]", at);
	refuse(rs, "requirements", field, "Extension %s (%s) does not meet: "
	    "%s. " SIP_REQUIREMENTS_FIRM, json_string_value(json_object_get(d,
	    "extension")), json_string_value(json_object_get(d, "user_name")),
	    what);
}

/* A requested id and its place in the request. */
struct placed {
	int64_t	id;
	size_t	at;
};

static int
by_id(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The devices of the request, in hand-over order, each present and
 * meeting every requirement; NULL with refusals otherwise. The rows are
 * matched to the request through a sorted copy of it: 10,000 devices
 * matched pair by pair held the request for tens of seconds. */
static json_t *
export_rows(struct req *r, struct refusals *rs)
{
	json_t *rows = NULL, *d;
	struct placed *sorted, key, *hit;
	int64_t *ids = NULL;
	size_t n = 0, i;
	bool *found;
	long bad = 0;
	char *text;

	if (id_list_read(json_object_get(r->body, "devices"),
	    EXPORT_DEVICES_MAX, &ids, &n, &bad) != 0) {
		/* bad is the place of an entry that is no id, or -1 when the
		 * list itself is missing, empty or too long. */
		if (bad >= 0) {
			char field[32];

			snprintf(field, sizeof(field), "devices[%ld]", bad);
			refuse(rs, "invalid_field", field, "Each device is "
			    "named by its id.");
		} else
			refuse(rs, "invalid_field", "devices", "Choose the "
			    "devices to hand over: a list of 1 to %d device ids.",
			    EXPORT_DEVICES_MAX);
		return NULL;
	}
	text = db_ids_text(ids, n);
	rows = sip_device_store_for_export(r->db, text);
	free(text);
	sorted = xcalloc(n, sizeof(*sorted));
	found = xcalloc(n, sizeof(*found));
	for (i = 0; i < n; i++) {
		sorted[i].id = ids[i];
		sorted[i].at = i;
	}
	qsort(sorted, n, sizeof(*sorted), by_id);
	json_array_foreach(rows, i, d) {
		key.id = json_integer_value(json_object_get(d, "id"));
		if ((hit = bsearch(&key, sorted, n, sizeof(*sorted), by_id)) ==
		    NULL)
			continue;
		found[hit->at] = true;
		if (json_is_true(json_object_get(d, "flagged")))
			refuse_flagged(d, hit->at, rs);
	}
	for (i = 0; i < n; i++)
		if (!found[i])
			refuse(rs, "not_found", "devices", "There is no SIP "
			    "device %lld.", (long long)ids[i]);
	free(found);
	free(sorted);
	free(ids);
	if (rs->n) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

static int64_t
export_hours(struct req *r)
{
	json_t *s = settings_store_get(r->db, "sip_devices");
	int64_t h = json_integer_value(json_object_get(s, "export_hours"));

	json_decref(s);
	return h > 0 ? h : 72;
}

/* The names and rows an export records (no secret). */
static json_t *
recorded_rows(json_t *rows)
{
	json_t *out = json_array(), *d;
	size_t i;

	json_array_foreach(rows, i, d)
		json_array_append_new(out, json_pack("{s:O,s:O,s:O,s:O}", "id",
		    json_object_get(d, "id"), "extension", json_object_get(d,
		    "extension"), "user_name", json_object_get(d, "user_name"),
		    "sip_name", json_object_get(d, "sip_name")));
	return out;
}

/* POST /api/v1/sip-devices/exports {"devices":[ids],"handler_id",
 * "password": the admin's own}: 202 {"export","job","passwords":
 * {"names_archive","passwords_archive","spreadsheets"}} — the passwords
 * this once, never again; 404 (no such handler), 422, 429. */
int
api_sip_exports_create(struct req *r)
{
	struct handover_job *j = NULL;
	struct refusals rs;
	json_t *rows = NULL, *handler = NULL, *rec = NULL, *ex;
	const char *password = NULL;
	char contact[200];
	int64_t hid = 0, eid, job;
	int status;

	refusals_init(&rs);
	if (req_body_string(r, "password", 4 * PASSWORD_MAX, true, false,
	    &password) != 0)
		return 422;
	if ((status = auth_reauth(r, password, EXPORT_KIND, "credentials")) !=
	    0)
		return status;
	if (!json_is_integer(json_object_get(r->body, "handler_id")) ||
	    (hid = json_integer_value(json_object_get(r->body,
	    "handler_id"))) <= 0 || (handler = sip_handler_store_get(r->db,
	    hid)) == NULL)
		refuse(&rs, "required", "handler_id", "Choose the customer's "
		    "pre-agreed data handler (SIP Devices > Settings).");
	rows = export_rows(r, &rs);
	if (rs.n) {
		status = req_refused(r, &rs);
		goto out;
	}
	j = xcalloc(1, sizeof(*j));
	if ((j->secrets = handover_secrets_new()) == NULL) {
		status = req_error(r, 500, "internal", "No memory for the "
		    "passwords.");
		goto out;
	}
	snprintf(j->data_dir, sizeof(j->data_dir), "%s", r->cfg->data_dir);
	handover_random_name(".zip", j->names_file, sizeof(j->names_file));
	handover_random_name(".zip", j->passwords_file,
	    sizeof(j->passwords_file));
	handover_random_name(".xlsx", j->names_entry, sizeof(j->names_entry));
	handover_random_name(".xlsx", j->passwords_entry,
	    sizeof(j->passwords_entry));
	snprintf(contact, sizeof(contact), "%s%s%s", json_string_value(
	    json_object_get(handler, "phone")), json_string_value(
	    json_object_get(handler, "email"))[0] ? ", " : "",
	    json_string_value(json_object_get(handler, "email")));
	rec = recorded_rows(rows);
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	if (sip_export_store_create(r->db, r->auth.user.username, hid,
	    json_string_value(json_object_get(handler, "name")), contact,
	    j->names_file, j->passwords_file, now_unix() + export_hours(r) *
	    3600, rec, &eid) != DB_OK || (job = jobs_create(r->db, EXPORT_KIND,
	    r->auth.user.id)) < 0 || sip_export_store_set_job(r->db, eid, job) !=
	    DB_OK) {
		db_rollback(r->db);
		status = req_error(r, 503, "unavailable", "The export could not "
		    "be started.");
		goto out;
	}
	/* Who, when (the entry's time), which devices, which handler. */
	req_audit(r, EXPORT_KIND, json_string_value(json_object_get(handler,
	    "name")), true, json_pack("{s:I,s:I,s:O,s:s,s:O}", "export_id",
	    (json_int_t)eid, "handler_id", (json_int_t)hid, "handler",
	    json_object_get(handler, "name"), "contact", contact, "devices",
	    rec));
	if (db_commit(r->db) != 0) {
		db_rollback(r->db);
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	ex = sip_export_store_get(r->db, eid);
	r->out = json_pack("{s:o,s:o,s:{s:s,s:s,s:s}}", "export", ex ? ex :
	    json_null(), "job", job_store_get(r->db, job), "passwords",
	    "names_archive", j->secrets->names_archive, "passwords_archive",
	    j->secrets->passwords_archive, "spreadsheets",
	    j->secrets->spreadsheets);
	j->export_id = eid;
	j->rows = rows;
	rows = NULL;
	jobs_run(job, handover_job_run, j, handover_job_free);
	j = NULL;
	status = 202;
out:
	if (j)
		handover_job_free(j);
	refusals_release(&rs);
	json_decref(rows);
	json_decref(handler);
	json_decref(rec);
	return status;
}

/* The export of the path, ready. NULL with the status set otherwise. */
static json_t *
ready_export(struct req *r, int *status)
{
	json_t *e;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0) {
		*status = 404;
		return NULL;
	}
	expire(r);
	if ((e = sip_export_store_get(r->db, id)) == NULL) {
		*status = req_error(r, 404, "not_found", "No such export.");
		return NULL;
	}
	if (strcmp(json_string_value(json_object_get(e, "state")), "ready")) {
		*status = req_error(r, 409, "not_ready", strcmp(
		    json_string_value(json_object_get(e, "state")), "building")
		    == 0 ? "The archives are still being built." : "The "
		    "archives of this export were wiped (delivered or expired): "
		    "make a new export.");
		json_decref(e);
		return NULL;
	}
	return e;
}

/* GET /api/v1/sip-devices/exports/{id}/archives/{name}: the archive
 * (application/zip) under its random name; 404; 409 once wiped. */
int
api_sip_exports_download(struct req *r)
{
	const char *name = r->params[1];
	json_t *e;
	int status;

	if ((e = ready_export(r, &status)) == NULL)
		return status;
	if ((strcmp(name, json_string_value(json_object_get(e,
	    "names_file"))) != 0 && strcmp(name, json_string_value(
	    json_object_get(e, "passwords_file"))) != 0) ||
	    handover_file_path(r->cfg->data_dir, name, r->download_path,
	    sizeof(r->download_path)) != 0) {
		json_decref(e);
		return req_error(r, 404, "not_found", "This export has no such "
		    "archive.");
	}
	snprintf(r->download_name, sizeof(r->download_name), "%s", name);
	r->download_type = "application/zip";
	r->download_unlink = false;
	req_audit(r, "sip_devices.export.download", name, true, json_pack(
	    "{s:O}", "export_id", json_object_get(e, "id")));
	json_decref(e);
	return 200;
}

/* POST /api/v1/sip-devices/exports/{id}/delivered: 200 with the export,
 * its archives wiped; 404; 409 when not ready. */
int
api_sip_exports_delivered(struct req *r)
{
	json_t *e;
	int64_t id;
	int status;

	if ((e = ready_export(r, &status)) == NULL)
		return status;
	id = json_integer_value(json_object_get(e, "id"));
	handover_file_wipe(r->cfg->data_dir, json_string_value(
	    json_object_get(e, "names_file")));
	handover_file_wipe(r->cfg->data_dir, json_string_value(
	    json_object_get(e, "passwords_file")));
	if (sip_export_store_move(r->db, id, "ready", "delivered", true) !=
	    DB_OK) {
		json_decref(e);
		return req_error(r, 500, "internal", "Could not save.");
	}
	req_audit(r, "sip_devices.export.delivered", json_string_value(
	    json_object_get(e, "handler_name")), true, json_pack("{s:I}",
	    "export_id", (json_int_t)id));
	json_decref(e);
	r->out = sip_export_store_get(r->db, id);
	return 200;
}

/* The Statement of Work's additional statements (seed 000, Acknowledging
 * Receipt of SIP Credentials), each of which the signed SoW holds. */
static const struct {
	const char	*key;
	const char	*text;
} statements[] = {
	{ "data_handler", "By signing this statement of works the customer "
	    "acknowledges that they are the customer data handler and have "
	    "securely received the SIP Peer username and passwords and assume "
	    "responsibility for the distribution, security and implementation "
	    "of the credentials." },
	{ "responsibility", "Ensuring this data is used and handled correctly "
	    "is the sole responsibility of the Customer and the signatories "
	    "indicated on this SoW." },
	{ "toll_fraud", "Toll Fraud, calls made and billing resulting from the "
	    "correct, incorrect and fraudulent use of the credentials are the "
	    "sole responsibility of the Customer." },
};
#define NSTATEMENTS (sizeof(statements) / sizeof(statements[0]))

/* GET /api/v1/sip-devices/statements: 200 [{"key","text"}]. */
int
api_sip_statements(struct req *r)
{
	size_t i;

	r->out = json_array();
	for (i = 0; i < NSTATEMENTS; i++)
		json_array_append_new(r->out, json_pack("{s:s,s:s}", "key",
		    statements[i].key, "text", statements[i].text));
	return 200;
}

/* PUT /api/v1/sip-devices/exports/{id}/acknowledgement {"signed_by",
 * "signed_on" (YYYY-MM-DD),"reference","statements":{key: true}}: 200
 * with the export; 404; 409 (failed, or acknowledged already); 422. */
int
api_sip_exports_acknowledge(struct req *r)
{
	const char *by = NULL, *on = NULL, *ref = NULL, *state;
	json_t *e, *st = json_object_get(r->body, "statements");
	struct refusals rs;
	char field[48], back[24];
	int64_t id, t;
	size_t i;
	int status;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((e = sip_export_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such export.");
	state = json_string_value(json_object_get(e, "state"));
	if (json_is_true(json_object_get(e, "acknowledged")) || strcmp(state,
	    "failed") == 0 || strcmp(state, "building") == 0) {
		status = req_error(r, 409, "conflict", strcmp(state, "failed") ==
		    0 ? "This export failed: nothing was handed over." :
		    strcmp(state, "building") == 0 ? "This export is still "
		    "being built." : "The receipt of this export is recorded "
		    "already.");
		json_decref(e);
		return status;
	}
	refusals_init(&rs);
	refusal_string(r->body, "signed_by", 80, true, false, &by, &rs);
	refusal_string(r->body, "signed_on", 10, true, false, &on, &rs);
	refusal_string(r->body, "reference", 80, true, false, &ref, &rs);
	if (on && (parse_utc(on, &t) != 0 || strlen(on) != 10 ||
	    (format_utc(t, back, sizeof(back)), strncmp(back, on, 10) != 0)))
		refuse(&rs, "invalid_field", "signed_on", "The date the "
		    "Statement of Work was signed: YYYY-MM-DD.");
	else if (on && t > now_unix())
		refuse(&rs, "invalid_field", "signed_on", "The Statement of "
		    "Work cannot be signed in the future.");
	for (i = 0; i < NSTATEMENTS; i++)
		if (!json_is_true(json_object_get(st, statements[i].key))) {
			snprintf(field, sizeof(field), "statements.%s",
			    statements[i].key);
			refuse(&rs, "required", field, "The signed Statement of "
			    "Work must hold this statement: %.300s",
			    statements[i].text);
		}
	if (rs.n) {
		status = req_refused(r, &rs);
		goto out;
	}
	if ((status = sip_export_store_acknowledge(r->db, id, by, on, ref,
	    r->auth.user.username)) != DB_OK) {
		/* Another request recorded it since the check above. */
		status = status == DB_NOTFOUND ? req_error(r, 409, "conflict",
		    "The receipt of this export is recorded already.") :
		    req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	req_audit(r, "sip_devices.export.acknowledged", ref, true, json_pack(
	    "{s:I,s:s,s:s,s:s}", "export_id", (json_int_t)id, "signed_by", by,
	    "signed_on", on, "reference", ref));
	r->out = sip_export_store_get(r->db, id);
	status = 200;
out:
	refusals_release(&rs);
	json_decref(e);
	return status;
}
