/* Switchboard — provisioning as the admin sees it: the trusted
 * provisioning networks, provisional phones (MACs that asked for files but
 * have no phone yet), what a phone uploaded, and starting a phone's
 * provisioning proof over. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/phone_store.h"
#include "../../db/version_store.h"
#include "adoption.h"
#include "provision.h"
#include "../../db/provision_store.h"
#include "../../db/settings_store.h"
#include "../../db/sighting_store.h"
#include "../http/api.h"
#include "../phones/catalog.h"
#include "../lib/netaddr.h"
#include "simulator.h"
#include "../lib/util.h"

#define TRUSTED_MAX 32

/* GET /api/v1/settings/provisioning: 200 {"trusted_networks",
 * "sip_dscp"}. sip_dscp is the Default Station Configuration's global SIP
 * Station Transport setting (seed 001, "Configure the QoS setting for
 * SIP (global)"): what a phone that uses the global transport settings
 * is given. */
int
api_provisioning_settings_get(struct req *r)
{
	json_t *s = settings_store_get(r->db, "provisioning");
	json_t *nets = json_object_get(s, "trusted_networks");

	r->out = json_pack("{s:o,s:I}", "trusted_networks", json_is_array(nets) ?
	    json_incref(nets) : json_array(), "sip_dscp", (json_int_t)
	    provision_global_sip_dscp(s));
	json_decref(s);
	return 200;
}

/* PUT /api/v1/settings/provisioning {"trusted_networks":["10.20.0.0/16"],
 * "sip_dscp":24}: 200, 422 naming the entry. What the body leaves out
 * stays as it was. */
int
api_provisioning_settings_put(struct req *r)
{
	json_t *nets = json_object_get(r->body, "trusted_networks"), *v, *out;
	json_t *dscp = json_object_get(r->body, "sip_dscp");
	json_t *before;
	char field[40];
	size_t i;

	before = settings_store_get(r->db, "provisioning");
	if (nets == NULL)
		nets = json_object_get(before, "trusted_networks");
	if (nets == NULL)
		nets = json_array();
	else
		json_incref(nets);
	if (!json_is_array(nets) || json_array_size(nets) > TRUSTED_MAX) {
		json_decref(nets);
		json_decref(before);
		return req_field_error(r, 422, "invalid_field",
		    "trusted_networks", "A list of at most 32 networks such as "
		    "10.20.0.0/16.");
	}
	json_array_foreach(nets, i, v) {
		snprintf(field, sizeof(field), "trusted_networks[%zu]", i);
		if (!json_is_string(v) || !netaddr_cidr_ok(json_string_value(
		    v))) {
			json_decref(nets);
			json_decref(before);
			return req_field_error(r, 422, "invalid_field", field,
			    "A network is an address with a prefix length, "
			    "such as 10.20.0.0/16 or 2001:db8:1::/48.");
		}
	}
	if (dscp && (!json_is_integer(dscp) || json_integer_value(dscp) < 0 ||
	    json_integer_value(dscp) > 63)) {
		json_decref(nets);
		json_decref(before);
		return req_field_error(r, 422, "invalid_field", "sip_dscp",
		    "The SIP DSCP value is 0 to 63 (24, ToS byte 60 hex, is "
		    "optimal for VoIP; 0 disables DSCP tagging).");
	}
	out = json_pack("{s:o,s:I}", "trusted_networks", nets, "sip_dscp",
	    dscp ? json_integer_value(dscp) : (json_int_t)
	    provision_global_sip_dscp(before));
	/* The router holds the transaction: what GET showed before is what
	 * this changes. */
	json_decref(before);
	api_provisioning_settings_get(r);
	before = r->out;
	r->out = NULL;
	if (settings_store_put(r->db, "provisioning", out) != DB_OK) {
		json_decref(before);
		json_decref(out);
		return req_error(r, 500, "internal", "Could not save.");
	}
	req_audit_update(r, "settings.provisioning", "provisioning", before,
	    out);
	json_decref(before);
	json_decref(out);
	return api_provisioning_settings_get(r);
}

/* GET /api/v1/provisional-phones: 200 {"items","total"}: MACs that asked
 * for their files without a managed IP phone, newest first. */
int
api_provisional_list(struct req *r)
{
	r->out = sighting_store_unadopted(r->db);
	return r->out ? 200 : req_error(r, 500, "internal", "Cannot read.");
}

/* GET /api/v1/phones/{id}/uploads: 200 [{"name","kind","size",…}]. */
int
api_phone_uploads(struct req *r)
{
	json_t *keys;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((keys = provision_store_keys(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such phone.");
	r->out = json_pack("{s:o}", "items", json_is_string(json_object_get(
	    keys, "mac")) ? provision_store_uploads(r->db, json_string_value(
	    json_object_get(keys, "mac"))) : json_array());
	json_decref(keys);
	return 200;
}

/* GET /api/v1/phones/{id}/uploads/{name}: 200 the file as text. */
int
api_phone_upload_get(struct req *r)
{
	json_t *keys;
	char *body;
	size_t len;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((keys = provision_store_keys(r->db, id)) == NULL ||
	    !json_is_string(json_object_get(keys, "mac"))) {
		json_decref(keys);
		return req_error(r, 404, "not_found", "No such phone.");
	}
	body = provision_store_upload_get(r->db, json_string_value(
	    json_object_get(keys, "mac")), r->params[1], &len);
	json_decref(keys);
	if (body == NULL)
		return req_error(r, 404, "not_found", "No such upload.");
	r->out = json_pack("{s:s,s:s%}", "name", r->params[1], "content",
	    body, len);
	free(body);
	if (r->out == NULL)	/* not UTF-8 */
		return req_error(r, 422, "binary", "This upload is not text.");
	return 200;
}

/* POST /api/v1/phones/{id}/provisioning-reset: 200. A phone that lost its
 * provisioning credentials (factory reset) may fetch its file once more
 * from a trusted network; a new provisioning password is made then. */
int
api_phone_provisioning_reset(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (phone_store_prov_reset(r->db, id) != DB_OK)
		return req_error(r, 404, "not_found", "No such phone.");
	req_audit(r, "phone.provisioning_reset", "phone", true, json_pack(
	    "{s:I}", "phone_id", (json_int_t)id));
	r->out = json_pack("{s:b}", "reset", 1);
	return 200;
}

/* GET /api/v1/simulator?address=&user_agent=: 200 — the files a phone
 * would fetch, in order, and every attribute with the file it came from
 * (passwords masked); 422 naming address. */
int
api_simulator(struct req *r)
{
	json_t *net = settings_store_get(r->db, "network"), *out;
	char err[200], host[300] = "localhost";
	const char *colon = r->cfg ? strrchr(r->cfg->provision_listen, ':') :
	    NULL;
	int port = colon ? atoi(colon + 1) : 8088;

	/* The name phones use for this server: the network settings' Host
	 * (A) record when set. */
	if (json_object_get(net, "provision_host")) {
		snprintf(host, sizeof(host), "%s.%s", json_string_value(
		    json_object_get(net, "provision_host")), json_string_value(
		    json_object_get(net, "domain")));
		port = (int)json_integer_value(json_object_get(net,
		    "provision_port"));
	}
	json_decref(net);
	out = simulator_run(r->db, req_query(r, "address"), req_query(r,
	    "user_agent"), host, port, err, sizeof(err));
	if (out == NULL)
		return req_field_error(r, 422, "invalid_field", "address", err);
	r->out = out;
	return 200;
}

/* GET /api/v1/dashboard: 200 — phones by status, model and firmware,
 * provisional phones, provisioning requests per hour (24 h). */
int
api_dashboard(struct req *r)
{
	r->out = provision_store_dashboard(r->db);
	json_object_set_new(r->out, "now_hour", json_integer(now_unix() /
	    3600));
	return 200;
}

/* The provisional phone {mac}: a MAC (normalised), or the full computer
 * name a SIP Soft Phone asked with (it must have asked); and what it said
 * it is made by: "" when it did not say. 0, or 404. */
static int
provisional(struct req *r, char addr[PROVISIONAL_MAX], char *maker,
    size_t len)
{
	json_t *seen;
	bool name = mac_normalize(r->params[0], addr) != 0;

	if (name) {
		if (strlen(r->params[0]) >= PROVISIONAL_MAX ||
		    !netaddr_domain_ok(r->params[0]))
			return req_error(r, 404, "not_found", "Not a MAC "
			    "address or a full computer name.");
		snprintf(addr, PROVISIONAL_MAX, "%s", r->params[0]);
	}
	seen = sighting_store_get(r->db, addr);
	if (seen == NULL && name)
		return req_error(r, 404, "not_found", "No SIP Soft Phone has "
		    "asked with this computer name.");
	snprintf(maker, len, "%s", seen ? json_string_value(json_object_get(
	    seen, "manufacturer")) : "");
	json_decref(seen);
	return 0;
}

/* GET /api/v1/provisional-phones/{mac}/candidates[?q=]: 200, the records
 * that can adopt this MAC (adoption_check's rule), sorted by name, at most
 * 100; 404. */
int
api_provisional_candidates(struct req *r)
{
	char mac[PROVISIONAL_MAX], maker[64];
	const char *q;

	if (provisional(r, mac, maker, sizeof(maker)) != 0)
		return 404;
	if (req_query_text(r, "q", &q) != 0)
		return 400;
	r->out = phone_store_adoption_candidates(r->db, mac, maker, q, 100);
	return 200;
}

/* POST /api/v1/provisional-phones/{mac}/assign {"phone_id"}: 200 with the
 * phone, 404, 409 (another phone has this MAC meanwhile), 422 (a phone
 * that cannot take this MAC: adoption_check). Adopting a provisional
 * phone into an existing record. */
int
api_provisional_assign(struct req *r)
{
	json_t *v = json_object_get(r->body, "phone_id");
	int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
	char mac[PROVISIONAL_MAX], maker[64];
	struct refusals rs;
	int rc;

	if (provisional(r, mac, maker, sizeof(maker)) != 0)
		return 404;
	refusals_init(&rs);
	rc = adoption_check(r->db, mac, maker, id, &rs);
	if (rc != 0) {
		rc = req_refused(r, &rs);
		refusals_release(&rs);
		return rc;
	}
	refusals_release(&rs);
	if (db_begin(r->db) != 0)
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	rc = phone_store_assign_mac(r->db, id, mac);
	if (rc == DB_OK)
		rc = version_store_bump_id(r->db, "phone", id,
		    r->auth.user.username);
	if (rc != DB_OK || db_commit(r->db) != 0) {
		db_rollback(r->db);
		return rc == DB_CONFLICT ? req_field_error(r, 409, "duplicate",
		    "phone_id", "Another managed IP phone has this MAC address.")
		    : req_field_error(r, 409, "has_address", "phone_id", "This "
		    "phone was given an address meanwhile.");
	}
	req_audit(r, "phone.adopt", mac, true, json_pack("{s:I}", "phone_id",
	    (json_int_t)id));
	r->out = phone_store_get(r->db, id);
	return 200;
}
