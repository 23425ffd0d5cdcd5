/* Switchboard — OpenScape Business stations (the system's subscribers the
 * Unify Phone wizards work with): list, create, change, remove, and import
 * a station list all or nothing. A Unify Phone user's virtual station is
 * the user wizard's: here only its directory flag and CLIP/LIN change. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../db/unify_user_store.h"
#include "../http/api.h"
#include "unify_station_rules.h"

#define WIZARD_ONLY "Only the Unify Phone user instance wizard changes a " \
	"Unify Phone user's station; its Entry in telephone directory and " \
	"CLIP/LIN can be set here."

/* GET /api/v1/unify/stations: 200, 400. */
int
api_unify_stations_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	if ((status = req_list_query(r, unify_station_sort_keys, 0, 0, &lq))
	    != 0)
		return status;
	if ((r->out = unify_station_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* GET /api/v1/unify/stations/{id}: 200, 404. */
int
api_unify_stations_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = unify_station_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such station.");
	return 200;
}

/* Refusals for numbers s takes that another station (not except) holds.
 * seen: numbers earlier rows of a list take, number -> row. */
static void
numbers_free(struct req *r, json_t *s, int64_t except, json_t *seen,
    struct refusals *rs)
{
	const char *callno = json_string_value(json_object_get(s, "callno")),
	    *did = json_string_value(json_object_get(s, "did"));
	json_t *h;

	if ((h = unify_station_store_holder(r->db, callno, except)) != NULL)
		refuse(rs, "taken", "callno", "The call number %s is already "
		    "used by %s (%s).", callno, json_string_value(
		    json_object_get(h, "name")), json_string_value(
		    json_object_get(h, "type")));
	else if (seen && json_object_get(seen, callno))
		refuse(rs, "duplicate", "callno", "The call number %s is "
		    "already in row %lld.", callno, (long long)
		    json_integer_value(json_object_get(seen, callno)));
	json_decref(h);
	if (did[0] == '\0')
		return;
	if ((h = unify_station_store_did_holder(r->db, did, except)) != NULL)
		refuse(rs, "taken", "did", "The DID %s is already used by %s "
		    "(%s %s).", did, json_string_value(json_object_get(h,
		    "name")), json_string_value(json_object_get(h, "type")),
		    json_string_value(json_object_get(h, "callno")));
	else if (seen && json_object_get(seen, did))
		refuse(rs, "duplicate", "did", "The DID %s is already in row "
		    "%lld.", did, (long long)json_integer_value(
		    json_object_get(seen, did)));
	json_decref(h);
}

/* A Team's desk phone stays an IP or TDM one (3.4). */
static void
desk_stays(struct req *r, json_t *s, int64_t id, struct refusals *rs)
{
	const char *type = json_string_value(json_object_get(s, "type"));

	if (id > 0 && unify_team_store_of_desk(r->db, id, 0) != 0 &&
	    strcmp(type, "IP") != 0 && strcmp(type, "TDM") != 0)
		refuse(rs, "in_team", "type", "This station is the desk phone "
		    "of a Team: it stays an IP or TDM desk phone (cordless "
		    "subscribers are not approved in connection with Unify "
		    "Phone). Remove the Team first.");
}

/* Create (id 0) or change a station from the body. */
static int
save(struct req *r, int64_t id)
{
	struct refusals rs;
	json_t *stored = NULL, *s = NULL;
	int64_t out;
	int status, rc;

	refusals_init(&rs);
	if (id && (stored = unify_station_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such station.");
	if ((s = unify_station_rules_parse(r->body, stored, &rs)) != NULL &&
	    json_is_true(json_object_get(stored, "user_owned"))) {
		/* The wizard's station: callno, name, type, DID are its. */
		static const char *const its[] = { "callno", "name", "type",
		    "did" };
		size_t i;

		for (i = 0; i < 4; i++)
			if (!json_equal(json_object_get(s, its[i]),
			    json_object_get(stored, its[i]))) {
				status = req_field_error(r, 409, "wizard_only",
				    its[i], WIZARD_ONLY);
				goto out;
			}
		rc = unify_station_store_set_flags(r->db, id, json_is_true(
		    json_object_get(s, "directory_entry")), json_string_value(
		    json_object_get(s, "clip_lin")));
		out = id;
	} else if (s) {
		numbers_free(r, s, id, NULL, &rs);
		desk_stays(r, s, id, &rs);
		if (rs.n) {
			status = req_refused(r, &rs);
			goto out;
		}
		rc = unify_station_store_put(r->db, id, s, &out);
	} else {
		status = req_refused(r, &rs);
		goto out;
	}
	if (rc == DB_OK) {
		if (id)
			req_audit_update(r, "unify.station.update",
			    json_string_value(json_object_get(s, "callno")),
			    stored, s);
		else
			req_audit(r, "unify.station.create", json_string_value(
			    json_object_get(s, "callno")), true,
			    json_deep_copy(s));
		r->out = unify_station_store_get(r->db, out);
		status = id ? 200 : 201;
	} else if (rc == DB_CONFLICT)
		status = req_field_error(r, 409, "taken", "callno", "The call "
		    "number was taken meanwhile.");
	else
		status = req_error(r, 500, "internal", "Could not save.");
out:
	refusals_release(&rs);
	json_decref(stored);
	json_decref(s);
	return status;
}

/* POST /api/v1/unify/stations: 201, 422. */
int
api_unify_stations_create(struct req *r)
{
	return save(r, 0);
}

/* PUT /api/v1/unify/stations/{id}: 200, 404, 409, 422. */
int
api_unify_stations_put(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return save(r, id);
}

/* DELETE /api/v1/unify/stations/{id}: 204, 404, 409 for a user's. */
int
api_unify_stations_delete(struct req *r)
{
	json_t *s;
	int64_t id, team;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((s = unify_station_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such station.");
	if (json_is_true(json_object_get(s, "user_owned"))) {
		json_decref(s);
		return req_error(r, 409, "wizard_only", "This is a Unify Phone "
		    "user's station: remove the user in the Unify Phone user "
		    "instance wizard.");
	}
	if ((team = unify_team_store_of_desk(r->db, id, 0)) != 0) {
		json_t *t = unify_team_store_get(r->db, team);
		char msg[200];

		snprintf(msg, sizeof(msg), "%s is the desk phone in %s (Team "
		    "callno %s): remove the Team first.", json_string_value(
		    json_object_get(s, "name")), json_string_value(
		    json_object_get(t, "name")), json_string_value(
		    json_object_get(t, "callno")));
		json_decref(t);
		json_decref(s);
		return req_error(r, 409, "in_team", msg);
	}
	if ((rc = unify_station_store_delete(r->db, id)) == DB_OK)
		req_audit(r, "unify.station.delete", json_string_value(
		    json_object_get(s, "callno")), true, json_deep_copy(s));
	json_decref(s);
	if (rc == DB_CONFLICT)
		return req_error(r, 409, "in_use", "The station is in use.");
	return rc == DB_OK ? 204 : req_error(r, 500, "internal",
	    "Could not delete.");
}

static bool
owned_by_user(struct req *r, int64_t id)
{
	json_t *s = unify_station_store_get(r->db, id);
	bool yes = json_is_true(json_object_get(s, "user_owned"));

	json_decref(s);
	return yes;
}

struct station_import {
	struct req	*r;
	struct refusals	 rs;
	json_t		*rows;	/* [{"row","station","id"}] */
	json_t		*seen;	/* number -> row */
};

static int
station_row(void *arg, int row, const char **values, unsigned not_text)
{
	struct station_import *im = arg;
	struct refusals rs;
	json_t *body = unify_station_row(values), *s;
	int64_t except = 0;
	size_t i;

	refusals_init(&rs);
	rs.row = row;
	if (not_text)
		refuse(&rs, "invalid_text", "row", "The row holds text that is "
		    "not UTF-8: save the list as CSV UTF-8.");
	else if ((s = unify_station_rules_parse(body, NULL, &rs)) != NULL) {
		/* A callno that exists is that station, changed; unless it
		 * is a Unify Phone user's. */
		except = unify_station_store_by_callno(im->r->db,
		    json_string_value(json_object_get(s, "callno")));
		if (except && owned_by_user(im->r, except))
			refuse(&rs, "taken", "callno", "The call number %s is "
			    "a Unify Phone user's.", json_string_value(
			    json_object_get(s, "callno")));
		else {
			numbers_free(im->r, s, except, im->seen, &rs);
			desk_stays(im->r, s, except, &rs);
		}
		if (rs.n == 0) {
			json_array_append_new(im->rows, json_pack("{s:i,s:O,"
			    "s:I}", "row", row, "station", s, "id",
			    (json_int_t)except));
			json_object_set_new(im->seen, json_string_value(
			    json_object_get(s, "callno")), json_integer(row));
			if (json_string_value(json_object_get(s, "did"))[0])
				json_object_set_new(im->seen, json_string_value(
				    json_object_get(s, "did")),
				    json_integer(row));
		}
		json_decref(s);
	}
	/* The list's refusals name its columns. */
	im->rs.row = row;
	for (i = 0; i < rs.n; i++)
		refuse(&im->rs, rs.v[i].code, unify_station_column(
		    rs.v[i].field), "%s", rs.v[i].message);
	refusals_release(&rs);
	json_decref(body);
	return 0;
}

/* POST /api/v1/unify/stations/import (body: a CSV or XLSX station list
 * with the columns Callno, Name, Type, DID, Entry in telephone directory,
 * CLIP/LIN): all or nothing. 200 {"created","updated","total"}; 422 with
 * every refused row and column, nothing changed. */
int
api_unify_stations_import(struct req *r)
{
	struct station_import im = { r, { 0 }, json_array(), json_object() };
	json_t *e;
	size_t i, created = 0;
	int status, rc = DB_OK;
	int64_t id;

	refusals_init(&im.rs);
	if ((status = api_read_list(r, &unify_station_list, station_row,
	    &im, &im.rs)) != 0)
		goto out;
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	json_array_foreach(im.rows, i, e) {
		id = json_integer_value(json_object_get(e, "id"));
		if ((rc = unify_station_store_put(r->db, id, json_object_get(e,
		    "station"), &id)) != DB_OK)
			break;
		created += json_integer_value(json_object_get(e, "id")) == 0;
	}
	if (rc == DB_OK) {
		req_audit(r, "unify.stations.import", "station list", true,
		    json_pack("{s:I,s:I}", "created", (json_int_t)created,
		    "updated", (json_int_t)(i - created)));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (rc != DB_OK)
		status = req_error(r, 500, "internal", "Could not save.");
	else {
		r->out = json_pack("{s:I,s:I,s:I}", "created", (json_int_t)
		    created, "updated", (json_int_t)(json_array_size(im.rows) -
		    created), "total", (json_int_t)json_array_size(im.rows));
		status = 200;
	}
out:
	refusals_release(&im.rs);
	json_decref(im.rows);
	json_decref(im.seen);
	return status;
}
