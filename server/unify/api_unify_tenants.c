/* Switchboard — the Unify Phone tenant's users (seed 003, 2.4): imported
 * from the Unify Phone admin portal's CSV (UTF-8, camelCase headers
 * firstName, lastName, email), searchable by name or e-mail, and marked
 * when a user instance has them. */
#include "../../db/unify_tenant_store.h"
#include "../http/api.h"
#include "unify_station_rules.h"

/* GET /api/v1/unify/tenant-users[?q=]: 200, 400. */
int
api_unify_tenants_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	if ((status = req_list_query(r, unify_tenant_sort_keys, 0, 0, &lq)) !=
	    0)
		return status;
	if ((r->out = unify_tenant_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

struct tenant_import {
	struct refusals	 rs;
	json_t		*rows;
	json_t		*seen;	/* lower-case e-mail -> row */
};

static int
tenant_row(void *arg, int row, const char **values, unsigned not_text)
{
	struct tenant_import *im = arg;
	json_t *u, *twin;
	char key[256];
	size_t i;

	im->rs.row = row;
	if ((u = unify_tenant_row(values, not_text, &im->rs)) == NULL)
		return 0;
	for (i = 0; i + 1 < sizeof(key) && values[2][i]; i++)
		key[i] = (char)(values[2][i] >= 'A' && values[2][i] <= 'Z' ?
		    values[2][i] + 32 : values[2][i]);
	key[i] = '\0';
	if ((twin = json_object_get(im->seen, key)) != NULL)
		refuse(&im->rs, "duplicate", "email", "The e-mail %s is "
		    "already in row %lld.", json_string_value(json_object_get(u,
		    "email")), (long long)json_integer_value(twin));
	else {
		json_object_set_new(im->seen, key, json_integer(row));
		json_array_append(im->rows, u);
	}
	json_decref(u);
	return 0;
}

/* POST /api/v1/unify/tenant-users/import (body: the portal's CSV, or an
 * .xlsx): all or nothing, by e-mail; users missing from the list stay.
 * 200 {"added","updated","unchanged","total"}; 422 naming every refused
 * row and column, nothing changed. */
int
api_unify_tenants_import(struct req *r)
{
	struct tenant_import im = { { 0 }, json_array(), json_object() };
	size_t i, n[3] = { 0, 0, 0 };
	json_t *u;
	int status, rc = DB_OK, what;

	refusals_init(&im.rs);
	if ((status = api_read_list(r, &unify_tenant_list, tenant_row,
	    &im, &im.rs)) != 0)
		goto out;
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	json_array_foreach(im.rows, i, u) {
		if ((rc = unify_tenant_store_upsert(r->db, json_string_value(
		    json_object_get(u, "email")), json_string_value(
		    json_object_get(u, "first_name")), json_string_value(
		    json_object_get(u, "last_name")), &what)) != DB_OK)
			break;
		n[what + 1]++;	/* -1 unchanged, 0 updated, 1 added */
	}
	if (rc == DB_OK) {
		req_audit(r, "unify.tenant_users.import", "Unify Phone users",
		    true, json_pack("{s:I,s:I,s:I}", "added", (json_int_t)n[2],
		    "updated", (json_int_t)n[1], "unchanged",
		    (json_int_t)n[0]));
		if (db_commit(r->db) != 0)
			rc = DB_ERROR;
	}
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (rc != DB_OK)
		status = req_error(r, 500, "internal", "Could not save.");
	else {
		r->out = json_pack("{s:I,s:I,s:I,s:I}", "added",
		    (json_int_t)n[2], "updated", (json_int_t)n[1], "unchanged",
		    (json_int_t)n[0], "total", (json_int_t)json_array_size(
		    im.rows));
		status = 200;
	}
out:
	refusals_release(&im.rs);
	json_decref(im.rows);
	json_decref(im.seen);
	return status;
}
