/* Switchboard — License Management - Local User licenses - Mobility User
 * (seed 003, 3.5): the OpenScape Business license pools Unify Phone needs
 * with their totals and use, Software Support valid until beside them,
 * each user's licenses, and [Apply]. The rules are
 * unify_license_rules.c's; this file gathers what the stores know and
 * speaks HTTP. */
#include <stdio.h>
#include <string.h>

#include "../../db/unify_license_store.h"
#include "../../db/unify_store.h"
#include "../../db/unify_user_store.h"
#include "../http/api.h"
#include "../lib/util.h"
#include "unify_license_rules.h"

/* Each pool's total and use into c. -1 on a database error. */
static int
counts(struct req *r, struct unify_license_count *c)
{
	json_t *all = unify_license_store_counts(r->db), *one;
	int p;

	if (all == NULL)
		return -1;
	for (p = 0; p < UNIFY_LIC_POOLS; p++) {
		one = json_object_get(all, unify_license_pools[p].key);
		c[p].total = json_integer_value(json_object_get(one, "total"));
		c[p].used = json_integer_value(json_object_get(one, "used"));
	}
	json_decref(all);
	return 0;
}

/* Every Unify Phone user, each with its "licenses". New reference. */
static json_t *
licensed_users(struct req *r)
{
	json_t *users = unify_user_store_all(r->db),
	    *held = unify_license_store_holdings(r->db);

	unify_license_mark(users, held);
	json_decref(held);
	return users;
}

/* The page: {"software_support_until","software_support_valid","notice",
 * "pools","users","users_without","shortfall"}. NULL on a database
 * error. */
static json_t *
view(struct req *r)
{
	struct unify_license_count c[UNIFY_LIC_POOLS];
	json_t *sys, *users, *out;
	char at[32], today[16], text[600];
	size_t lacking;
	bool valid;

	if (counts(r, c) != 0)
		return NULL;
	format_utc(now_unix(), at, sizeof(at));
	snprintf(today, sizeof(today), "%.10s", at);
	sys = unify_store_get(r->db, "system");
	valid = unify_license_support_valid(sys, today);
	users = licensed_users(r);
	lacking = unify_license_shortfall(users, text, sizeof(text));
	out = json_pack("{s:O?,s:b,s:s?,s:o,s:I,s:I,s:s?}",
	    "software_support_until", json_object_get(sys,
	    "software_support_until"), "software_support_valid", valid,
	    "notice", valid ? NULL : UNIFY_LICENSE_SUPPORT_NOTE, "pools",
	    unify_license_pools_json(c), "users",
	    (json_int_t)json_array_size(users), "users_without",
	    (json_int_t)lacking, "shortfall", lacking ? text : NULL);
	json_decref(users);
	json_decref(sys);
	return out;
}

static int
reply_view(struct req *r, int status)
{
	json_t *v = view(r);

	if (v == NULL)
		return req_error(r, 500, "internal", "Database error.");
	if (r->out)
		json_object_update_missing(r->out, v);
	else
		r->out = json_incref(v);
	json_decref(v);
	return status;
}

/* Begin the transaction a change is judged and made in, and read each
 * pool's total and use into c: 0, or the error status set in r with
 * nothing begun. */
static int
begin(struct req *r, struct unify_license_count *c)
{
	if (db_begin(r->db) != 0)
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	if (counts(r, c) != 0) {
		db_rollback(r->db);
		return req_error(r, 500, "internal", "Database error.");
	}
	return 0;
}

/* Commit the change and answer with the page (over what r->out holds). */
static int
commit(struct req *r)
{
	if (db_commit(r->db) != 0)
		return req_error(r, 500, "internal", "Could not save.");
	return reply_view(r, 200);
}

/* GET /api/v1/unify/licenses: 200. */
int
api_unify_licenses_get(struct req *r)
{
	return reply_view(r, 200);
}

/* {key: total} of each pool. New reference. */
static json_t *
totals_json(const int64_t *t)
{
	json_t *out = json_object();
	int p;

	for (p = 0; p < UNIFY_LIC_POOLS; p++)
		json_object_set_new(out, unify_license_pools[p].key,
		    json_integer(t[p]));
	return out;
}

/* PUT /api/v1/unify/licenses {key: total, …}: the totals the system
 * holds; a pool left out keeps its total. 200, 422 naming each refused
 * pool (not a whole number, or lower than the licenses in use). */
int
api_unify_licenses_put(struct req *r)
{
	struct unify_license_count c[UNIFY_LIC_POOLS];
	int64_t totals[UNIFY_LIC_POOLS], was[UNIFY_LIC_POOLS];
	struct refusals rs;
	json_t *before, *after;
	int p, rc = DB_OK, status;
	bool open;

	if ((status = begin(r, c)) != 0)
		return status;
	open = true;
	refusals_init(&rs);
	if (unify_license_rules_totals(r->body, c, totals, &rs) != 0) {
		status = req_refused(r, &rs);
		goto out;
	}
	for (p = 0; p < UNIFY_LIC_POOLS && rc == DB_OK; p++) {
		was[p] = c[p].total;
		if (totals[p] != c[p].total)
			rc = unify_license_store_set_total(r->db,
			    unify_license_pools[p].key, totals[p]);
	}
	if (rc != DB_OK) {
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	before = totals_json(was);
	after = totals_json(totals);
	req_audit_update(r, "unify.licenses.update", "licenses", before,
	    after);
	json_decref(before);
	json_decref(after);
	open = false;
	status = commit(r);
out:
	if (open)
		db_rollback(r->db);
	refusals_release(&rs);
	return status;
}

/* PUT /api/v1/unify/users/{id}/licenses {"mobility_user","unify_phone",
 * "desk_phone","voicemail": bool}: activate or deactivate the user's
 * licenses (a pool left out stays as it is). desk_phone is the license of
 * the desk phone twinned with the user. 200 (the page and "user"), 404,
 * 422 naming each exhausted pool; nothing changes then. */
int
api_unify_user_licenses_put(struct req *r)
{
	struct unify_license_count c[UNIFY_LIC_POOLS];
	bool held[UNIFY_LIC_POOLS], want[UNIFY_LIC_POOLS];
	struct refusals rs;
	json_t *u = NULL, *keys = NULL, *before = NULL, *after = NULL, *one;
	int64_t id;
	int p, rc = DB_OK, status;
	bool open;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((status = begin(r, c)) != 0)
		return status;
	open = true;
	refusals_init(&rs);
	if ((u = unify_user_store_get(r->db, id)) == NULL) {
		status = req_error(r, 404, "not_found", "No such Unify Phone "
		    "user.");
		goto out;
	}
	keys = unify_license_store_of_user(r->db, id);
	before = unify_license_flags(keys);
	for (p = 0; p < UNIFY_LIC_POOLS; p++)
		held[p] = json_is_true(json_object_get(before,
		    unify_license_pools[p].key));
	if (unify_license_rules_activate(r->body, json_string_value(
	    json_object_get(u, "name")), held, c, want, &rs) != 0) {
		status = req_refused(r, &rs);
		goto out;
	}
	/* The desk phone's license needs the desk phone: a Team. */
	p = unify_license_pool_of("desk_phone");
	if (want[p] && !held[p] && !json_is_integer(json_object_get(u,
	    "team_id"))) {
		char msg[240];

		snprintf(msg, sizeof(msg), "The IP User (Desk Phone) license is "
		    "for the desk phone twinned with %s: put the user in a "
		    "Team with a desk phone first.", json_string_value(
		    json_object_get(u, "name")));
		refuse_about(&rs, "no_team", "desk_phone", "license",
		    unify_license_pools[p].name, msg);
		status = req_refused(r, &rs);
		goto out;
	}
	after = json_object();
	for (p = 0; p < UNIFY_LIC_POOLS; p++) {
		json_object_set_new(after, unify_license_pools[p].key,
		    json_boolean(want[p]));
		if (rc == DB_OK && want[p] != held[p])
			rc = unify_license_store_set(r->db, id,
			    unify_license_pools[p].key, want[p]);
	}
	if (rc != DB_OK) {
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	if (!json_equal(before, after))
		req_audit_update(r, "unify.user.licenses", json_string_value(
		    json_object_get(u, "name")), before, after);
	one = json_pack("{s:O,s:O,s:O,s:O}", "id", json_object_get(u, "id"),
	    "name", json_object_get(u, "name"), "callno", json_object_get(u,
	    "callno"), "licenses", after);
	r->out = json_pack("{s:o}", "user", one);
	open = false;
	status = commit(r);
out:
	if (open)
		db_rollback(r->db);
	refusals_release(&rs);
	json_decref(after);
	json_decref(before);
	json_decref(keys);
	json_decref(u);
	return status;
}

/* POST /api/v1/unify/licenses/apply ([Apply]): every Unify Phone user
 * gets the IP User (Mobility User) and Unify Phone licenses it lacks,
 * both or neither, while the pools last; those the pools cannot serve are
 * listed with the pool that ran out. One transaction. 200 {page,
 * "granted","short","complete","message"}. */
int
api_unify_licenses_apply(struct req *r)
{
	struct unify_license_count c[UNIFY_LIC_POOLS];
	json_t *users = NULL, *report = NULL, *g, *k;
	size_t i, j;
	int rc = DB_OK, status;
	bool open;

	if ((status = begin(r, c)) != 0)
		return status;
	open = true;
	users = licensed_users(r);
	report = unify_license_rules_apply(users, c);
	json_array_foreach(json_object_get(report, "granted"), i, g)
		json_array_foreach(json_object_get(g, "pools"), j, k)
			if (rc == DB_OK)
				rc = unify_license_store_set(r->db,
				    json_integer_value(json_object_get(g, "id")),
				    json_string_value(k), true);
	if (rc != DB_OK) {
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	req_audit(r, "unify.licenses.apply", "licenses", true, json_pack(
	    "{s:I,s:I,s:O}", "granted", (json_int_t)json_array_size(
	    json_object_get(report, "granted")), "short",
	    (json_int_t)json_array_size(json_object_get(report, "short")),
	    "message", json_object_get(report, "message")));
	r->out = json_incref(report);
	open = false;
	status = commit(r);
out:
	if (open)
		db_rollback(r->db);
	json_decref(report);
	json_decref(users);
	return status;
}
