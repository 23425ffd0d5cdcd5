/* Switchboard — the Service Center's view of the Unify Phone connector:
 * its ITSP status, a check on demand, and re-enabling it after the clone
 * guard disabled it (seed 003, 5.3). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../db/unify_license_store.h"
#include "../../db/unify_store.h"
#include "../../db/unify_user_store.h"
#include "../http/api.h"
#include "../lib/util.h"
#include "clone_guard.h"
#include "connector_status.h"
#include "unify_license_rules.h"
#include "diagnostics.h"
#include "jwt_status.h"
#include "unify_numbers.h"
#include "unify_rules.h"
#include "unify_user_rules.h"

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
		req_audit(r, "unify.connector.reenable",
		    "Unify Phone connector", true, json_pack("{s:b}", "new_identity", fresh));
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

/* The wizard's stored object of kind at plan index i, or NULL. */
static json_t *
wizard_object(struct req *r, const char *kind, size_t i, const char *sid)
{
	char key[96];

	unify_wizard_key(key, sizeof(key), kind, i, sid);
	return unify_store_wizard_object(r->db, key);
}

/* GET /api/v1/unify/diagnostics: 200, the FAQ's checks judged now from
 * the stored system, wizard input and entries, the JWT's status now and
 * the last connector check (whose time is given: check the connector
 * first for a fresh one). */
int
api_unify_diagnostics(struct req *r)
{
	json_t *id = unify_store_get(r->db, "identity"),
	    *run = unify_store_get(r->db, "run"), *e, *stored_jwt;
	const char *sid = json_string_value(json_object_get(id, "system_id"));
	json_t *held;
	struct unify_diag_input in;
	struct refusals rs;
	struct unify_numbering numbering;
	char at[32], today[16], basis[64];
	size_t i;

	memset(&in, 0, sizeof(in));
	format_utc(now_unix(), at, sizeof(at));
	snprintf(today, sizeof(today), "%.10s", at);
	in.today = today;
	in.system = unify_store_get(r->db, "system");
	in.conn = unify_store_get(r->db, "connectivity");
	in.status = connector_status_last(r->db, r->cfg);
	in.guard = clone_guard_get(r->db);
	in.update_detected = unify_update_detected(in.system, run);
	unify_numbering_of(in.system, in.conn, &numbering);
	unify_numbering_basis(&numbering, basis, sizeof(basis));
	/* One list of the users for every check: as the API shows them,
	 * with their licenses. */
	in.users = unify_user_store_all(r->db);
	json_array_foreach(in.users, i, e)
		unify_user_view(e, basis);
	held = unify_license_store_holdings(r->db);
	unify_license_mark(in.users, held);
	in.trunk = wizard_object(r, "trunk", 0, sid);
	in.route = wizard_object(r, "route", 1, sid);
	in.made = json_object();
	stored_jwt = unify_store_get(r->db, "jwt");
	in.jwt = jwt_status_stored(stored_jwt, now_unix());
	refusals_init(&rs);
	if (unify_rules_execute(in.system, in.conn, json_object_get(in.conn,
	    "api_key_sealed") != NULL, today, &rs) == 0)
		in.plan = unify_wizard_plan(in.system, in.conn, sid,
		    (int)r->cfg->unify_sip_port);
	else if (rs.n > 0)
		in.plan_refusal = rs.v[0].message;
	json_array_foreach(in.plan, i, e) {
		const char *key = json_string_value(json_object_get(e, "key"));
		json_t *m = unify_store_wizard_object(r->db, key);

		json_object_set_new(in.made, key, m ? m : json_null());
	}
	r->out = unify_diagnostics(&in);
	refusals_release(&rs);
	json_object_set_new(r->out, "checked_at", json_string(at));
	json_object_set(r->out, "connector_checked_at",
	    json_object_get(in.status, "checked_at"));
	json_decref(in.system);
	json_decref(in.conn);
	json_decref(in.status);
	json_decref(in.guard);
	json_decref(held);
	json_decref(in.trunk);
	json_decref(in.route);
	json_decref(in.plan);
	json_decref(in.made);
	json_decref(in.users);
	json_decref(in.jwt);
	json_decref(stored_jwt);
	json_decref(run);
	json_decref(id);
	return 200;
}
