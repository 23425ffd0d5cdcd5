/* Switchboard — User Telephony > Team Configuration (seed 003, 3.4): Teams
 * (MULAP) of one IP or TDM desk phone and one Unify Phone user. Saving a
 * Team updates the user's call number from the Team callno; removing it
 * gives the user back its own. */
#include <string.h>

#include "../../db/unify_license_store.h"
#include "../../db/unify_store.h"
#include "../../db/unify_user_store.h"
#include "../http/api.h"
#include "unify_numbers.h"
#include "unify_team_rules.h"
#include "unify_user_rules.h"

static void
with_advice(json_t *out)
{
	json_object_set_new(out, "advice", json_string(UNIFY_TEAM_ADVICE));
}

/* GET /api/v1/unify/teams: 200 {"items","total","advice"}. */
int
api_unify_teams_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	if ((status = req_list_query(r, unify_team_sort_keys, 0, 0, &lq)) != 0)
		return status;
	if ((r->out = unify_team_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	with_advice(r->out);
	return 200;
}

static int
one(struct req *r, int64_t id, int status)
{
	if ((r->out = unify_team_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Team.");
	with_advice(r->out);
	return status;
}

/* GET /api/v1/unify/teams/{id}: 200, 404. */
int
api_unify_teams_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return one(r, id, 200);
}

/* Compose user uid's number anew from what the store says now: the
 * Team's callno in a Team, its own callno and DID otherwise. */
static int
renumber(struct req *r, int64_t uid)
{
	json_t *sys = unify_store_get(r->db, "system"),
	    *conn = unify_store_get(r->db, "connectivity"),
	    *u = unify_user_store_get(r->db, uid);
	struct unify_numbering n;
	char number[UNIFY_NUMBER_MAX + 40], basis[64], why[160];
	const char *callno, *did;
	int rc = DB_NOTFOUND;

	unify_numbering_of(sys, conn, &n);
	unify_numbering_basis(&n, basis, sizeof(basis));
	if (u) {
		unify_user_number_parts(u, &callno, &did);
		unify_call_number(&n, callno, did, number, sizeof(number));
		rc = unify_user_store_set_number(r->db, uid, number, basis,
		    unify_number_problem(&n, number, why, sizeof(why)));
	}
	json_decref(u);
	json_decref(sys);
	json_decref(conn);
	return rc;
}

static int
save(struct req *r, int64_t id)
{
	struct refusals rs;
	struct unify_team_facts f;
	json_t *stored = NULL, *t;
	int64_t out, before_user = 0;
	int status, rc;

	memset(&f, 0, sizeof(f));
	refusals_init(&rs);
	if (id && (stored = unify_team_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Team.");
	before_user = json_integer_value(json_object_get(stored, "user_id"));
	if ((t = unify_team_rules_parse(r->body, stored, &rs)) == NULL) {
		status = req_refused(r, &rs);
		goto out;
	}
	f.desk = unify_station_store_get(r->db, json_integer_value(
	    json_object_get(t, "desk_station_id")));
	f.user = unify_user_store_get(r->db, json_integer_value(
	    json_object_get(t, "user_id")));
	f.callno_holder = unify_station_store_holder(r->db, json_string_value(
	    json_object_get(t, "callno")), 0);
	/* The Team's own callno is no clash (teams come back as -id). */
	if (f.callno_holder && id && json_integer_value(json_object_get(
	    f.callno_holder, "id")) == -id) {
		json_decref(f.callno_holder);
		f.callno_holder = NULL;
	}
	f.desk_in_team = unify_team_store_of_desk(r->db, json_integer_value(
	    json_object_get(t, "desk_station_id")), id) != 0;
	f.user_in_team = unify_team_store_of_user(r->db, json_integer_value(
	    json_object_get(t, "user_id")), id) != 0;
	if (unify_team_rules_fit(t, &f, &rs) != 0) {
		status = req_refused(r, &rs);
		goto out;
	}
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	rc = unify_team_store_put(r->db, id, t, &out);
	if (rc == DB_OK)
		rc = renumber(r, json_integer_value(json_object_get(t,
		    "user_id")));
	/* A user who leaves the Team leaves its desk phone, and the desk
	 * phone's license with it. */
	if (rc == DB_OK && before_user && before_user != json_integer_value(
	    json_object_get(t, "user_id")) && (rc = renumber(r, before_user))
	    == DB_OK)
		rc = unify_license_store_set(r->db, before_user, "desk_phone",
		    false);
	if (rc == DB_OK) {
		if (id)
			req_audit_update(r, "unify.team.update",
			    json_string_value(json_object_get(t, "name")),
			    stored, t);
		else
			req_audit(r, "unify.team.create", json_string_value(
			    json_object_get(t, "name")), true,
			    json_deep_copy(t));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (rc != DB_OK && db_in_transaction(r->db))
		db_rollback(r->db);
	if (rc == DB_CONFLICT)
		status = req_error(r, 409, "conflict", "The Team's callno, desk "
		    "phone or user was taken meanwhile; try again.");
	else if (rc != DB_OK)
		status = req_error(r, 500, "internal", "Could not save.");
	else
		status = one(r, out, id ? 200 : 201);
out:
	refusals_release(&rs);
	json_decref(f.desk);
	json_decref(f.user);
	json_decref(f.callno_holder);
	json_decref(stored);
	json_decref(t);
	return status;
}

/* POST /api/v1/unify/teams: 201, 422. */
int
api_unify_teams_create(struct req *r)
{
	return save(r, 0);
}

/* PUT /api/v1/unify/teams/{id}: 200, 404, 422. */
int
api_unify_teams_put(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return save(r, id);
}

/* DELETE /api/v1/unify/teams/{id}: 204, 404. The user gets back the
 * number of its own callno (a Team (MULAP) user's then waits for a
 * Team). */
int
api_unify_teams_delete(struct req *r)
{
	json_t *t;
	int64_t id;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((t = unify_team_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such Team.");
	if (db_begin(r->db) != 0) {
		json_decref(t);
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	}
	rc = unify_team_store_delete(r->db, id);
	if (rc == DB_OK)
		rc = renumber(r, json_integer_value(json_object_get(t,
		    "user_id")));
	if (rc == DB_OK)	/* no desk phone, no desk phone license */
		rc = unify_license_store_set(r->db, json_integer_value(
		    json_object_get(t, "user_id")), "desk_phone", false);
	if (rc == DB_OK) {
		req_audit(r, "unify.team.delete", json_string_value(
		    json_object_get(t, "name")), true, json_deep_copy(t));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (rc != DB_OK && db_in_transaction(r->db))
		db_rollback(r->db);
	json_decref(t);
	return rc == DB_OK ? 204 : req_error(r, 500, "internal",
	    "Could not delete.");
}
