/* Switchboard — the firmware repository and the custom files of each
 * manufacturer, as admins manage them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/custom_file_store.h"
#include "../../db/firmware_store.h"
#include "../../db/phone_store.h"
#include "../http/api.h"
#include "../phones/catalog.h"
#include "../phones/reg_rules.h"
#include "firmware_repo.h"
#include "../lib/util.h"

#define CUSTOM_MAX (1024 * 1024)

/* A file name phones may ask for: [A-Za-z0-9._-], no leading dot, at
 * most 100 characters. */
static bool
file_name_ok(const char *s)
{
	const char *p;

	if (s == NULL || s[0] == '\0' || s[0] == '.' || strlen(s) > 100)
		return false;
	for (p = s; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("._-", *p))
			return false;
	return true;
}

/* GET /api/v1/firmware: 200 {"items","total"}. */
int
api_firmware_list(struct req *r)
{
	json_t *items = firmware_store_list(r->db);

	r->out = json_pack("{s:o,s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return 200;
}

/* ?manufacturer=&model=&version=: a catalog model and a version the
 * catalog lists for it. 0, or 422 naming the field. */
static int
model_version(struct req *r, struct catalog_model *m, const char **version)
{
	const char *man = req_query(r, "manufacturer");
	const char *model = req_query(r, "model");
	char key[CATALOG_KEY_MAX];

	*version = req_query(r, "version");
	if (man == NULL || model == NULL || catalog_match_key(model, key) !=
	    0 || catalog_store_find_model(r->db, man, key, m) != DB_OK)
		return req_field_error(r, 422, "invalid_field", "model",
		    "Choose a manufacturer and model from the phone catalog.");
	if (*version == NULL || !catalog_store_model_has_firmware(r->db, m->id,
	    *version))
		return req_field_error(r, 422, "invalid_field", "version",
		    "Choose a firmware version the catalog lists for this "
		    "model.");
	return 0;
}

/* POST /api/v1/firmware?manufacturer=&model=&version=&filename= (body: the
 * image): 201 with the record (size, SHA-256), 409 (that version is there
 * already), 413, 422 naming the field. */
int
api_firmware_upload(struct req *r)
{
	const char *filename = req_query(r, "filename"), *version;
	char sha[65], err[300] = "";
	struct catalog_model m;
	struct firmware_row f;
	int64_t size, id;
	int rc;

	if ((rc = model_version(r, &m, &version)) != 0)
		return rc;
	if (!file_name_ok(filename))
		return req_field_error(r, 422, "invalid_field", "filename",
		    "A file name of letters, digits, '.', '_' and '-'.");
	rc = firmware_repo_store(req_read_stream, r, sha, &size, err, sizeof(err));
	if (rc == -2)
		return req_error(r, 413, "too_large", err);
	if (rc != 0)
		return req_error(r, 422, "unreadable", err);
	f.model_id = m.id;
	f.version = version;
	f.filename = filename;
	f.size = size;
	f.sha256 = sha;
	f.uploaded_by = r->auth.user.id;
	if ((rc = firmware_store_add(r->db, &f, &id)) != DB_OK) {
		if (!firmware_store_sha_in_use(r->db, sha))
			firmware_repo_remove(sha);
		return rc == DB_CONFLICT ? req_field_error(r, 409, "duplicate",
		    "version", "This model has this firmware version "
		    "already; delete it first.") : req_error(r, 500,
		    "internal", "Could not save.");
	}
	req_audit(r, "firmware.upload", filename, true, json_pack(
	    "{s:s,s:s,s:s,s:I}", "model", m.name, "version", version, "sha256",
	    sha, "size", (json_int_t)size));
	r->out = firmware_store_get(r->db, id);
	return 201;
}

/* GET /api/v1/firmware/reach?manufacturer=&model=&version=: 200
 * {"latest": the model's newest upload or null, "becomes_latest": whether
 * this version would be newer, "phones_on_latest": the phones of the model
 * that select latest, "moving": those that would move to it}, 422. What an
 * upload would do, for its confirmation. */
int
api_firmware_reach(struct req *r)
{
	const char *version;
	struct catalog_model m;
	json_t *cur;
	int64_t on_latest;
	bool newer;
	int rc;

	if ((rc = model_version(r, &m, &version)) != 0)
		return rc;
	cur = firmware_store_for(r->db, m.id, "latest");
	newer = cur == NULL || version_cmp(version, json_string_value(
	    json_object_get(cur, "version"))) > 0;
	on_latest = firmware_store_on_latest(r->db, m.id);
	r->out = json_pack("{s:O?,s:b,s:I,s:I}", "latest", cur ?
	    json_object_get(cur, "version") : NULL, "becomes_latest", newer,
	    "phones_on_latest", (json_int_t)on_latest, "moving",
	    (json_int_t)(newer ? on_latest : 0));
	json_decref(cur);
	return 200;
}

/* DELETE /api/v1/firmware/{id}: 204, 404, 409 while a phone uses it. */
int
api_firmware_delete(struct req *r)
{
	json_t *f;
	int64_t id, used;
	char sha[65];

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((f = firmware_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such firmware file.");
	if ((used = firmware_store_used_by(r->db, id)) > 0) {
		char msg[200];

		json_decref(f);
		snprintf(msg, sizeof(msg), "%lld phones use this firmware; "
		    "choose another version for them first.", (long long)used);
		return req_error(r, 409, "in_use", msg);
	}
	snprintf(sha, sizeof(sha), "%s", json_string_value(json_object_get(f,
	    "sha256")));
	if (firmware_store_delete(r->db, id) != DB_OK) {
		json_decref(f);
		return req_error(r, 404, "not_found", "No such firmware file.");
	}
	if (!firmware_store_sha_in_use(r->db, sha))
		firmware_repo_remove(sha);
	req_audit(r, "firmware.delete", json_string_value(json_object_get(f,
	    "filename")), true, json_pack("{s:O,s:O}", "model",
	    json_object_get(f, "model"), "version", json_object_get(f,
	    "version")));
	json_decref(f);
	return 204;
}

static bool
manufacturer_ok(const char *m)
{
	return m && (strcmp(m, "Polycom") == 0 || strcmp(m, "AudioCodes") ==
	    0 || strcmp(m, "Genesys") == 0 || strcmp(m, "ININ") == 0);
}

/* GET /api/v1/custom-files: 200 {"items"}. */
int
api_custom_list(struct req *r)
{
	r->out = json_pack("{s:o}", "items", custom_store_list(r->db));
	return 200;
}

/* PUT /api/v1/custom-files/{manufacturer}/{name} (body: the file): 200,
 * 413, 422. Phones whose config_files names it get it. */
int
api_custom_put(struct req *r)
{
	const char *man = r->params[0], *name = r->params[1];
	char *buf;
	size_t len = 0;
	int n;

	if (!manufacturer_ok(man))
		return req_field_error(r, 422, "invalid_field", "manufacturer",
		    "Polycom, AudioCodes, Genesys or ININ.");
	if (!file_name_ok(name))
		return req_field_error(r, 422, "invalid_field", "name",
		    "A file name of letters, digits, '.', '_' and '-'.");
	buf = xmalloc(CUSTOM_MAX + 1);
	while ((n = r->read_body(r, buf + len, CUSTOM_MAX + 1 - len)) > 0)
		if ((len += (size_t)n) > CUSTOM_MAX)
			break;
	if (n == -2 || len > CUSTOM_MAX) {
		free(buf);
		return req_error(r, 413, "too_large", "A custom file is at most "
		    "1 MiB.");
	}
	if (n < 0 || custom_store_put(r->db, man, name, buf, len,
	    r->auth.user.id) != DB_OK) {
		free(buf);
		return req_error(r, 400, "bad_request", "The upload broke off.");
	}
	free(buf);
	req_audit(r, "custom_file.put", name, true, json_pack("{s:s,s:I}",
	    "manufacturer", man, "size", (json_int_t)len));
	r->out = json_pack("{s:s,s:s,s:I}", "manufacturer", man, "name", name,
	    "size", (json_int_t)len);
	return 200;
}

/* GET /api/v1/custom-files/{manufacturer}/{name}: 200 {"content"}. */
int
api_custom_get(struct req *r)
{
	size_t len;
	char *body = custom_store_get(r->db, r->params[0], r->params[1], &len);

	if (body == NULL)
		return req_error(r, 404, "not_found", "No such custom file.");
	r->out = json_pack("{s:s,s:s,s:s%}", "manufacturer", r->params[0],
	    "name", r->params[1], "content", body, len);
	free(body);
	return r->out ? 200 : req_error(r, 422, "binary", "Not text.");
}

/* DELETE /api/v1/custom-files/{manufacturer}/{name}: 204, 404. */
int
api_custom_delete(struct req *r)
{
	if (custom_store_delete(r->db, r->params[0], r->params[1]) != DB_OK)
		return req_error(r, 404, "not_found", "No such custom file.");
	req_audit(r, "custom_file.delete", r->params[1], true, json_pack(
	    "{s:s}", "manufacturer", r->params[0]));
	return 204;
}
