/* Switchboard — third-party SIP devices (seed 000): list (sorted,
 * filtered, exported), create, change, remove, import a device list all
 * or nothing, and the device's one SIP credential: revealed after the
 * admin's own password, regenerated on demand. Administrators only. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/settings_store.h"
#include "../../db/sip_device_store.h"
#include "../http/api.h"
#include "../http/export.h"
#include "../lib/password.h"
#include "../lib/seal.h"
#include "../system/auth.h"
#include "sip_credentials.h"
#include "sip_device_rules.h"

#define SEAL_CONTEXT	"sip_device.password"
#define NAME_TRIES	5

/* GET /api/v1/sip-devices/program: 200. What the program requires,
 * supports and does not (seed 000). */
int
api_sip_program(struct req *r)
{
	r->out = sip_program_json();
	return 200;
}

static const struct export_column device_columns[] = {
	{ "extension", "Extension" }, { "did", "DID" },
	{ "user_name", "User" }, { "user_email", "E-mail" },
	{ "hardware_model", "Hardware model" },
	{ "manufacturer", "Manufacturer" }, { "model", "Model" },
	{ "purpose", "Purpose" }, { "region", "Region" },
	{ "border_proxy", "Border proxy" }, { "replace_by", "Replace by" },
	{ "flagged", "Fails a requirement" },
	{ "unmet_text", "Requirements not met" },
	{ "credential_at", "Credential issued" },
	{ "handed_over_at", "Handed over" },
};

/* The requirements a device does not meet, in words, for a cell. */
static void
unmet_text(json_t *d)
{
	char buf[600];

	sip_device_unmet_columns(d, "; ", buf, sizeof(buf));
	json_object_set_new(d, "unmet_text", json_string(buf));
}

/* GET /api/v1/sip-devices: 200 (JSON, or CSV / XLSX by Accept), 400.
 * The list export holds no credential. */
int
api_sip_devices_list(struct req *r)
{
	struct db_list_query lq;
	enum export_format fmt;
	json_t *list, *d;
	bool file;
	size_t i;
	int status;

	if ((status = req_list_query(r, sip_device_sort_keys, 0, 0, &lq)) != 0)
		return status;
	if ((file = export_wanted(r->accept, &fmt))) {
		lq.limit = INT64_MAX;
		lq.offset = 0;
	}
	if ((list = sip_device_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	json_array_foreach(json_object_get(list, "items"), i, d) {
		sip_device_decorate(d);
		if (file)
			unmet_text(d);
	}
	if (!file) {
		r->out = list;
		return 200;
	}
	status = export_download(r, fmt, json_object_get(list, "items"),
	    "sip-devices", device_columns, sizeof(device_columns) /
	    sizeof(device_columns[0]));
	if (status == 200)
		req_audit(r, "sip_device.export_list", r->download_name, true,
		    json_pack("{s:I}", "rows", (json_int_t)json_array_size(
		    json_object_get(list, "items"))));
	json_decref(list);
	return status;
}

static json_t *
device_get(struct req *r, int64_t id)
{
	json_t *d = sip_device_store_get(r->db, id);

	if (d)
		sip_device_decorate(d);
	return d;
}

/* GET /api/v1/sip-devices/{id}: 200, 404. */
int
api_sip_devices_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = device_get(r, id)) == NULL)
		return req_error(r, 404, "not_found", "No such SIP device.");
	return 200;
}

/* Refusals for what d needs that is not free: its region must exist, its
 * extension and DID must be no other device's (except) nor an earlier
 * row's of a list (seen: number -> row). The region's id in *region. */
static void
device_fits(struct req *r, json_t *d, int64_t except, json_t *seen,
    int64_t *region, struct refusals *rs)
{
	static const char *const numbers[] = { "extension", "did" };
	const char *v;
	json_t *h;
	size_t i;

	/* A field refused already (a list's row that did not parse) is not
	 * looked up as well. */
	v = json_string_value(json_object_get(d, "region"));
	*region = 0;
	if (v && v[0] && !refusals_name(rs, "region") &&
	    (*region = sip_region_store_find(r->db, v)) == 0)
		refuse(rs, "unknown", "region", "There is no region '%.40s': "
		    "add it with its border proxy under SIP Devices > Settings.",
		    v);
	for (i = 0; i < 2; i++) {
		v = json_string_value(json_object_get(d, numbers[i]));
		if (v == NULL || v[0] == '\0' || refusals_name(rs, numbers[i]))
			continue;
		if ((h = sip_device_store_holder(r->db, i == 1, v, except)) !=
		    NULL)
			refuse(rs, "taken", numbers[i], "%s %s is already "
			    "used by %s (extension %s).", i ? "The DID" :
			    "Extension", v, json_string_value(json_object_get(h,
			    "user_name")), json_string_value(json_object_get(h,
			    "extension")));
		else if (seen && json_object_get(seen, v))
			refuse(rs, "duplicate", numbers[i], "%s %s is already "
			    "in row %lld.", i ? "The DID" : "Extension", v,
			    (long long)json_integer_value(json_object_get(seen,
			    v)));
		json_decref(h);
		if (seen && !json_object_get(seen, v))
			json_object_set_new(seen, v, json_integer(rs->row));
	}
}

/* The admin's SIP name prefix. */
static void
name_prefix(struct req *r, char *out, size_t cap)
{
	json_t *s = settings_store_get(r->db, "sip_devices");
	const char *p = json_string_value(json_object_get(s,
	    "sip_name_prefix"));

	snprintf(out, cap, "%s", p && sip_prefix_ok(p) ? p : "");
	json_decref(s);
}

/* Draw a credential and store it: a new device's (id 0, stored from d
 * in region, its id in *out) or device id's in place of the old one. A
 * drawn SIP name that is taken is drawn again. The name stored in name.
 * DB_OK, DB_CONFLICT, DB_ERROR. */
static int
issue_credential(struct req *r, int64_t id, json_t *d, int64_t region,
    int64_t *out, char name[SIP_NAME_MAX + 1])
{
	char prefix[SIP_PREFIX_MAX + 1], password[SIP_PASSWORD_LEN + 1];
	char *sealed;
	int rc = DB_CONFLICT, tries;

	name_prefix(r, prefix, sizeof(prefix));
	for (tries = 0; tries < NAME_TRIES && rc == DB_CONFLICT; tries++) {
		sip_credential_name(prefix, name, SIP_NAME_MAX + 1);
		sip_credential_password(password, sizeof(password));
		sealed = seal_box(SEAL_CONTEXT, password, strlen(password));
		sodium_memzero(password, sizeof(password));
		if (sealed == NULL)
			return DB_ERROR;
		rc = id ? sip_device_store_set_credential(r->db, id, name,
		    sealed) : sip_device_store_put(r->db, 0, d, region, name,
		    sealed, out);
		free(sealed);
	}
	return rc;
}

/* Store a new device with a new credential. */
static int
create_device(struct req *r, json_t *d, int64_t region, int64_t *out)
{
	char name[SIP_NAME_MAX + 1];

	return issue_credential(r, 0, d, region, out, name);
}

/* Create (id 0) or change a device from the body. */
static int
save(struct req *r, int64_t id)
{
	struct refusals rs;
	json_t *stored = NULL, *d;
	int64_t region, out = 0;
	int status, rc;

	refusals_init(&rs);
	if (id && (stored = device_get(r, id)) == NULL)
		return req_error(r, 404, "not_found", "No such SIP device.");
	if ((d = sip_device_parse(r->body, stored, &rs)) != NULL)
		device_fits(r, d, id, NULL, &region, &rs);
	if (rs.n) {
		status = req_refused(r, &rs);
		goto out;
	}
	rc = id ? sip_device_store_put(r->db, id, d, region, NULL, NULL, &out) :
	    create_device(r, d, region, &out);
	if (rc == DB_OK) {
		r->out = device_get(r, out);
		if (id)
			req_audit_update(r, "sip_device.update",
			    json_string_value(json_object_get(d, "extension")),
			    stored, r->out);
		else
			req_audit(r, "sip_device.create", json_string_value(
			    json_object_get(d, "extension")), true,
			    json_pack("{s:I,s:O}", "id", (json_int_t)out,
			    "device", d));
		status = id ? 200 : 201;
	} else if (rc == DB_CONFLICT)
		status = req_field_error(r, 409, "taken", "extension", "The "
		    "extension or DID was taken meanwhile.");
	else
		status = req_error(r, 500, "internal", "Could not save.");
out:
	refusals_release(&rs);
	json_decref(stored);
	json_decref(d);
	return status;
}

/* POST /api/v1/sip-devices: 201, 409, 422. */
int
api_sip_devices_create(struct req *r)
{
	return save(r, 0);
}

/* PUT /api/v1/sip-devices/{id}: 200, 404, 409, 412, 422. */
int
api_sip_devices_put(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return save(r, id);
}

/* DELETE /api/v1/sip-devices/{id}: 204, 404, 412. Its credential goes
 * with it; past hand-overs keep their rows. */
int
api_sip_devices_delete(struct req *r)
{
	json_t *d;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((d = device_get(r, id)) == NULL)
		return req_error(r, 404, "not_found", "No such SIP device.");
	if (sip_device_store_delete(r->db, id) != DB_OK) {
		json_decref(d);
		return req_error(r, 500, "internal", "Could not remove.");
	}
	json_object_del(d, "unmet");
	req_audit(r, "sip_device.delete", json_string_value(json_object_get(d,
	    "extension")), true, d);
	return 204;
}

/* POST /api/v1/sip-devices/{id}/credential/reveal {"password": the
 * admin's own}: 200 {"sip_name","sip_password","border_proxy","region"},
 * 404, 422 (not their password), 429. Every reveal, and every refused
 * one, is audited. */
int
api_sip_devices_reveal(struct req *r)
{
	const char *password;
	char *sealed, *plain, target[32];
	json_t *d;
	int64_t id;
	size_t n;
	int status;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (req_body_string(r, "password", 4 * PASSWORD_MAX, true, false,
	    &password) != 0)
		return 422;
	snprintf(target, sizeof(target), "sip_device:%lld", (long long)id);
	if ((status = auth_reauth(r, password, "sip_device.credential_reveal",
	    target)) != 0)
		return status;
	if ((d = sip_device_store_get(r->db, id)) == NULL ||
	    (sealed = sip_device_store_secret(r->db, id)) == NULL) {
		json_decref(d);
		return req_error(r, 404, "not_found", "No such SIP device.");
	}
	plain = seal_open(SEAL_CONTEXT, sealed, &n);
	free(sealed);
	req_audit(r, "sip_device.credential_reveal", target, plain != NULL,
	    json_pack("{s:O}", "sip_name", json_object_get(d, "sip_name")));
	if (plain == NULL) {
		json_decref(d);
		return req_error(r, 500, "internal", "The password cannot be "
		    "opened with this appliance's key.");
	}
	r->out = json_pack("{s:O,s:s,s:O,s:O}", "sip_name", json_object_get(d,
	    "sip_name"), "sip_password", plain, "border_proxy",
	    json_object_get(d, "border_proxy"), "region", json_object_get(d,
	    "region"));
	seal_free(plain, n);
	json_decref(d);
	return 200;
}

/* POST /api/v1/sip-devices/{id}/credential/regenerate: 200 with the
 * device (its new SIP name; the password is revealed on its own), 404.
 * The old credential is gone at once. */
int
api_sip_devices_regenerate(struct req *r)
{
	char name[SIP_NAME_MAX + 1];
	json_t *d;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((d = sip_device_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such SIP device.");
	if (issue_credential(r, id, NULL, 0, NULL, name) != DB_OK) {
		json_decref(d);
		return req_error(r, 500, "internal", "Could not save.");
	}
	req_audit(r, "sip_device.credential_regenerate", json_string_value(
	    json_object_get(d, "extension")), true, json_pack("{s:I,s:O,s:s}",
	    "id", (json_int_t)id, "old_sip_name", json_object_get(d,
	    "sip_name"), "sip_name", name));
	json_decref(d);
	r->out = device_get(r, id);
	return 200;
}

struct device_import {
	struct req	*r;
	struct refusals	 rs;
	json_t		*rows;		/* [{"device","region","id"}] */
	json_t		*seen;
};

static int
device_row(void *arg, int row, const char **values, unsigned not_text)
{
	struct device_import *im = arg;
	json_t *body, *d = NULL, *h;
	int64_t region = 0, id = 0;
	size_t before = im->rs.n, i;

	im->rs.row = row;
	body = sip_device_row(values, not_text, &im->rs);
	/* An extension that exists changes that device. */
	if ((h = sip_device_store_holder(im->r->db, false,
	    values[2] /* Extension */, 0)) != NULL) {
		json_t *stored;

		id = json_integer_value(json_object_get(h, "id"));
		stored = sip_device_store_get(im->r->db, id);
		if (im->rs.n == before)
			d = sip_device_parse(body, stored, &im->rs);
		json_decref(stored);
		json_decref(h);
	} else if (im->rs.n == before)
		d = sip_device_parse(body, NULL, &im->rs);
	/* Every fault of the row at once: numbers and region too. */
	device_fits(im->r, d ? d : body, id, im->seen, &region, &im->rs);
	if (d && im->rs.n == before)
		json_array_append_new(im->rows, json_pack("{s:o,s:I,s:I}",
		    "device", d, "region", (json_int_t)region, "id",
		    (json_int_t)id));
	else
		json_decref(d);
	json_decref(body);
	/* Name the list's columns, as the admin wrote them. */
	for (i = before; i < im->rs.n; i++)
		snprintf(im->rs.v[i].field, sizeof(im->rs.v[i].field), "%s",
		    sip_device_column(im->rs.v[i].field));
	return 0;
}

/* POST /api/v1/sip-devices/import (body: a device list as CSV, or an
 * .xlsx): all or nothing; an extension that exists changes that device,
 * a new one gets its credential. 200 {"created","updated","total"}; 422
 * naming every refused row and column, nothing changed. */
int
api_sip_devices_import(struct req *r)
{
	struct device_import im = { r, { 0 }, json_array(), json_object() };
	json_int_t made = 0, changed = 0;
	json_t *e;
	int64_t out;
	size_t i;
	int status, rc = DB_OK;

	refusals_init(&im.rs);
	if ((status = api_read_list(r, &sip_device_list, device_row, &im,
	    &im.rs)) != 0)
		goto out;
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	json_array_foreach(im.rows, i, e) {
		json_t *d = json_object_get(e, "device");
		int64_t id = json_integer_value(json_object_get(e, "id")),
		    region = json_integer_value(json_object_get(e, "region"));

		rc = id ? sip_device_store_put(r->db, id, d, region, NULL, NULL,
		    &out) : create_device(r, d, region, &out);
		if (rc != DB_OK)
			break;
		if (id)
			changed++;
		else
			made++;
	}
	if (rc == DB_OK) {
		req_audit(r, "sip_device.import", "SIP devices", true,
		    json_pack("{s:I,s:I}", "created", made, "updated",
		    changed));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (rc != DB_OK)
		status = req_error(r, 500, "internal", "Could not save; nothing "
		    "was imported.");
	else {
		r->out = json_pack("{s:I,s:I,s:I}", "created", made, "updated",
		    changed, "total", made + changed);
		status = 200;
	}
out:
	refusals_release(&im.rs);
	json_decref(im.rows);
	json_decref(im.seen);
	return status;
}
