/* Switchboard — managed IP phones, their station appearances and station
 * license pools: the Managed IP Phones container. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../db/phone_store.h"
#include "../../db/version_store.h"
#include "../../db/license_store.h"
#include "../http/api.h"
#include "../http/export.h"
#include "phone_input.h"
#include "phone_selection.h"
#include "reg_rules.h"

#define BULK_PHONES_MAX		10000	/* each is checked by every rule */
#define DELETE_PHONES_MAX	100000
#include "../system/auth.h"
#include "../lib/password.h"
#include "../lib/seal.h"
#include "../../db/user_store.h"
#include "../lib/util.h"

static const struct export_column phone_columns[] = {
	{ "name", "IP Phone Name" }, { "status", "Status" },
	{ "address", "Address" }, { "phone", "Phone" },
	{ "software_version", "Software Version" }, { "active", "Active" },
	{ "location", "Location" }, { "time_zone", "Time Zone" },
};

/* GET /api/v1/phones: 200 (JSON, or CSV / XLSX by Accept), 400. */
int
api_phones_list(struct req *r)
{
	struct db_list_query lq;
	enum export_format fmt;
	json_t *list;
	int status;

	status = req_list_query(r, phone_store_sort_keys, 0, 0, &lq);
	if (status != 0)
		return status;
	if (!export_wanted(r->accept, &fmt)) {
		r->out = phone_store_list(r->db, &lq);
		return r->out ? 200 : req_error(r, 500, "internal",
		    "Database error.");
	}
	if ((list = phone_store_list_all(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	status = export_download(r, fmt, json_object_get(list, "items"),
	    "managed-ip-phones", phone_columns,
	    sizeof(phone_columns) / sizeof(phone_columns[0]));
	if (status == 200)
		req_audit(r, "phone.export", r->download_name, true, json_pack(
		    "{s:I}", "rows", (json_int_t)json_array_size(
		    json_object_get(list, "items"))));
	json_decref(list);
	return status;
}

/* GET /api/v1/phones/{id}: 200, 404. */
int
api_phones_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = phone_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such managed IP "
		    "phone.");
	return 200;
}

/* Create (id 0) or replace: validate everything, then write in one
 * transaction. */
static int
phone_save(struct req *r, int64_t id)
{
	json_t *warnings = json_array(), *generated = json_array();
	json_t *before = NULL;
	struct refusals rs;
	struct phone_in p;
	int64_t new_id = 0;
	int status, rc;

	refusals_init(&rs);
	if (phone_input_parse(r->db, r->body, id, &p, warnings, generated, 0,
	    &rs) != 0) {
		status = req_refused(r, &rs);
		goto out;
	}
	if (db_begin(r->db) != 0) {
		status = req_error(r, 500, "internal", "Database busy.");
		goto out;
	}
	/* What the update changes, read in its transaction. */
	if (id)
		before = phone_store_get(r->db, id);
	rc = phone_store_save(r->db, id, &p, &new_id);
	if (rc != DB_OK) {
		db_rollback(r->db);
		status = rc == DB_NOTFOUND ? req_error(r, 404, "not_found",
		    "No such managed IP phone.") : rc == DB_CONFLICT ?
		    req_error(r, 409, "conflict", "The name, address or an "
		    "extension was taken meanwhile; try again.") :
		    req_error(r, 500, "internal", "Could not save the phone.");
		goto out;
	}
	r->out = phone_store_get(r->db, new_id);
	if (id)
		req_audit_update(r, "phone.update", p.name, before, r->out);
	else
		req_audit(r, "phone.create", p.name, true, json_pack(
		    "{s:s,s:s,s:s,s:i}", "model", p.model.name, "address",
		    p.address, "firmware_version", p.firmware_version,
		    "stations", p.nstations));
	if (db_commit(r->db) != 0) {
		status = req_error(r, 500, "internal", "Could not save the "
		    "phone.");
		goto out;
	}
	json_object_set(r->out, "warnings", warnings);
	/* Generated SIP passwords are shown here once, never again. */
	json_object_set(r->out, "generated_passwords", generated);
	status = id ? 200 : 201;
out:
	refusals_release(&rs);
	phone_in_release(&p);
	json_decref(before);
	json_decref(warnings);
	json_decref(generated);
	return status;
}

/* POST /api/v1/phones: 201, 409 (a race with another write), 422 (every
 * rule, duplicates included, naming the field). */
int
api_phones_create(struct req *r)
{
	return phone_save(r, 0);
}

/* PUT /api/v1/phones/{id}: 200, 404, 409, 422. A phone that has fetched
 * its configuration becomes "Reboot pending". */
int
api_phones_update(struct req *r)
{
	int64_t id;
	json_t *existing;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((existing = phone_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such managed IP "
		    "phone.");
	json_decref(existing);
	return phone_save(r, id);
}

/* DELETE /api/v1/phones/{id}: 204, 404. Its station appearances go too. */
int
api_phones_delete(struct req *r)
{
	json_t *p;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((p = phone_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such managed IP "
		    "phone.");
	phone_store_delete(r->db, id);
	req_audit(r, "phone.delete", json_string_value(json_object_get(p,
	    "name")), true, NULL);
	json_decref(p);
	return 204;
}

/* POST /api/v1/phones/bulk-delete {"phones":[ids] | "filter":{"q"},
 * "expect":N}: 200 {"deleted":N}, 404 (a phone is gone), 422. All of them
 * in one transaction, or none. */
int
api_phones_bulk_delete(struct req *r)
{
	json_t *names = json_array(), *p;
	struct refusals rs;
	int64_t *ids = NULL;
	size_t i, n = 0;
	int status;

	refusals_init(&rs);
	if ((status = phone_selection_read(r->db, r->body, DELETE_PHONES_MAX,
	    &ids, &n, &rs)) != 0) {
		if (status == 1)
			refuse(&rs, "invalid_field", "phones", "Select the phones "
			    "to delete, or every phone a filter matches.");
		status = req_refused(r, &rs);
		goto out;
	}
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((p = phone_store_get(r->db, ids[i])) == NULL) {
			db_rollback(r->db);
			status = req_error(r, 404, "not_found", "A selected phone "
			    "was deleted meanwhile; nothing was deleted.");
			goto out;
		}
		json_array_append(names, json_object_get(p, "name"));
		json_decref(p);
		if (phone_store_delete(r->db, ids[i]) != DB_OK ||
		    version_store_bump_id(r->db, "phone", ids[i],
		    r->auth.user.username) != DB_OK) {
			db_rollback(r->db);
			status = req_error(r, 500, "internal", "Could not delete; "
			    "nothing was deleted.");
			goto out;
		}
	}
	req_audit(r, "phone.bulk_delete", "phones", true, json_pack("{s:I,s:O}",
	    "count", (json_int_t)n, "phones", names));
	if (db_commit(r->db) != 0) {
		status = req_error(r, 500, "internal", "Could not delete.");
		goto out;
	}
	r->out = json_pack("{s:I}", "deleted", (json_int_t)n);
	status = 200;
out:
	refusals_release(&rs);
	json_decref(names);
	free(ids);
	return status;
}

static const struct export_column station_columns[] = {
	{ "extension", "Extension" }, { "label", "Label" },
	{ "identification_address", "Identification Address" },
	{ "sip_username", "SIP User Name" }, { "phone", "IP Phone Name" },
	{ "position", "Appearance" }, { "model", "Phone" },
	{ "address", "Address" }, { "status", "Status" },
	{ "sharable", "Sharable" },
};

/* GET /api/v1/stations: 200 (JSON, or CSV / XLSX by Accept), 400. The
 * Stations view: every station appearance with its phone. */
int
api_stations_list(struct req *r)
{
	struct db_list_query lq;
	enum export_format fmt;
	json_t *list;
	int status;

	if ((status = req_list_query(r, phone_store_station_sort_keys, 0, 0,
	    &lq)) != 0)
		return status;
	if (!export_wanted(r->accept, &fmt)) {
		r->out = phone_store_stations(r->db, &lq);
		return r->out ? 200 : req_error(r, 500, "internal",
		    "Database error.");
	}
	lq.limit = INT64_MAX;
	lq.offset = 0;
	if ((list = phone_store_stations(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	status = export_download(r, fmt, json_object_get(list, "items"),
	    "station-appearances", station_columns,
	    sizeof(station_columns) / sizeof(station_columns[0]));
	if (status == 200)
		req_audit(r, "station.export", r->download_name, true,
		    json_pack("{s:I}", "rows", (json_int_t)json_array_size(
		    json_object_get(list, "items"))));
	json_decref(list);
	return status;
}

/* POST /api/v1/phones/{id}/stations/{sid}/reveal {"password": the admin's
 * own}: 200 with the SIP password, 404, 422 (not their password).
 * Administrators only; every reveal, and every refused one, is audited. */
int
api_stations_reveal(struct req *r)
{
	int64_t id, sid;
	char *sealed, *plain, target[64];
	const char *password;
	size_t n;
	int status;

	if (req_param_id(r, 0, &id) != 0 || req_param_id(r, 1, &sid) != 0)
		return 404;
	if (req_body_string(r, "password", 4 * PASSWORD_MAX, true, false,
	    &password) != 0)
		return 422;
	snprintf(target, sizeof(target), "phone:%lld station:%lld",
	    (long long)id, (long long)sid);
	if ((status = auth_reauth(r, password, "station.password_reveal",
	    target)) != 0)
		return status;
	if ((sealed = phone_store_station_secret(r->db, sid, id)) == NULL)
		return req_error(r, 404, "not_found", "No such station "
		    "appearance on this phone.");
	plain = seal_open("station.sip_password", sealed, &n);
	free(sealed);
	req_audit(r, "station.password_reveal", target, plain != NULL, NULL);
	if (plain == NULL)
		return req_error(r, 500, "internal", "The password cannot be "
		    "opened with this appliance's key.");
	r->out = json_pack("{s:s}", "sip_password", plain);
	seal_free(plain, n);
	return 200;
}

/* GET /api/v1/station-licenses: 200 — each pool with its total and use. */
int
api_licenses_list(struct req *r)
{
	r->out = license_store_list(r->db);
	return 200;
}

static int
body_total(struct req *r, int64_t *total)
{
	json_t *v = json_object_get(r->body, "total");

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 1000000)
		return req_field_error(r, 422, "invalid_field", "total",
		    "The total is a whole number from 0 to 1000000.");
	*total = json_integer_value(v);
	return 0;
}

/* POST /api/v1/station-licenses {"name","total"}: 201 (an add-on pool),
 * 422 (taken name, bad total). */
int
api_licenses_create(struct req *r)
{
	const char *name;
	int64_t total;
	int status;

	if (req_body_string(r, "name", 64, true, false, &name) != 0)
		return 422;
	if ((status = body_total(r, &total)) != 0)
		return status;
	if (license_store_add(r->db, name, total) != DB_OK)
		return req_field_error(r, 422, "duplicate", "name", "A license "
		    "pool of that name exists.");
	req_audit(r, "license_pool.create", name, true, json_pack("{s:I}",
	    "total", (json_int_t)total));
	r->out = license_store_list(r->db);
	return 201;
}

/* PUT /api/v1/station-licenses/{name} {"total"}: 200, 404, 422 (not a
 * number, below what is in use, or Basic Station, which has no limit). */
int
api_licenses_update(struct req *r)
{
	const char *name = r->params[0];
	int64_t total, used;
	int status;

	if (strcmp(name, "Basic Station") == 0)
		return req_field_error(r, 422, "rule", "total", "Basic "
		    "Station licenses have no limit.");
	if ((status = body_total(r, &total)) != 0)
		return status;
	used = license_store_used(r->db, name);
	if (total < used) {
		char msg[160];

		snprintf(msg, sizeof(msg), "%lld station appearances hold this "
		    "license; the total cannot be lower.", (long long)used);
		return req_field_error(r, 422, "rule", "total", msg);
	}
	if (license_store_set_total(r->db, name, total) != DB_OK)
		return req_error(r, 404, "not_found", "No such license pool.");
	req_audit(r, "license_pool.update", name, true, json_pack("{s:I}",
	    "total", (json_int_t)total));
	r->out = license_store_list(r->db);
	return 200;
}

/* GET /api/v1/dial-plan-classifications: 200 — the names access control
 * lists choose from. */
int
api_classifications_list(struct req *r)
{
	r->out = license_store_classifications(r->db);
	return 200;
}

/* The body that would re-create phone as it is, with changes applied:
 * options and advanced_options merge key by key. New reference. */
static json_t *
phone_with_changes(json_t *phone, json_t *changes)
{
	static const char *const keep[] = {
		"name", "active", "type", "manufacturer", "model", "address",
		"registration_group", "location", "firmware_version",
		"audio_protocol", "time_zone", "language", "options",
		"advanced_options", "custom_attributes", "shared_appearances",
		"external_registrations", NULL
	};
	const char *const *k, *key;
	json_t *b = json_object(), *st, *stations = json_array(), *v;
	size_t i;

	for (k = keep; *k; k++)
		json_object_set(b, *k, json_object_get(phone, *k));
	json_object_foreach(changes, key, v) {
		if ((strcmp(key, "options") == 0 ||
		    strcmp(key, "advanced_options") == 0) && json_is_object(v)) {
			json_t *merged = json_deep_copy(json_object_get(b, key));

			json_object_update(merged, v);
			json_object_set_new(b, key, merged);
		} else {
			json_object_set(b, key, v);
		}
	}
	json_array_foreach(json_object_get(phone, "stations"), i, st) {
		json_t *s = json_deep_copy(st);

		json_object_del(s, "position");
		json_object_del(s, "station_type");
		json_array_append_new(stations, s);
	}
	json_object_set_new(b, "stations", stations);
	return b;
}

/* The 422 for phone phones[i] of a change to many: each refusal's field
 * under phones[i], its message naming the phone. */
static int
refused_phone(struct req *r, struct refusals *rs, size_t i, const char *name)
{
	char prefix[32], lead[80];

	snprintf(prefix, sizeof(prefix), "phones[%zu].", i);
	refusals_rename(rs, "", prefix);
	snprintf(lead, sizeof(lead), "%.64s: ", name);
	refusals_lead(rs, lead);
	return req_refused(r, rs);
}

/* Where id was first given in the request's list, for the field name;
 * at, its place among the phones a filter selected, when there is no
 * list. */
static size_t
given_at(json_t *list, int64_t id, size_t at)
{
	json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (json_integer_value(v) == id)
			return i;
	return at;
}

/* POST /api/v1/phones/bulk-update {"phones":[ids] | "filter":{"q"},
 * "expect":N, "changes":{…}}: 200 {"updated":N}, 404, 422. Change Multiple IP Phones: firmware version,
 * registration group, location, active, options and advanced options, all
 * or nothing; each phone is checked by the same rules as one alone. */
int
api_phones_bulk_update(struct req *r)
{
	static const char *const allowed[] = {
		"firmware_version", "registration_group", "location", "active",
		"options", "advanced_options", "time_zone", "audio_protocol",
		NULL
	};
	json_t *changes = json_object_get(r->body, "changes");
	json_t *body = r->body, *v, *names;
	const char *const *a, *key;
	struct refusals sel;
	struct phone_in p;
	int64_t *ids;
	size_t i, n;
	int status = 200;

	refusals_init(&sel);
	if ((status = phone_selection_read(r->db, r->body, BULK_PHONES_MAX,
	    &ids, &n, &sel)) != 0) {
		if (status == 1)
			refuse(&sel, "invalid_field", "phones", "Select the "
			    "phones to change, or every phone a filter "
			    "matches.");
		status = req_refused(r, &sel);
		refusals_release(&sel);
		return status;
	}
	refusals_release(&sel);
	status = 200;
	if (!json_is_object(changes) || json_object_size(changes) == 0) {
		free(ids);
		return req_field_error(r, 422, "invalid_field", "changes",
		    "Choose at least one setting to change.");
	}
	json_object_foreach(changes, key, v) {
		for (a = allowed; *a && strcmp(*a, key); a++)
			;
		if (*a == NULL) {
			char msg[160];

			snprintf(msg, sizeof(msg), "'%.40s' cannot be changed "
			    "for several phones at once.", key);
			free(ids);
			return req_field_error(r, 422, "invalid_field",
			    "changes", msg);
		}
	}
	if (db_begin(r->db) != 0) {
		free(ids);
		return req_error(r, 500, "internal", "Database busy.");
	}
	names = json_array();
	for (i = 0; i < n; i++) {
		json_t *phone = phone_store_get(r->db, ids[i]);
		json_t *warnings = json_array(), *generated = json_array();
		struct refusals rs;
		int rc;

		if (phone == NULL) {
			char field[32];

			snprintf(field, sizeof(field), "phones[%zu]",
			    given_at(json_object_get(body, "phones"), ids[i], i));
			status = req_field_error(r, 404, "not_found", field,
			    "No such managed IP phone.");
			json_decref(warnings);
			json_decref(generated);
			break;
		}
		r->body = phone_with_changes(phone, changes);
		refusals_init(&rs);
		status = phone_input_parse(r->db, r->body, ids[i], &p, warnings,
		    generated, 0, &rs);
		if (status == 0) {
			p.template_id = json_integer_value(json_object_get(phone,
			    "template_id"));
			rc = phone_store_save(r->db, ids[i], &p, NULL);
			/* An editor open on this phone must not revert it. */
			if (rc == DB_OK)
				rc = version_store_bump_id(r->db, "phone",
				    ids[i], r->auth.user.username);
			status = rc == DB_OK ? 0 : req_error(r, 500, "internal",
			    "Could not save.");
		} else {
			status = refused_phone(r, &rs, given_at(json_object_get(
			    body, "phones"), ids[i], i), json_string_value(
			    json_object_get(phone, "name")));
		}
		refusals_release(&rs);
		json_array_append(names, json_object_get(phone, "name"));
		phone_in_release(&p);
		json_decref(r->body);
		r->body = body;
		json_decref(phone);
		json_decref(warnings);
		json_decref(generated);
		if (status != 0)
			break;
	}
	if (status != 0) {
		free(ids);
		db_rollback(r->db);
		json_decref(names);
		return status;
	}
	if (json_is_true(json_object_get(r->body, "check"))) {
		/* Checked, not saved: what the change would do. */
		int64_t pending = phone_store_count_reboot_pending(r->db, ids, n);

		free(ids);
		db_rollback(r->db);
		json_decref(names);
		r->out = json_pack("{s:I,s:I}", "checked", (json_int_t)n,
		    "reboot_pending", (json_int_t)pending);
		return 200;
	}
	free(ids);
	req_audit(r, "phone.bulk_update", "phones", true, json_pack("{s:O,s:o}",
	    "changes", changes, "phones", names));
	if (db_commit(r->db) != 0)
		return req_error(r, 500, "internal", "Could not save.");
	r->out = json_pack("{s:I}", "updated", (json_int_t)n);
	return 200;
}

static int
newest_first(const void *a, const void *b)
{
	return version_cmp(json_string_value(*(json_t *const *)b),
	    json_string_value(*(json_t *const *)a));
}

/* Versions newest first, by their numbers ("5.10" after "5.9"). */
static void
sort_versions(json_t *a)
{
	size_t i, n = json_array_size(a);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(a, i));
	qsort(v, n, sizeof(*v), newest_first);
	json_array_clear(a);
	for (i = 0; i < n; i++)
		json_array_append_new(a, v[i]);
	free(v);
}

/* POST /api/v1/phones/bulk-choices {"phones":[ids] | "filter":{"q"},
 * "expect":N}: 200 {"count", "models":[{"manufacturer","model","phones",
 * "selectable_firmware"}], "firmware_versions":[…]}, 422. What Change
 * Multiple IP Phones can offer the selection: the firmware versions that
 * every selected model has (none when a model has no selectable
 * firmware). */
int
api_phones_bulk_choices(struct req *r)
{
	struct refusals rs;
	int64_t *ids = NULL;
	size_t n = 0;
	int status;

	refusals_init(&rs);
	if ((status = phone_selection_read(r->db, r->body, DELETE_PHONES_MAX,
	    &ids, &n, &rs)) != 0) {
		if (status == 1)
			refuse(&rs, "invalid_field", "phones", "Select the "
			    "phones first.");
		status = req_refused(r, &rs);
	} else {
		r->out = phone_store_bulk_choices(r->db, ids, n);
		status = r->out ? 200 : req_error(r, 500, "internal",
		    "Database error.");
		if (r->out)
			sort_versions(json_object_get(r->out,
			    "firmware_versions"));
	}
	refusals_release(&rs);
	free(ids);
	return status;
}
