/* Switchboard — Cloud Services > Unify Phone user instance (seed 003, 3.3):
 * the users, [Create] and [Add] and [Edit], removing one, and [Validate
 * Numbers]. The rules are unify_user_rules.c's; this file gathers what the
 * store knows and speaks HTTP. */
#include <stdio.h>
#include <string.h>

#include "../../db/unify_license_store.h"
#include "../../db/unify_store.h"
#include "../../db/unify_tenant_store.h"
#include "../../db/unify_user_store.h"
#include "../http/api.h"
#include "unify_license_rules.h"
#include "unify_numbers.h"
#include "unify_rules.h"
#include "unify_user_rules.h"

/* The numbering now and its basis string. */
static void
numbering(struct req *r, struct unify_numbering *n, char *basis, size_t len,
    json_t **system, json_t **conn)
{
	*system = unify_store_get(r->db, "system");
	*conn = unify_store_get(r->db, "connectivity");
	unify_numbering_of(*system, *conn, n);
	unify_numbering_basis(n, basis, len);
}

/* Give each user of users its "licenses" (License Management). */
static void
licenses(struct req *r, json_t *users)
{
	json_t *held = unify_license_store_holdings(r->db);

	unify_license_mark(users, held);
	json_decref(held);
}

/* GET /api/v1/unify/users: 200 {"items","total","max_users",
 * "numbering":{…},"needs_validation"}; each item with its "licenses". */
int
api_unify_users_list(struct req *r)
{
	struct db_list_query lq;
	struct unify_numbering n;
	json_t *sys, *conn, *u;
	char basis[64];
	size_t i, stale = 0;
	int status;

	if ((status = req_list_query(r, unify_user_sort_keys, 0, 0, &lq)) != 0)
		return status;
	if ((r->out = unify_user_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	numbering(r, &n, basis, sizeof(basis), &sys, &conn);
	licenses(r, json_object_get(r->out, "items"));
	json_array_foreach(json_object_get(r->out, "items"), i, u) {
		unify_user_view(u, basis);
		stale += json_is_true(json_object_get(u, "needs_validation"));
	}
	json_object_set_new(r->out, "count", json_integer(
	    unify_user_store_count(r->db)));
	json_object_set_new(r->out, "max_users", json_integer(
	    unify_max_users(sys)));
	json_object_set_new(r->out, "numbering", json_pack("{s:s,s:s,s:s,"
	    "s:s,s:s}", "schema", n.international ? "international" :
	    "internal", "country_code", n.cc, "local_area_code", n.lac,
	    "pabx_number", n.pabx, "basis", basis));
	json_object_set_new(r->out, "needs_validation", json_integer(
	    (json_int_t)stale));
	json_object_set_new(r->out, "create_offered", json_boolean(
	    unify_from_fr1(sys)));
	json_decref(sys);
	json_decref(conn);
	return 200;
}

static int
one(struct req *r, int64_t id)
{
	struct unify_numbering n;
	json_t *sys, *conn, *list;
	char basis[64];

	if ((r->out = unify_user_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Unify Phone "
		    "user.");
	numbering(r, &n, basis, sizeof(basis), &sys, &conn);
	unify_user_view(r->out, basis);
	list = json_pack("[O]", r->out);
	licenses(r, list);
	json_decref(list);
	json_decref(sys);
	json_decref(conn);
	return 200;
}

/* GET /api/v1/unify/users/{id}: 200, 404. */
int
api_unify_users_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return one(r, id);
}

/* Create (id 0) or change user id from the body: the rules, the facts
 * they need, then the store, in one transaction. */
static int
save(struct req *r, int64_t id)
{
	struct refusals rs;
	struct unify_user_facts f;
	json_t *stored = NULL, *tenant = NULL, *u = NULL,
	    *tu = json_object_get(r->body, "tenant_user_id");
	int64_t tid = json_is_integer(tu) ? json_integer_value(tu) : 0, out;
	int status = 0, rc;

	memset(&f, 0, sizeof(f));
	refusals_init(&rs);
	if (id && (stored = unify_user_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Unify Phone "
		    "user.");
	if (tid && (tenant = unify_tenant_store_get(r->db, tid)) == NULL)
		f.tenant_missing = true;
	if ((u = unify_user_rules_parse(r->body, stored, tenant, &rs)) ==
	    NULL) {
		status = req_refused(r, &rs);
		goto out;
	}
	f.system = unify_store_get(r->db, "system");
	f.conn = unify_store_get(r->db, "connectivity");
	f.other_users = unify_user_store_count(r->db) - (id ? 1 : 0);
	f.creating = id == 0 && tid == 0;
	f.team_callno = json_string_value(json_object_get(stored,
	    "team_callno"));
	f.tenant_assigned = tid && (out = unify_user_store_of_tenant(r->db,
	    tid)) != 0 && out != id;
	f.callno_holder = unify_station_store_holder(r->db, json_string_value(
	    json_object_get(u, "callno")), json_integer_value(json_object_get(
	    stored, "station_id")));
	if (json_string_value(json_object_get(u, "did"))[0])
		f.did_holder = unify_station_store_did_holder(r->db,
		    json_string_value(json_object_get(u, "did")),
		    json_integer_value(json_object_get(stored, "station_id")));
	f.email_taken = unify_user_store_email_holder(r->db,
	    json_string_value(json_object_get(u, "email")), id) != 0;
	if (unify_user_rules_fit(u, &f, &rs) != 0) {
		status = req_refused(r, &rs);
		goto out;
	}
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	rc = unify_user_store_put(r->db, id, u, &out);
	if (rc == DB_OK) {
		if (id)
			req_audit_update(r, "unify.user.update", json_string_value(
			    json_object_get(u, "name")), stored, u);
		else
			req_audit(r, tid ? "unify.user.add" : "unify.user.create",
			    json_string_value(json_object_get(u, "name")), true,
			    json_deep_copy(u));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (db_in_transaction(r->db) && rc != DB_OK)
		db_rollback(r->db);
	if (rc == DB_CONFLICT)
		status = req_error(r, 409, "conflict", "The call number or "
		    "e-mail was taken meanwhile; try again.");
	else if (rc != DB_OK)
		status = req_error(r, 500, "internal", "Could not save.");
	else if ((status = one(r, out)) == 200 && id == 0)
		status = 201;
out:
	refusals_release(&rs);
	json_decref(f.system);
	json_decref(f.conn);
	json_decref(f.callno_holder);
	json_decref(f.did_holder);
	json_decref(stored);
	json_decref(tenant);
	json_decref(u);
	return status;
}

/* POST /api/v1/unify/users: [Create] (no tenant_user_id) or [Add]; 201,
 * 422 naming every refused field. */
int
api_unify_users_create(struct req *r)
{
	return save(r, 0);
}

/* PUT /api/v1/unify/users/{id}: [Edit]; 200, 404, 422. */
int
api_unify_users_put(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return save(r, id);
}

/* DELETE /api/v1/unify/users/{id}: 204, 404. The virtual station goes
 * with it and its licenses are released; the tenant user is free to be
 * added again. */
int
api_unify_users_delete(struct req *r)
{
	json_t *u, *held;
	int64_t id;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((u = unify_user_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Unify Phone "
		    "user.");
	if (db_begin(r->db) != 0) {
		json_decref(u);
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	}
	held = unify_license_store_of_user(r->db, id);
	if ((rc = unify_license_store_release(r->db, id)) == DB_OK &&
	    (rc = unify_user_store_delete(r->db, id)) == DB_OK) {
		req_audit(r, "unify.user.delete", json_string_value(
		    json_object_get(u, "name")), true, json_pack("{s:O,s:O,"
		    "s:O}", "callno", json_object_get(u, "callno"), "email",
		    json_object_get(u, "email"), "licenses", held));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	/* Inside the router's transaction (the route has a version): roll
	 * back only what failed. */
	if (rc != DB_OK && db_in_transaction(r->db))
		db_rollback(r->db);
	json_decref(held);
	json_decref(u);
	if (rc == DB_CONFLICT)
		return req_error(r, 409, "in_team", "The user is in a Team: "
		    "remove the Team first.");
	if (rc != DB_OK)
		return req_error(r, 500, "internal", "Could not delete.");
	return 204;
}

/* POST /api/v1/unify/users/validate-numbers: every user's call number
 * composed anew on the numbering now and checked (E.164 length, country
 * code, duplicates); 200 {"users":[{"id","name","callno","did","before",
 * "call_number","problem"}],"valid","invalid","hint"}. Numbers with a
 * problem are kept with it, so the list shows them until fixed. */
int
api_unify_users_validate(struct req *r)
{
	struct unify_numbering n;
	json_t *sys, *conn, *all, *u, *seen, *report = json_array();
	char basis[64], number[UNIFY_NUMBER_MAX + 40], why[200];
	size_t i, bad = 0;
	bool ok;

	numbering(r, &n, basis, sizeof(basis), &sys, &conn);
	if (db_begin(r->db) != 0) {
		json_decref(sys);
		json_decref(conn);
		json_decref(report);
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	}
	all = unify_user_store_all(r->db);
	seen = json_object();
	json_array_foreach(all, i, u) {
		const char *callno, *did, *problem, *twin;
		bool team_user = json_is_true(json_object_get(u, "team_user")),
		    in_team = json_is_integer(json_object_get(u, "team_id"));

		unify_user_number_parts(u, &callno, &did);
		unify_call_number(&n, callno, did, number, sizeof(number));
		problem = unify_number_problem(&n, number, why, sizeof(why));
		if (problem == NULL && team_user && !in_team)
			problem = "A Team (MULAP) user waits for its Team: add it "
			    "to a Team with a desk phone.";
		else if (problem == NULL && !in_team && !team_user &&
		    did[0] == '\0' && n.international)
			problem = "Without a DID the user needs the internal "
			    "numbering schema.";
		twin = json_string_value(json_object_get(seen, number));
		if (problem == NULL && twin) {
			snprintf(why, sizeof(why), "%s is also the number of "
			    "%s.", number, twin);
			problem = why;
		}
		json_object_set_new(seen, number, json_string(
		    json_string_value(json_object_get(u, "name"))));
		bad += problem != NULL;
		json_array_append_new(report, json_pack("{s:O,s:O,s:O,s:O,s:O,"
		    "s:s,s:s?}", "id", json_object_get(u, "id"), "name",
		    json_object_get(u, "name"), "callno", json_object_get(u,
		    "callno"), "did", json_object_get(u, "did"), "before",
		    json_object_get(u, "call_number"), "call_number", number,
		    "problem", problem));
		if (unify_user_store_set_number(r->db, json_integer_value(
		    json_object_get(u, "id")), number, basis, problem) !=
		    DB_OK)
			break;
	}
	ok = i == json_array_size(all);
	if (ok) {
		req_audit(r, "unify.users.validate_numbers", basis, true,
		    json_pack("{s:I,s:I}", "valid", (json_int_t)(i - bad),
		    "invalid", (json_int_t)bad));
		ok = db_commit(r->db) == 0;
	}
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (!ok) {
		json_decref(seen);
		json_decref(all);
		json_decref(report);
		json_decref(sys);
		json_decref(conn);
		return req_error(r, 500, "internal", "Could not save.");
	}
	r->out = json_pack("{s:O,s:I,s:I,s:s,s:s}", "users", report, "valid",
	    (json_int_t)(json_array_size(all) - bad), "invalid",
	    (json_int_t)bad, "basis", basis, "hint", UNIFY_VALIDATE_HINT);
	json_decref(seen);
	json_decref(all);
	json_decref(report);
	json_decref(sys);
	json_decref(conn);
	return 200;
}

/* PUT /api/v1/unify/users/{id}/call-destinations {"voicemail","targets",
 * "alternative_number"}: the user's call destination list (3.6.3-3.6.4);
 * 200 with the user (its routing modes and the Alternative Number check),
 * 404, 422. */
int
api_unify_users_destinations(struct req *r)
{
	struct refusals rs;
	json_t *before, *cdl;
	int64_t id;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((before = unify_user_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Unify Phone "
		    "user.");
	refusals_init(&rs);
	if ((cdl = unify_destinations_parse(r->body, &rs)) == NULL) {
		rc = req_refused(r, &rs);
		refusals_release(&rs);
		json_decref(before);
		return rc;
	}
	refusals_release(&rs);
	rc = unify_user_store_set_destinations(r->db, id, cdl);
	if (rc == DB_OK)
		req_audit_update(r, "unify.user.call_destinations",
		    json_string_value(json_object_get(before, "name")),
		    json_object_get(before, "call_destinations"), cdl);
	json_decref(cdl);
	json_decref(before);
	if (rc != DB_OK)
		return req_error(r, 500, "internal", "Could not save.");
	return one(r, id);
}
