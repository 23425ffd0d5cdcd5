/* Switchboard — locations, SIP lines and managed SIP proxies: the places,
 * servers and proxies that phones and registration groups point at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/site_store.h"
#include "../http/api.h"
#include "../lib/netaddr.h"
#include "../lib/timezone.h"
#include "../lib/util.h"

#define SITE_NAME_MAX 64

static const char *const table_noun[] = { "location", "line", "proxy" };
static const char *const table_label[] = {
	"location", "SIP line", "managed proxy"
};
static const char *const codecs[] = {
	"G.711 mu-law", "G.711 A-law", "G.722", "G.729", "G.723.1", "Opus",
	NULL
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

/* The name of a row: required, plain, and not in angle brackets, which
 * mark the permanent defaults. */
static int
check_name(struct req *r, const char **name)
{
	if (req_body_string(r, "name", SITE_NAME_MAX, true, false, name) != 0)
		return 422;
	if ((*name)[0] == '<')
		return req_field_error(r, 422, "invalid_field", "name",
		    "Names in angle brackets are reserved for the defaults.");
	return 0;
}

/* For PUT: 404 if missing; a permanent row keeps its name. Returns 0 and,
 * for a permanent row, points *name at its stored name, copied into stored
 * (SITE_NAME_MAX + 1 bytes). */
static int
check_existing(struct req *r, enum site_table t, int64_t id,
    const char **name, char *stored)
{
	int perm = site_store_permanent(r->db, t, id);
	json_t *row;

	if (perm == -2)
		return req_error(r, 404, "not_found", "No such entry.");
	if (perm == 0)
		return check_name(r, name);
	row = site_store_get(r->db, t, id);
	if (req_body_string(r, "name", SITE_NAME_MAX, false, false, name) != 0) {
		json_decref(row);
		return 422;
	}
	if (*name && strcmp(*name, json_string_value(json_object_get(row,
	    "name"))) != 0) {
		json_decref(row);
		return req_field_error(r, 422, "permanent", "name", "This "
		    "default is permanent: it cannot be renamed.");
	}
	snprintf(stored, SITE_NAME_MAX + 1, "%s", json_string_value(
	    json_object_get(row, "name")));
	json_decref(row);
	*name = stored;
	return 0;
}

/* Map a save result to a status and finish the response. */
static int
finish_save(struct req *r, enum site_table t, int rc, int64_t id,
    bool created)
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
	    created ? "create" : "update");
	req_audit(r, action, json_string_value(json_object_get(r->out,
	    "name")), true, json_deep_copy(r->out));
	return created ? 201 : 200;
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

static int
body_port(struct req *r, int *port)
{
	json_t *v = json_object_get(r->body, "port");

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 65535)
		return req_field_error(r, 422, "invalid_field", "port",
		    "Port must be a number from 1 to 65535.");
	*port = (int)json_integer_value(v);
	return 0;
}

/* codec_preference: an ordered list of known codecs, no repeats. */
static int
check_codecs(struct req *r, char **text)
{
	json_t *a = json_object_get(r->body, "codec_preference"), *v;
	size_t i, j;
	int k;

	if (!json_is_array(a) || json_array_size(a) < 1 ||
	    json_array_size(a) > 6)
		return req_field_error(r, 422, "invalid_field",
		    "codec_preference", "Choose one to six codecs, in order of "
		    "preference.");
	json_array_foreach(a, i, v) {
		for (k = 0; codecs[k]; k++)
			if (json_is_string(v) && strcmp(json_string_value(v),
			    codecs[k]) == 0)
				break;
		if (codecs[k] == NULL)
			return req_field_error(r, 422, "invalid_field",
			    "codec_preference", "Codecs are G.711 mu-law, G.711 "
			    "A-law, G.722, G.729, G.723.1 and Opus.");
		for (j = 0; j < i; j++)
			if (json_equal(v, json_array_get(a, j)))
				return req_field_error(r, 422, "invalid_field",
				    "codec_preference", "Each codec may appear "
				    "once.");
	}
	*text = json_dumps(a, JSON_COMPACT);
	return 0;
}

/* The after-hours window for scheduled reboots: two local times "HH:MM";
 * the window may cross midnight (20:00 to 06:00). */
static int
check_after_hours(struct req *r, struct location_row *l)
{
	const char *s, *e;
	int ms, me;

	if (req_body_string(r, "after_hours_start", 5, false, false, &s) ||
	    req_body_string(r, "after_hours_end", 5, false, false, &e))
		return 422;
	if (s)
		l->after_hours_start = s;
	if (e)
		l->after_hours_end = e;
	if (!time_of_day(l->after_hours_start, &ms))
		return req_field_error(r, 422, "invalid_field",
		    "after_hours_start", "Use a time of day such as 20:00.");
	if (!time_of_day(l->after_hours_end, &me))
		return req_field_error(r, 422, "invalid_field",
		    "after_hours_end", "Use a time of day such as 06:00.");
	if (ms == me)
		return req_field_error(r, 422, "invalid_field",
		    "after_hours_end", "The window must not be empty: end it "
		    "at another time than it starts.");
	return 0;
}

static int
location_save(struct req *r, int64_t id)
{
	struct location_row l = { NULL, "", "", NULL, "20:00", "06:00" };
	char *codec_text = NULL, stored[SITE_NAME_MAX + 1];
	int64_t new_id = 0;
	int status, rc;

	status = id ? check_existing(r, SITE_LOCATION, id, &l.name, stored) :
	    check_name(r, &l.name);
	if (status != 0)
		return status;
	if (req_body_string(r, "time_zone", 60, false, false, &l.time_zone) ||
	    req_body_string(r, "sntp_server", NETADDR_HOST_MAX, false, false,
	    &l.sntp_server))
		return 422;
	if (l.time_zone == NULL)
		l.time_zone = "";
	if (l.sntp_server == NULL)
		l.sntp_server = "";
	if (!timezone_ok(l.time_zone))
		return req_field_error(r, 422, "invalid_field", "time_zone",
		    "Unknown time zone; use a name like Europe/Berlin or "
		    "America/New_York.");
	if (*l.sntp_server && !netaddr_host_ok(l.sntp_server))
		return req_field_error(r, 422, "invalid_field", "sntp_server",
		    "The SNTP server must be a host name or IP address, or "
		    "empty to use the IC server.");
	if ((status = check_after_hours(r, &l)) != 0)
		return status;
	if ((status = check_codecs(r, &codec_text)) != 0)
		return status;
	l.codec_preference = codec_text;
	rc = location_store_save(r->db, id, &l, &new_id);
	free(codec_text);
	return finish_save(r, SITE_LOCATION, rc, id ? id : new_id, id == 0);
}

static int
line_save(struct req *r, int64_t id)
{
	struct line_row l = { NULL, NULL, 0, "" };
	char stored[SITE_NAME_MAX + 1];
	int64_t new_id = 0;
	int status, rc;

	status = id ? check_existing(r, SITE_LINE, id, &l.name, stored) :
	    check_name(r, &l.name);
	if (status != 0)
		return status;
	if (req_body_string(r, "transport", 3, true, false, &l.transport) ||
	    req_body_string(r, "address", NETADDR_HOST_MAX, false, false,
	    &l.address))
		return 422;
	if (!netaddr_transport_ok(l.transport))
		return req_field_error(r, 422, "invalid_field", "transport",
		    "Transport must be UDP, TCP or TLS.");
	if ((status = body_port(r, &l.port)) != 0)
		return status;
	if (l.address == NULL)
		l.address = "";
	if (*l.address && !netaddr_host_ok(l.address))
		return req_field_error(r, 422, "invalid_field", "address",
		    "The address must be a host name or IP address, or empty "
		    "for this server.");
	rc = line_store_save(r->db, id, &l, &new_id);
	return finish_save(r, SITE_LINE, rc, id ? id : new_id, id == 0);
}

static int
proxy_save(struct req *r, int64_t id)
{
	struct proxy_row p = { NULL, NULL, 0, 0 };
	json_t *loc = json_object_get(r->body, "location_id");
	char stored[SITE_NAME_MAX + 1];
	int64_t new_id = 0;
	int status, rc;

	status = id ? check_existing(r, SITE_PROXY, id, &p.name, stored) :
	    check_name(r, &p.name);
	if (status != 0)
		return status;
	if (req_body_string(r, "address", NETADDR_HOST_MAX, true, false,
	    &p.address))
		return 422;
	if (!netaddr_host_ok(p.address))
		return req_field_error(r, 422, "invalid_field", "address",
		    "The address must be a host name or IP address.");
	if ((status = body_port(r, &p.port)) != 0)
		return status;
	if (!json_is_integer(loc) || site_store_permanent(r->db,
	    SITE_LOCATION, json_integer_value(loc)) == -2)
		return req_field_error(r, 422, "invalid_field", "location_id",
		    "Choose an existing location: \"ensure that the managed "
		    "phone and its Managed Proxy are in the same CIC "
		    "location\".");
	p.location_id = json_integer_value(loc);
	rc = proxy_store_save(r->db, id, &p, &new_id);
	return finish_save(r, SITE_PROXY, rc, id ? id : new_id, id == 0);
}

static int
site_put(struct req *r, int (*save)(struct req *, int64_t))
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return save(r, id);
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
	return location_save(r, 0);
}

int
api_locations_update(struct req *r)
{
	return site_put(r, location_save);
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
	return line_save(r, 0);
}

int
api_lines_update(struct req *r)
{
	return site_put(r, line_save);
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
	return proxy_save(r, 0);
}

int
api_proxies_update(struct req *r)
{
	return site_put(r, proxy_save);
}

int
api_proxies_delete(struct req *r)
{
	return site_delete(r, SITE_PROXY);
}
