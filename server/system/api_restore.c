/* Switchboard — restoring a whole-system backup from the Backups page:
 * upload (verified and staged at once), confirm (re-authenticated; the
 * passphrase when the archive holds the key), cancel, and the restart that
 * applies it. Admin only (the route table). */
#include <stdio.h>
#include <string.h>

#include "../../db/migrate.h"
#include "../../db/settings_store.h"
#include "../http/api.h"
#include "../lib/backup_manifest.h"
#include "auth.h"
#include "nightly_backup.h"
#include "system_restore.h"

/* GET /api/v1/system/restore: 200 {"upload","pending","last"}. */
int
api_restore_get(struct req *r)
{
	r->out = system_restore_state(r->cfg->data_dir);
	return 200;
}

/* POST /api/v1/system/restore/upload (body: the .tar archive): 200
 * {"upload": what it holds, "needs_passphrase"}, 413, 422 (field "file":
 * foreign, damaged, newer, a refused member), 500. Nothing but the
 * upload folder changes. */
int
api_restore_upload(struct req *r)
{
	char err[400];
	json_t *info = NULL;
	enum restore_status rc;

	rc = system_restore_stage(r->cfg->data_dir, req_read_stream, r,
	    migrations_builtin_count, &info, err, sizeof(err));
	req_audit(r, "system.restore.upload", "system backup", rc ==
	    RESTORE_OK, rc == RESTORE_OK ? json_pack("{s:O}", "backup", info) :
	    json_pack("{s:s}", "reason", err));
	if (rc == RESTORE_TOO_LARGE)
		return req_error(r, 413, "too_large", err);
	if (rc == RESTORE_REFUSED)
		return req_field_error(r, 422, "refused", "file", err);
	if (rc != RESTORE_OK)
		return req_error(r, 500, "internal", err);
	r->out = json_pack("{s:O,s:O}", "upload", info, "needs_passphrase",
	    json_object_get(info, "has_key"));
	json_decref(info);
	return 200;
}

/* POST /api/v1/system/restore {"confirm":true,"password","passphrase",
 * "force_without_key"}: 200 {"pending","restart_required"}, 409 (no
 * upload; or "key_missing": the sealed secrets would be unreadable and
 * force_without_key is not set), 422 (confirm, password, passphrase),
 * 429, 500. Makes the upload the pending restore, applied at the next
 * start. */
int
api_restore_confirm(struct req *r)
{
	const char *password = NULL, *passphrase = NULL;
	bool force = json_is_true(json_object_get(r->body,
	    "force_without_key"));
	enum restore_status rc;
	char err[400];
	int status;

	if (!json_is_true(json_object_get(r->body, "confirm")))
		return req_field_error(r, 422, "invalid_field", "confirm",
		    "A restore replaces the whole system: confirm it.");
	if (req_body_string(r, "password", 1024, true, false, &password) != 0
	    || req_body_string(r, "passphrase", BACKUP_PASSPHRASE_MAX, false,
	    true, &passphrase) != 0)
		return 422;
	if ((status = auth_reauth(r, password, "system.restore",
	    "system backup")) != 0)
		return status;
	rc = system_restore_confirm(r->cfg->data_dir, passphrase, force, err,
	    sizeof(err));
	req_audit(r, "system.restore", "system backup", rc == RESTORE_OK,
	    rc == RESTORE_OK ? json_pack("{s:b}", "forced_without_key",
	    force) : json_pack("{s:s}", "reason", err));
	switch (rc) {
	case RESTORE_OK:
		break;
	case RESTORE_NO_UPLOAD:
		return req_error(r, 409, "no_upload", err);
	case RESTORE_PASSPHRASE:
		return req_field_error(r, 422, "invalid_field", "passphrase",
		    err);
	case RESTORE_NO_KEY:
		return req_field_error(r, 409, "key_missing",
		    "force_without_key", err);
	default:
		return req_error(r, 500, "internal", err);
	}
	r->out = system_restore_state(r->cfg->data_dir);
	json_object_set_new(r->out, "restart_required", json_true());
	return 200;
}

/* DELETE /api/v1/system/restore: 204. Drops the upload and the pending
 * restore. */
int
api_restore_cancel(struct req *r)
{
	system_restore_cancel(r->cfg->data_dir);
	req_audit(r, "system.restore.cancel", "system backup", true, NULL);
	return 204;
}

/* POST /api/v1/system/restart {"confirm":true}: 202, 422. The daemon stops
 * cleanly within a second and exits with SYSTEM_RESTART_EXIT; systemd
 * starts it again (Restart=on-failure), and a pending restore is applied
 * before the database opens. */
int
api_restart(struct req *r)
{
	if (!json_is_true(json_object_get(r->body, "confirm")))
		return req_field_error(r, 422, "invalid_field", "confirm",
		    "Confirm the restart: every connection is dropped.");
	req_audit(r, "system.restart", "appliance", true, NULL);
	system_restart_request();
	r->out = json_pack("{s:b,s:i}", "restarting", 1, "exit_status",
	    SYSTEM_RESTART_EXIT);
	return 202;
}

/* GET /api/v1/settings/system-backups: 200. */
int
api_system_backups_settings_get(struct req *r)
{
	r->out = nightly_settings_get(r->db);
	return 200;
}

/* PUT /api/v1/settings/system-backups {"enabled","hour","keep"}: 200, 422
 * naming the field. */
int
api_system_backups_settings_put(struct req *r)
{
	const char *field = NULL, *msg = NULL;
	json_t *v = nightly_settings_check(r->body, &field, &msg), *before;

	if (v == NULL)
		return req_field_error(r, 422, "invalid_field", field, msg);
	before = nightly_settings_get(r->db);
	if (settings_store_put(r->db, NIGHTLY_SETTINGS_KEY, v) != DB_OK) {
		json_decref(before);
		json_decref(v);
		return req_error(r, 500, "internal", "Could not save.");
	}
	json_object_set_new(v, "include_key", json_false());
	req_audit_update(r, "settings.system_backups", NIGHTLY_SETTINGS_KEY,
	    before, v);
	json_decref(before);
	json_decref(v);
	return api_system_backups_settings_get(r);
}
