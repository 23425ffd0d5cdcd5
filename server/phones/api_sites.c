/* Switchboard — locations, SIP lines and managed SIP proxies: the places,
 * servers and proxies that phones and registration groups point at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/site_store.h"
#include "../http/api.h"
#include "site_rules.h"

static const char *const table_noun[] = { "location", "line", "proxy" };
static const char *const table_label[] = {
	"location", "SIP line", "managed proxy"
};

/* GET list: 200, 400. */
static int
site_list(struct req *r, enum site_table t)
{
	struct db_list_query lq;
	int status;

	status = req_list_query(r, site_store_sort_keys[t], 0, 0, &lq);
	if (status != 0)
		return status;
	if ((r->out = site_store_list(r->db, t, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* GET one: 200, 404. */
static int
site_get(struct req *r, enum site_table t)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = site_store_get(r->db, t, id)) == NULL)
		return req_error(r, 404, "not_found", "No such entry.");
	return 200;
}

/* For PUT: 0 if row id exists, with the stored name of a permanent row
 * in stored (SITE_NAME_MAX + 1 bytes) and *permanent_name pointing at it
 * (NULL for others); 404 if it does not. */
static int
existing(struct req *r, enum site_table t, int64_t id,
    const char **permanent_name, char *stored)
{
	int perm = site_store_permanent(r->db, t, id);
	json_t *row;

	*permanent_name = NULL;
	if (perm == -2)
		return req_error(r, 404, "not_found", "No such entry.");
	if (perm == 0)
		return 0;
	row = site_store_get(r->db, t, id);
	snprintf(stored, SITE_NAME_MAX + 1, "%s", json_string_value(
	    json_object_get(row, "name")));
	json_decref(row);
	*permanent_name = stored;
	return 0;
}

/* Map a save result to a status and finish the response; before is the
 * row as it was (NULL for a new one). */
static int
finish_save(struct req *r, enum site_table t, int rc, int64_t id,
    json_t *before)
{
	char action[48];

	if (rc == DB_CONFLICT)
		return req_field_error(r, 422, "duplicate", "name", "That name "
		    "is taken.");
	if (rc == DB_NOTFOUND)
		return req_error(r, 404, "not_found", "No such entry.");
	if (rc != DB_OK)
		return req_error(r, 500, "internal", "Could not save.");
	r->out = site_store_get(r->db, t, id);
	snprintf(action, sizeof(action), "%s.%s", table_noun[t],
	    before ? "update" : "create");
	if (before)
		req_audit_update(r, action, json_string_value(json_object_get(
		    r->out, "name")), before, r->out);
	else
		req_audit(r, action, json_string_value(json_object_get(r->out,
		    "name")), true, json_deep_copy(r->out));
	return before ? 200 : 201;
}

/* DELETE: 204, 404, 409 (permanent, or still in use). */
static int
site_delete(struct req *r, enum site_table t)
{
	json_t *row;
	char action[48], msg[160];
	int64_t id;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((row = site_store_get(r->db, t, id)) == NULL)
		return req_error(r, 404, "not_found", "No such entry.");
	if (json_is_true(json_object_get(row, "permanent"))) {
		json_decref(row);
		snprintf(msg, sizeof(msg), "This %s is a permanent default and "
		    "cannot be deleted.", table_label[t]);
		return req_error(r, 409, "permanent", msg);
	}
	rc = site_store_delete(r->db, t, id);
	if (rc == DB_CONFLICT) {
		json_decref(row);
		snprintf(msg, sizeof(msg), "This %s is still in use (by a "
		    "registration group, proxy or phone).", table_label[t]);
		return req_error(r, 409, "in_use", msg);
	}
	snprintf(action, sizeof(action), "%s.delete", table_noun[t]);
	req_audit(r, action, json_string_value(json_object_get(row, "name")),
	    rc == DB_OK, NULL);
	json_decref(row);
	return rc == DB_OK ? 204 : req_error(r, 500, "internal",
	    "Could not delete.");
}

/* Check the body by the table's rules and save it: create (id 0) or
 * replace. */
static int
site_save(struct req *r, enum site_table t, int64_t id)
{
	union {
		struct location_row	l;
		struct line_row		ln;
		struct proxy_row	p;
	} row;
	char stored[SITE_NAME_MAX + 1], *codecs = NULL;
	const char *permanent_name = NULL;
	json_t *before = NULL;
	struct refusals rs;
	int64_t new_id = 0;
	int status, rc = 0;

	if (id && (status = existing(r, t, id, &permanent_name, stored)) != 0)
		return status;
	memset(&row, 0, sizeof(row));
	refusals_init(&rs);
	if (t == SITE_LOCATION)
		rc = site_rules_location(r->body, permanent_name, &row.l,
		    &codecs, &rs);
	else if (t == SITE_LINE)
		rc = site_rules_line(r->body, permanent_name, &row.ln, &rs);
	else
		rc = site_rules_proxy(r->db, r->body, permanent_name, &row.p,
		    &rs);
	if (rc != 0) {
		status = req_refused(r, &rs);
	} else {
		/* What the update changes, read in its transaction (the
		 * router holds one for every versioned write). */
		before = id ? site_store_get(r->db, t, id) : NULL;
		rc = t == SITE_LOCATION ? location_store_save(r->db, id, &row.l,
		    &new_id) : t == SITE_LINE ? line_store_save(r->db, id,
		    &row.ln, &new_id) : proxy_store_save(r->db, id, &row.p,
		    &new_id);
		status = finish_save(r, t, rc, id ? id : new_id, before);
	}
	json_decref(before);
	refusals_release(&rs);
	free(codecs);
	return status;
}

static int
site_put(struct req *r, enum site_table t)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return site_save(r, t, id);
}

/* Locations, SIP lines and managed proxies: list/get 200; create 201;
 * update 200; delete 204 (409 when permanent or in use); 404 and 422 as
 * the helpers above say. */
int
api_locations_list(struct req *r)
{
	return site_list(r, SITE_LOCATION);
}

int
api_locations_get(struct req *r)
{
	return site_get(r, SITE_LOCATION);
}

int
api_locations_create(struct req *r)
{
	return site_save(r, SITE_LOCATION, 0);
}

int
api_locations_update(struct req *r)
{
	return site_put(r, SITE_LOCATION);
}

int
api_locations_delete(struct req *r)
{
	return site_delete(r, SITE_LOCATION);
}

int
api_lines_list(struct req *r)
{
	return site_list(r, SITE_LINE);
}

int
api_lines_get(struct req *r)
{
	return site_get(r, SITE_LINE);
}

int
api_lines_create(struct req *r)
{
	return site_save(r, SITE_LINE, 0);
}

int
api_lines_update(struct req *r)
{
	return site_put(r, SITE_LINE);
}

int
api_lines_delete(struct req *r)
{
	return site_delete(r, SITE_LINE);
}

int
api_proxies_list(struct req *r)
{
	return site_list(r, SITE_PROXY);
}

int
api_proxies_get(struct req *r)
{
	return site_get(r, SITE_PROXY);
}

int
api_proxies_create(struct req *r)
{
	return site_save(r, SITE_PROXY, 0);
}

int
api_proxies_update(struct req *r)
{
	return site_put(r, SITE_PROXY);
}

int
api_proxies_delete(struct req *r)
{
	return site_delete(r, SITE_PROXY);
}
