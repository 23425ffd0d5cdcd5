/* Switchboard — the Service Center's view of the Unify Phone connector:
 * its ITSP status, a check on demand, and re-enabling it after the clone
 * guard disabled it (seed 003, 5.3). */
#include <stdbool.h>

#include "../../db/unify_store.h"
#include "../http/api.h"
#include "clone_guard.h"
#include "connector_status.h"

static void
with_guard(struct req *r, json_t *out)
{
	json_t *g = clone_guard_get(r->db);

	json_object_set_new(out, "guard", g ? g : json_null());
}

/* GET /api/v1/unify/status: 200, the last check (made by the watcher or
 * an admin) with its time, and the clone guard if raised. */
int
api_unify_status_get(struct req *r)
{
	r->out = connector_status_last(r->db, r->cfg);
	with_guard(r, r->out);
	return 200;
}

/* POST /api/v1/unify/status/check: 200 with the new result. The caller
 * waits for the check: at most two timeouts (SIP, then REST). */
int
api_unify_status_check(struct req *r)
{
	json_t *out = connector_status_refresh(r->db, r->cfg);

	if (out == NULL)
		return req_error(r, 500, "internal", "Could not keep the "
		    "result of the check.");
	json_object_set_new(out, "checking_every_minutes",
	    json_integer(r->cfg->unify_check_minutes));
	r->out = out;
	with_guard(r, r->out);
	return 200;
}

/* POST /api/v1/unify/connector/re-enable {"confirm":true,
 * "new_identity":bool}: 200, 409 when no guard is raised, 422 without
 * the confirmation. Audited. */
int
api_unify_connector_reenable(struct req *r)
{
	bool fresh = json_is_true(json_object_get(r->body, "new_identity"));
	int rc;

	if (!json_is_true(json_object_get(r->body, "confirm")))
		return req_field_error(r, 422, "required", "confirm",
		    "Confirm that the original system's Unify Phone connector "
		    "is uninstalled, or that this system replaces it.");
	if (db_begin(r->db) != 0)
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	rc = clone_guard_release(r->db, fresh);
	if (rc == DB_OK) {
		req_audit(r, "unify.connector.reenable", "Unify Phone connector",
		    true, json_pack("{s:b}", "new_identity", fresh));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (rc == DB_NOTFOUND)
		return req_error(r, 409, "not_disabled", "The Unify Phone "
		    "connector is not disabled by the clone guard.");
	if (rc != DB_OK)
		return req_error(r, 500, "internal", "Could not save.");
	return api_unify_status_get(r);
}
