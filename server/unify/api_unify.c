/* Switchboard — Unify Phone on OpenScape Business: the system, the Unify
 * Phone Connectivity wizard and its [Execute Function], and the Expert
 * Mode views of trunks, routes and the LCR dial plan (seed 003, 3.2 and
 * 3.6). The API key is sealed at rest and never shown, logged or
 * audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../db/unify_store.h"
#include "../http/api.h"
#include "../lib/seal.h"
#include "clone_guard.h"
#include "unify_rules.h"

#define KEY_MASK "••••••••"

/* True when the system's software version was raised after the wizard
 * last ran. */
static bool
update_detected(struct req *r, json_t *system)
{
	json_t *run = unify_store_get(r->db, "run");
	bool out = unify_update_detected(system, run);

	json_decref(run);
	return out;
}

static void
banner(struct req *r, json_t *out, json_t *system)
{
	bool b = update_detected(r, system);
	json_t *g;

	json_object_set_new(out, "software_update_detected", json_boolean(b));
	json_object_set_new(out, "banner", b ? json_string(UNIFY_UPDATE_BANNER)
	    : json_null());
	/* The clone guard's warning rides with the banner on every page. */
	json_object_set_new(out, "guard", (g = clone_guard_get(r->db)) ? g :
	    json_null());
}

/* GET /api/v1/unify/system: 200 ({"configured":false,…} until set). */
int
api_unify_system_get(struct req *r)
{
	json_t *sys = unify_store_get(r->db, "system");

	r->out = json_object();
	json_object_set_new(r->out, "configured", json_boolean(sys != NULL));
	if (sys)
		json_object_update(r->out, sys);
	json_object_set_new(r->out, "max_unify_phone_users",
	    json_integer(unify_max_users(sys)));
	json_object_set_new(r->out, "users_by_model", unify_users_table());
	json_object_set_new(r->out, "from_v3r3_fr1",
	    json_boolean(unify_from_fr1(sys)));
	banner(r, r->out, sys);
	json_decref(sys);
	return 200;
}

/* PUT /api/v1/unify/system: 200, 422 naming every refused field. */
int
api_unify_system_put(struct req *r)
{
	struct refusals rs;
	json_t *v, *before;

	refusals_init(&rs);
	if ((v = unify_rules_system(r->body, &rs)) == NULL) {
		int st = req_refused(r, &rs);

		refusals_release(&rs);
		return st;
	}
	refusals_release(&rs);
	before = unify_store_get(r->db, "system");
	if (unify_store_put(r->db, "system", v) != DB_OK) {
		json_decref(before);
		json_decref(v);
		return req_error(r, 500, "internal", "Could not save.");
	}
	if (before)
		req_audit_update(r, "unify.system.update", "system", before, v);
	else
		req_audit(r, "unify.system.create", "system", true,
		    json_deep_copy(v));
	json_decref(before);
	json_decref(v);
	return api_unify_system_get(r);
}

/* The wizard's input as shown: the key masked, the bandwidth worked out. */
static json_t *
connectivity_view(struct req *r)
{
	json_t *c = unify_store_get(r->db, "connectivity"),
	    *sys = unify_store_get(r->db, "system"), *out = json_object();
	bool have_key = c && json_object_get(c, "api_key_sealed");

	if (c) {
		json_object_update(out, c);
		json_object_del(out, "api_key_sealed");
	} else {
		json_object_set_new(out, "enabled", json_false());
		json_object_set_new(out, "domain",
		    json_string(UNIFY_DEFAULT_DOMAIN));
		json_object_set_new(out, "numbering_schema",
		    json_string("international"));
	}
	json_object_set_new(out, "api_key", json_string(have_key ? KEY_MASK :
	    ""));
	json_object_set_new(out, "api_key_set", json_boolean(have_key));
	json_object_set_new(out, "numbering_schema_offered",
	    json_boolean(unify_from_fr1(sys)));
	json_object_set_new(out, "bandwidth", unify_bandwidth(sys ?
	    json_integer_value(json_object_get(sys, "upstream_kbps")) : 0));
	json_object_set_new(out, "last_run", unify_store_get(r->db, "run"));
	if (json_object_get(out, "last_run") == NULL)
		json_object_set_new(out, "last_run", json_null());
	banner(r, out, sys);
	json_decref(c);
	json_decref(sys);
	return out;
}

/* GET /api/v1/unify/connectivity: 200. */
int
api_unify_connectivity_get(struct req *r)
{
	r->out = connectivity_view(r);
	return 200;
}

/* PUT /api/v1/unify/connectivity: 200, 422. Fields not sent keep their
 * values; an api_key sent is sealed, one equal to the mask is ignored. */
int
api_unify_connectivity_put(struct req *r)
{
	struct refusals rs;
	json_t *stored = unify_store_get(r->db, "connectivity"),
	    *sys = unify_store_get(r->db, "system"), *v = NULL, *before,
	    *k = json_object_get(r->body, "api_key");
	const char *key = NULL;
	char *sealed = NULL;
	int status = 200;

	if (json_is_string(k) && (strcmp(json_string_value(k), KEY_MASK) == 0
	    || json_string_value(k)[0] == '\0'))
		json_object_del(r->body, "api_key");
	refusals_init(&rs);
	v = unify_rules_connectivity(r->body, stored, sys, stored &&
	    json_object_get(stored, "api_key_sealed"), &key, &rs);
	if (v == NULL) {
		status = req_refused(r, &rs);
		goto out;
	}
	if (key)
		sealed = seal_box(UNIFY_KEY_CONTEXT, key, strlen(key));
	if (sealed)
		json_object_set_new(v, "api_key_sealed", json_string(sealed));
	else if (stored && json_object_get(stored, "api_key_sealed"))
		json_object_set(v, "api_key_sealed", json_object_get(stored,
		    "api_key_sealed"));
	before = connectivity_view(r);
	if (unify_store_put(r->db, "connectivity", v) != DB_OK) {
		json_decref(before);
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	r->out = connectivity_view(r);
	/* The views hold the mask only; a new key shows as api_key_changed. */
	req_audit_update(r, "unify.connectivity.update", "connectivity",
	    before, r->out);
	if (sealed)
		req_audit(r, "unify.connectivity.api_key", "connectivity",
		    true, json_pack("{s:b}", "api_key_changed", 1));
	json_decref(before);
out:
	refusals_release(&rs);
	free(sealed);
	json_decref(v);
	json_decref(stored);
	json_decref(sys);
	return status;
}

static const char *const put_names[] = {
	"created", "updated", "unchanged"
};

/* [Execute Function] with "Enable Unify Phone" unchecked, after the wizard
 * made the trunk: the trunk is deactivated (its route and LCR entries
 * stay, for enabling again), which is how the seed's connector is
 * uninstalled before a system is cloned or backed up. 0 when there is no
 * trunk (the wizard's usual refusal follows), 200 with results filled, or
 * an error status. */
static int
disable_trunk(struct req *r, json_t *id, json_t *results, bool *changed)
{
	char key[96];
	json_t *t, *cfg;
	enum unify_put p;
	int64_t oid;

	unify_wizard_key(key, sizeof(key), "trunk", 0, json_string_value(
	    json_object_get(id, "system_id")));
	if ((t = unify_store_wizard_object(r->db, key)) == NULL)
		return 0;
	cfg = json_deep_copy(json_object_get(t, "config"));
	json_object_set_new(cfg, "enabled", json_false());
	p = unify_store_wizard_put(r->db, "trunk", key, UNIFY_TRUNK_NAME, cfg,
	    &oid);
	json_decref(cfg);
	json_decref(t);
	if (p == UNIFY_PUT_ERROR)
		return req_error(r, 500, "internal", "Could not save.");
	json_array_append_new(results, json_pack("{s:s,s:s,s:I,s:s}", "kind",
	    "trunk", "name", UNIFY_TRUNK_NAME, "id", (json_int_t)oid,
	    "result", p == UNIFY_UNCHANGED ? "unchanged" : "deactivated"));
	req_audit(r, "unify.connectivity.execute", UNIFY_TRUNK_NAME, true,
	    json_pack("{s:O,s:b}", "results", results, "enabled", 0));
	*changed = p != UNIFY_UNCHANGED;
	return 200;
}

/* POST /api/v1/unify/connectivity/execute: 200 {"results":[{"kind","name",
 * "id","result"}],"changed"}, 422 when the wizard cannot run yet. One
 * transaction (the router's): all of it or nothing. */
int
api_unify_connectivity_execute(struct req *r)
{
	struct refusals rs;
	json_t *sys = NULL, *conn = NULL,
	    *id = unify_store_get(r->db, "identity"), *plan = NULL, *e,
	    *results = json_array(), *run, *guard = NULL;
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	int64_t oid, trunk_id = 0, route_id = 0;
	enum unify_put p;
	bool changed = false;
	size_t i;
	int status = 200;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	refusals_init(&rs);
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	if ((guard = clone_guard_get(r->db)) != NULL) {
		status = req_error(r, 409, "connector_disabled",
		    json_string_value(json_object_get(guard, "reason")));
		goto out;
	}
	/* What it reads and writes, in one transaction. */
	sys = unify_store_get(r->db, "system");
	conn = unify_store_get(r->db, "connectivity");
	if (conn && !json_is_true(json_object_get(conn, "enabled")) &&
	    (status = disable_trunk(r, id, results, &changed)) != 0) {
		if (status == 200 && db_commit(r->db) != 0)
			status = req_error(r, 500, "internal",
			    "Could not save.");
		if (status == 200)
			r->out = json_pack("{s:O,s:b}", "results", results,
			    "changed", changed);
		goto out;
	}
	status = 200;
	if (unify_rules_execute(sys, conn, conn && json_object_get(conn,
	    "api_key_sealed"), today, &rs) != 0) {
		status = req_refused(r, &rs);
		goto out;
	}
	plan = unify_wizard_plan(sys, conn, json_string_value(
	    json_object_get(id, "system_id")), (int)r->cfg->unify_sip_port);
	json_array_foreach(plan, i, e) {
		const char *kind = json_string_value(json_object_get(e,
		    "kind"));
		json_t *cfg = json_object_get(e, "config");

		if (strcmp(kind, "route") == 0)
			json_object_set_new(cfg, "trunk_id",
			    json_integer(trunk_id));
		else if (strcmp(kind, "lcr") == 0)
			json_object_set_new(cfg, "route_id",
			    json_integer(route_id));
		p = unify_store_wizard_put(r->db, kind, json_string_value(
		    json_object_get(e, "key")), json_string_value(
		    json_object_get(e, "name")), cfg, &oid);
		if (p == UNIFY_PUT_ERROR) {
			status = req_error(r, 500, "internal",
			    "Could not save.");
			goto out;
		}
		if (strcmp(kind, "trunk") == 0)
			trunk_id = oid;
		else if (strcmp(kind, "route") == 0)
			route_id = oid;
		changed |= p != UNIFY_UNCHANGED;
		json_array_append_new(results, json_pack("{s:s,s:s,s:I,s:s}",
		    "kind", kind, "name", json_string_value(json_object_get(e,
		    "name")), "id", (json_int_t)oid, "result",
		    put_names[p]));
	}
	run = unify_store_get(r->db, "run");
	if (changed || !json_equal(json_object_get(run, "software_version"),
	    json_object_get(sys, "software_version"))) {
		char at[32];

		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_decref(run);
		run = json_pack("{s:O,s:s}", "software_version",
		    json_object_get(sys, "software_version"), "at", at);
		if (unify_store_put(r->db, "run", run) != DB_OK) {
			json_decref(run);
			status = req_error(r, 500, "internal",
			    "Could not save.");
			goto out;
		}
	}
	json_decref(run);
	req_audit(r, "unify.connectivity.execute", UNIFY_TRUNK_NAME, true,
	    json_pack("{s:O}", "results", results));
	if (db_commit(r->db) != 0) {
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	r->out = json_pack("{s:O,s:b}", "results", results, "changed",
	    changed);
out:
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	refusals_release(&rs);
	json_decref(results);
	json_decref(plan);
	json_decref(sys);
	json_decref(conn);
	json_decref(id);
	json_decref(guard);
	return status;
}

/* The Expert Mode list of kind: 200 {"items","total",banner}. */
static int
expert_list(struct req *r, const char *kind)
{
	json_t *sys = unify_store_get(r->db, "system");

	if ((r->out = unify_store_list(r->db, kind)) == NULL) {
		json_decref(sys);
		return req_error(r, 500, "internal", "Database error.");
	}
	banner(r, r->out, sys);
	json_decref(sys);
	return 200;
}

int
api_unify_trunks_list(struct req *r)
{
	return expert_list(r, "trunk");
}

int
api_unify_routes_list(struct req *r)
{
	return expert_list(r, "route");
}

int
api_unify_lcr_list(struct req *r)
{
	return expert_list(r, "lcr");
}

/* PUT one of kind: 200, 404, 409 (the wizard's own), 422. */
static int
expert_put(struct req *r, const char *kind)
{
	const char *name = NULL;
	json_t *before, *cfg = json_object_get(r->body, "config");
	int64_t id;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((before = unify_store_object(r->db, kind, id)) == NULL)
		return req_error(r, 404, "not_found", "No such entry.");
	if (json_is_true(json_object_get(before, "wizard_owned"))) {
		json_decref(before);
		return req_error(r, 409, "wizard_owned", UNIFY_WIZARD_ONLY);
	}
	if (req_body_string(r, "name", 64, true, false, &name) != 0 ||
	    !json_is_object(cfg)) {
		json_decref(before);
		return name ? req_field_error(r, 422, "invalid_field",
		    "config", "The configuration is an object.") : 422;
	}
	rc = unify_store_admin_update(r->db, kind, id, name, cfg);
	if (rc != DB_OK) {
		json_decref(before);
		return req_error(r, 500, "internal", "Could not save.");
	}
	r->out = unify_store_object(r->db, kind, id);
	req_audit_update(r, "unify.expert.update", name, before, r->out);
	json_decref(before);
	return 200;
}

/* POST one of kind by hand: 201, 422. */
static int
expert_add(struct req *r, const char *kind)
{
	const char *name = NULL;
	json_t *cfg = json_object_get(r->body, "config");
	int64_t id;

	if (req_body_string(r, "name", 64, true, false, &name) != 0)
		return 422;
	if (!json_is_object(cfg))
		return req_field_error(r, 422, "invalid_field", "config",
		    "The configuration is an object.");
	if (unify_store_admin_add(r->db, kind, name, cfg, &id) != DB_OK)
		return req_error(r, 500, "internal", "Could not save.");
	r->out = unify_store_object(r->db, kind, id);
	req_audit(r, "unify.expert.create", name, true, json_deep_copy(
	    r->out));
	return 201;
}

int
api_unify_trunks_put(struct req *r)
{
	return expert_put(r, "trunk");
}

int
api_unify_routes_put(struct req *r)
{
	return expert_put(r, "route");
}

int
api_unify_lcr_put(struct req *r)
{
	return expert_put(r, "lcr");
}

int
api_unify_trunks_add(struct req *r)
{
	return expert_add(r, "trunk");
}

int
api_unify_routes_add(struct req *r)
{
	return expert_add(r, "route");
}

int
api_unify_lcr_add(struct req *r)
{
	return expert_add(r, "lcr");
}
