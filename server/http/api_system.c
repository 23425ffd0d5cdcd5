/* Switchboard — health, the API description, system information, the
 * admin certificate and database backups. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../../db/job_store.h"
#include "../../db/migrate.h"
#include "api.h"
#include "../lib/backup_manifest.h"
#include "../system/auth.h"
#include "../system/backups.h"
#include "../system/jobs.h"
#include "../provisioning/provision_cache.h"
#include "router.h"
#include "static_files.h"
#include "tls_cert.h"
#include "../lib/util.h"

static const char *sys_version = "";
static const char *sys_db_path = "";
static int64_t sys_started;

void
api_system_init(const char *version, const char *db_path)
{
	sys_version = version;
	sys_db_path = db_path;
	sys_started = now_unix();
}

/* GET /healthz: 200, 503 when the database does not answer. */
int
api_health(struct req *r)
{
	int v = migrate_version(r->db);

	if (v < 0) {
		r->out = json_pack("{s:s,s:s}", "status", "error", "database",
		    "unavailable");
		return 503;
	}
	r->out = json_pack("{s:s,s:s,s:s,s:i}", "status", "ok", "version",
	    sys_version, "database", "ok", "schema_version", v);
	return 200;
}

/* GET /api/v1/openapi.json: 200. */
int
api_openapi(struct req *r)
{
	r->out = router_openapi(sys_version);
	return 200;
}

/* GET /api/v1/system: 200. */
int
api_system_info(struct req *r)
{
	struct stat sb;
	char started[32];

	format_utc(sys_started, started, sizeof(started));
	r->out = json_pack("{s:s,s:s,s:I,s:i,s:i,s:{s:s,s:s,s:s,s:s},s:s}",
	    "version", sys_version, "started_at", started,
	    "uptime_seconds", (json_int_t)(now_unix() - sys_started),
	    "schema_version", migrate_version(r->db),
	    "ui_files", static_files_count(),
	    "listeners", "admin", r->cfg->admin_listen,
	    "provision", r->cfg->provision_listen,
	    "provision_tls", r->cfg->provision_tls_listen,
	    "sip", r->cfg->sip_listen,
	    "data_dir", r->cfg->data_dir);
	{
		size_t bytes, entries;

		provision_cache_stats(&bytes, &entries);
		json_object_set_new(r->out, "provisioning_cache", json_pack(
		    "{s:I,s:I}", "bytes", (json_int_t)bytes, "files",
		    (json_int_t)entries));
	}
	if (stat(sys_db_path, &sb) == 0)
		json_object_set_new(r->out, "database_bytes",
		    json_integer((json_int_t)sb.st_size));
	return 200;
}

/* GET /api/v1/system/certificate: 200, 500 if unreadable. */
int
api_certificate_get(struct req *r)
{
	if ((r->out = tls_cert_info(r->cfg->tls_certificate)) == NULL)
		return req_error(r, 500, "internal", "The certificate file "
		    "cannot be read.");
	json_object_set_new(r->out, "file",
	    json_string(r->cfg->tls_certificate));
	return 200;
}

/* PUT /api/v1/system/certificate {"certificate","private_key"}: 200, 422.
 * The new certificate is used from the next start of the appliance. */
int
api_certificate_put(struct req *r)
{
	const char *cert, *key, *field;
	char err[512];

	if (req_body_string(r, "certificate", TLS_PEM_MAX, true, true,
	    &cert) != 0 || req_body_string(r, "private_key", TLS_PEM_MAX,
	    true, true, &key) != 0)
		return 422;
	if (tls_cert_install(r->cfg->tls_certificate, cert, key, &field, err,
	    sizeof(err)) != 0) {
		req_audit(r, "certificate.replace", "admin", false,
		    json_pack("{s:s}", "reason", err));
		return field ? req_field_error(r, 422, "invalid_field", field,
		    err) : req_error(r, 500, "internal", err);
	}
	r->out = tls_cert_info(r->cfg->tls_certificate);
	json_object_set_new(r->out, "restart_required", json_true());
	req_audit(r, "certificate.replace", "admin", true, json_pack("{s:O}",
	    "sha256_fingerprint", json_object_get(r->out,
	    "sha256_fingerprint")));
	return 200;
}

/* GET /api/v1/system/backups: 200. */
int
api_backups_list(struct req *r)
{
	r->out = backups_list();
	return 200;
}

/* A whole-system backup job; with the key only after the admin's own
 * password and a passphrase that will do. */
static int
system_backup_create(struct req *r)
{
	bool with_key = json_is_true(json_object_get(r->body, "include_key"));
	const char *passphrase = NULL, *password = NULL, *problem;
	struct backups_system_arg *arg;
	int64_t id;
	int status;

	if (with_key) {
		if (req_body_string(r, "passphrase", BACKUP_PASSPHRASE_MAX + 1,
		    false, true, &passphrase) != 0)
			return 422;
		if ((problem = backup_passphrase_problem(passphrase)) != NULL)
			return req_field_error(r, 422, "invalid_field",
			    "passphrase", problem);
		if (req_body_string(r, "password", 1024, true, false,
		    &password) != 0)
			return 422;
		if ((status = auth_reauth(r, password, "backup.create",
		    "system")) != 0)
			return status;
	}
	if ((id = jobs_create(r->db, "system_backup", r->auth.user.id)) < 0)
		return req_error(r, 503, "unavailable", "The job runner is not "
		    "available.");
	req_audit(r, "backup.create", "system", true, json_pack("{s:I,s:b}",
	    "job_id", (json_int_t)id, "include_key", with_key));
	arg = xcalloc(1, sizeof(*arg));
	arg->passphrase = passphrase ? xstrdup(passphrase) : NULL;
	jobs_run(id, backups_system_job, arg, backups_system_arg_free);
	r->out = job_store_get(r->db, id);
	return 202;
}

/* POST /api/v1/system/backups [{"kind":"database"|"system",
 * "include_key","passphrase","password"}]: 202 with the job, 422 (kind,
 * passphrase, password), 429, 503 if no runner. */
int
api_backups_create(struct req *r)
{
	const char *kind = NULL;
	int64_t id;

	if (req_body_string(r, "kind", 16, false, false, &kind) != 0)
		return 422;
	if (kind && strcmp(kind, "system") == 0)
		return system_backup_create(r);
	if (kind && strcmp(kind, "database") != 0)
		return req_field_error(r, 422, "invalid_field", "kind",
		    "A backup of the \"database\" or of the whole "
		    "\"system\".");
	id = jobs_create(r->db, "backup", r->auth.user.id);
	if (id < 0)
		return req_error(r, 503, "unavailable", "The job runner is not "
		    "available.");
	req_audit(r, "backup.create", "database", true, json_pack("{s:I}",
	    "job_id", (json_int_t)id));
	jobs_run(id, backups_job, NULL, NULL);
	r->out = job_store_get(r->db, id);
	return 202;
}

/* GET /api/v1/system/backups/{name}: 200 (the file), 404. */
int
api_backups_download(struct req *r)
{
	if (backups_path(r->params[0], r->download_path,
	    sizeof(r->download_path)) != 0)
		return req_error(r, 404, "not_found", "No such backup.");
	snprintf(r->download_name, sizeof(r->download_name), "%s",
	    r->params[0]);
	r->download_type = strstr(r->params[0], ".tar") ?
	    "application/x-tar" : "application/vnd.sqlite3";
	req_audit(r, "backup.download", r->params[0], true, NULL);
	return 200;
}

/* DELETE /api/v1/system/backups/{name}: 204, 404. */
int
api_backups_delete(struct req *r)
{
	if (backups_delete(r->params[0]) != 0)
		return req_error(r, 404, "not_found", "No such backup.");
	req_audit(r, "backup.delete", r->params[0], true, NULL);
	return 204;
}
