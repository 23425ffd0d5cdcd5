/* Switchboard — the voice network's records: network settings, the DHCP
 * configuration per location for ISC dhcpd, Kea and dnsmasq, and the DNS
 * records of the switchover pair. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/phone_store.h"
#include "../../db/provision_store.h"
#include "../../db/settings_store.h"
#include "../../db/site_store.h"
#include "../http/api.h"
#include "netrecords.h"
#include "provision_request.h"
#include "tftp_server.h"

static int
location_exists(void *arg, const char *name)
{
	struct req *r = arg;

	return name[0] && phone_store_location_by_name(r->db, name) > 0;
}

/* GET /api/v1/settings/network: 200 ({} until set). */
int
api_network_settings_get(struct req *r)
{
	r->out = settings_store_get(r->db, "network");
	if (r->out == NULL)
		r->out = json_object();
	return 200;
}

/* PUT /api/v1/settings/network: 200, 422 naming the field. */
int
api_network_settings_put(struct req *r)
{
	char field[64] = "";
	const char *msg = NULL;
	json_t *v = netrecords_check(r->body, location_exists, r, field,
	    sizeof(field), &msg), *before;

	if (v == NULL)
		return req_field_error(r, 422, "invalid_field", field, msg);
	/* The router holds the transaction: before is what this changes. */
	before = settings_store_get(r->db, "network");
	if (settings_store_put(r->db, "network", v) != DB_OK) {
		json_decref(before);
		json_decref(v);
		return req_error(r, 500, "internal", "Could not save.");
	}
	req_audit_update(r, "settings.network", "network", before, v);
	json_decref(before);
	json_decref(v);
	return api_network_settings_get(r);
}

/* The settings, or a 409 telling the admin to fill them in first. */
static json_t *
settings(struct req *r)
{
	json_t *set = settings_store_get(r->db, "network");

	if (set == NULL || json_object_get(set, "domain") == NULL) {
		json_decref(set);
		req_error(r, 409, "not_configured", "Fill in the network "
		    "settings first (domain, provisioning host, addresses).");
		return NULL;
	}
	return set;
}

/* Option 066: the TFTP server the admin named, else the appliance's own
 * when it runs (its listening address, or the first provisioning
 * address when it listens on all). Sets set's "tftp_server" to what the
 * records write and returns {"server","source","listen"}. */
static json_t *
option_066(json_t *set, json_t *warnings)
{
	const char *named = json_string_value(json_object_get(set,
	    "tftp_server"));
	char host[64], listen[80], msg[300];
	const char *server = "";
	int port;

	if (named && named[0])
		return json_pack("{s:s,s:s,s:n}", "server", named, "source",
		    "named", "listen");
	if (!tftp_server_listening(host, sizeof(host), &port)) {
		json_object_set_new(set, "tftp_server", json_string(""));
		return json_pack("{s:s,s:s,s:n}", "server", "", "source",
		    "none", "listen");
	}
	snprintf(listen, sizeof(listen), "%s:%d", host, port);
	server = strcmp(host, "0.0.0.0") == 0 ? json_string_value(
	    json_array_get(json_object_get(set, "provision_addresses"), 0)) :
	    host;
	if (server == NULL)
		server = "";
	if (port != 69) {
		snprintf(msg, sizeof(msg), "The appliance's TFTP server "
		    "listens on port %d; phones in recovery mode ask on port "
		    "69 (forward 69 to it, or set tftp_listen to port 69).",
		    port);
		json_array_append_new(warnings, json_string(msg));
	}
	json_object_set_new(set, "tftp_server", json_string(server));
	return json_pack("{s:s,s:s,s:s}", "server", server, "source",
	    "appliance", "listen", listen);
}

/* GET /api/v1/network/dhcp?format=isc|kea|dnsmasq: 200 {"format","text",
 * "warnings","tftp"}, 409 before the network settings are set. */
int
api_network_dhcp(struct req *r)
{
	const char *f = req_query(r, "format");
	enum netrecords_format fmt;
	struct db_list_query all = { NULL, 0, 0, 10000, 0 };
	json_t *set, *locs, *list, *loc, *recovery, *images, *pre, *warnings,
	    *tftp;
	char *text;
	size_t i;

	if (f == NULL || strcmp(f, "isc") == 0)
		fmt = NET_ISC;
	else if (strcmp(f, "kea") == 0)
		fmt = NET_KEA;
	else if (strcmp(f, "dnsmasq") == 0)
		fmt = NET_DNSMASQ;
	else
		return req_field_error(r, 400, "invalid_query", "format",
		    "isc, kea or dnsmasq.");
	if ((set = settings(r)) == NULL)
		return 409;
	locs = json_object();
	list = site_store_list(r->db, SITE_LOCATION, &all);
	json_array_foreach(json_object_get(list, "items"), i, loc)
		json_object_set_new(locs, json_string_value(json_object_get(loc,
		    "name")), json_pack("{s:O,s:O}", "time_zone",
		    json_object_get(loc, "time_zone"), "sntp_server",
		    json_object_get(loc, "sntp_server")));
	json_decref(list);
	recovery = provision_store_recovery_makers(r->db);
	images = provision_store_boot_images(r->db, strcmp(provision_str(
	    json_object_get(set, "recovery_classes")), "all") == 0);
	pre = provision_store_vendor_prefixes(r->db);
	warnings = json_array();
	tftp = option_066(set, warnings);
	text = netrecords_dhcp(fmt, set, locs, recovery, images, pre,
	    warnings);
	r->out = json_pack("{s:s,s:s,s:o,s:o}", "format", fmt == NET_ISC ?
	    "isc" : fmt == NET_KEA ? "kea" : "dnsmasq", "text", text,
	    "warnings", warnings, "tftp", tftp);
	free(text);
	json_decref(set);
	json_decref(locs);
	json_decref(recovery);
	json_decref(images);
	json_decref(pre);
	return 200;
}

/* GET /api/v1/network/dns: 200 {"text"}, 409. */
int
api_network_dns(struct req *r)
{
	json_t *set = settings(r);
	char *text;

	if (set == NULL)
		return 409;
	text = netrecords_dns(set);
	r->out = json_pack("{s:s,s:s}", "zone", json_string_value(
	    json_object_get(set, "domain")), "text", text);
	free(text);
	json_decref(set);
	return 200;
}
