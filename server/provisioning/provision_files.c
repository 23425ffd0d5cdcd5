/* Switchboard — the files with a phone's own configuration: its master, its
 * per-phone file (SIP passwords), proxy and custom files. */
#include "provision_request.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/settings_store.h"
#include "../../db/custom_file_store.h"
#include "../../db/firmware_store.h"
#include "../../db/phone_store.h"
#include "../../db/provision_store.h"
#include "../../db/reg_group_store.h"
#include "../../db/site_store.h"
#include "../lib/log.h"
#include "../lib/util.h"
#include "../phones/catalog.h"
#include "provision_kv.h"
#include "provision_polycom.h"

static void
loaded_free(struct loaded *l)
{
	json_decref(l->pp.phone);
	json_decref(l->pp.group);
	json_decref(l->pp.location);
	json_decref(l->pp.station_passwords);
	json_decref(l->pp.shared);
	json_decref(l->pp.external_passwords);
	json_decref(l->pp.external_groups);
	json_decref(l->keys);
	if (l->prov_pw) {
		sodium_memzero(l->prov_pw, strlen(l->prov_pw));
		free(l->prov_pw);
	}
	memset(l, 0, sizeof(*l));
}

/* The user name of a phone's provisioning credentials: its MAC's 12
 * digits, or a soft phone's computer name. */
void
provision_phone_user(json_t *keys, char *out, size_t len)
{
	char mac12[13];

	if (strcmp(provision_str(json_object_get(keys, "family")),
	    "softphone") ==
	    0) {
		str_copy(out, provision_str(json_object_get(keys, "mac")), len);
		return;
	}
	mac_digits(json_string_value(json_object_get(keys, "mac")), mac12);
	str_copy(out, mac12, len);
}

/* A location's SNTP server left empty is "Use IC server" (seed 001): the
 * phones get the appliance's configured time server (Network records),
 * if one is set. */
static void
use_ic_server(struct db *db, json_t *location)
{
	const char *mine = json_string_value(json_object_get(location,
	    "sntp_server"));
	json_t *net;

	if (location == NULL || (mine && mine[0]))
		return;
	net = settings_store_get(db, "network");
	if (json_string_length(json_object_get(net, "time_server")))
		json_object_set(location, "sntp_server", json_object_get(net,
		    "time_server"));
	json_decref(net);
}

int
provision_global_sip_dscp(json_t *provisioning_settings)
{
	json_t *v = json_object_get(provisioning_settings, "sip_dscp");

	return json_is_integer(v) ? (int)json_integer_value(v) :
	    PROVISION_SIP_DSCP_DEFAULT;
}

/* "Use Global SIP Station Transport Settings" (checked unless the admin
 * cleared it): the phone's SIP DSCP is the global one, whatever its own
 * Advanced Options box holds (seed 001, the QoS setting for SIP). */
static void
use_global_transport(struct db *db, json_t *phone)
{
	json_t *adv = json_object_get(phone, "advanced_options"), *set;

	if (phone == NULL || json_is_false(json_object_get(adv,
	    "use_global_sip_transport_settings")))
		return;
	if (!json_is_object(adv)) {
		adv = json_object();
		json_object_set_new(phone, "advanced_options", adv);
	}
	set = settings_store_get(db, "provisioning");
	json_object_set_new(adv, "sip_dscp", json_integer(
	    provision_global_sip_dscp(set)));
	json_decref(set);
}

static int
load(struct db *db, int64_t id, const char *host, bool secrets,
    struct loaded *l)
{
	json_t *st;
	size_t i;

	memset(l, 0, sizeof(*l));
	if ((l->keys = provision_store_keys(db, id)) == NULL ||
	    (l->pp.phone = phone_store_get(db, id)) == NULL) {
		loaded_free(l);
		return -1;
	}
	provision_phone_user(l->keys, l->mac12, sizeof(l->mac12));
	l->pp.mac12 = l->mac12;
	l->pp.guid = json_string_value(json_object_get(l->keys, "guid"));
	l->pp.group = reg_group_store_get(db, json_integer_value(
	    json_object_get(l->keys, "registration_group_id")));
	l->pp.location = site_store_get(db, SITE_LOCATION, json_integer_value(
	    json_object_get(l->keys, "location_id")));
	use_ic_server(db, l->pp.location);
	use_global_transport(db, l->pp.phone);
	l->pp.server_host = host ? host : "";
	l->pp.app_file_path = "sip.ld";	/* only the master names it */
	l->pp.station_passwords = json_array();
	l->pp.shared = json_array();
	l->pp.external_passwords = json_array();
	l->pp.external_groups = json_array();
	json_array_foreach(json_object_get(l->pp.phone,
	    "external_registrations"), i, st) {
		json_t *g = reg_group_store_get(db, json_integer_value(
		    json_object_get(st, "registration_group_id")));

		json_array_append_new(l->pp.external_groups, g ? g :
		    json_object());
	}
	if (!secrets)
		return 0;
	if ((l->prov_pw = provision_password(db, id)) == NULL) {
		loaded_free(l);
		return -1;
	}
	l->pp.prov_password = l->prov_pw;
	json_array_foreach(json_object_get(l->pp.phone, "stations"), i, st) {
		char *sealed = phone_store_station_secret(db,
		    json_integer_value(json_object_get(st, "id")), id);

		char *pw = provision_open_secret(PHONE_STATION_SECRET_CONTEXT,
		    sealed);

		json_array_append_new(l->pp.station_passwords,
		    json_string(pw));
		sodium_memzero(pw, strlen(pw));
		free(pw);
		free(sealed);
	}
	json_array_foreach(json_object_get(l->pp.phone, "shared_appearances"),
	    i, st) {
		char user[65] = "", *sealed = NULL, *pw;

		provision_store_station_creds(db, json_integer_value(
		    json_object_get(st, "station_id")), user, sizeof(user),
		    &sealed);
		pw = provision_open_secret(PHONE_STATION_SECRET_CONTEXT,
		    sealed);
		json_array_append_new(l->pp.shared, json_pack("{s:s,s:s,s:O,"
		    "s:O}", "username", user, "password", pw, "label",
		    json_object_get(st, "label"), "line_keys",
		    json_object_get(st, "line_keys")));
		sodium_memzero(pw, strlen(pw));
		free(pw);
		free(sealed);
	}
	json_array_foreach(json_object_get(l->pp.phone,
	    "external_registrations"), i, st) {
		char *sealed = phone_store_external_secret(db, id,
		    (int)json_integer_value(json_object_get(st, "position")));
		char *pw = provision_open_secret(EXTERNAL_SECRET_CONTEXT,
		    sealed);

		json_array_append_new(l->pp.external_passwords,
		    json_string(pw));
		sodium_memzero(pw, strlen(pw));
		free(pw);
		free(sealed);
	}
	return 0;
}

char *
provision_custom_files(json_t *phone, const char *mac12)
{
	json_t *v;
	const char *k, *val = NULL, *p;
	char model[64], out[2048];
	size_t o = 0;

	json_object_foreach(json_object_get(phone, "custom_attributes"), k, v)
		if (strcasecmp(k, "config_files") == 0)
			val = json_string_value(v);
	if (val == NULL || val[0] == '\0')
		return NULL;
	model_token(provision_str(json_object_get(phone, "model")), model,
	    sizeof(model));
	for (p = val; *p && o + 64 < sizeof(out); ) {
		const char *put = NULL;
		size_t skip = 1;

		if (strncmp(p, "[MACADDRESS]", 12) == 0) {
			put = mac12;
			skip = 12;
		} else if (strncmp(p, "[MODEL]", 7) == 0) {
			put = model;
			skip = 7;
		}
		if (put)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s",
			    put);
		else
			out[o++] = *p;
		p += skip;
	}
	out[o] = '\0';
	return xstrdup(out);
}

/* The firmware file a phone should run, as APP_FILE_PATH. */
static void
app_file_path(struct db *db, json_t *keys, char *out, size_t len)
{
	json_t *fw = firmware_store_for(db, json_integer_value(json_object_get(
	    keys, "model_id")), provision_str(json_object_get(keys,
	    "firmware_version")));

	if (fw)
		snprintf(out, len, "firmware/%lld/%s", (long long)
		    json_integer_value(json_object_get(fw, "id")),
		    provision_str(
		    json_object_get(fw, "filename")));
	else
		snprintf(out, len, "sip.ld");
	json_decref(fw);
}

/* /<mac>.cfg and /000000000000.cfg. A known Polycom's master names its
 * own files (phone/<guid>.cfg), so it is served only to the phone, as its
 * per-phone file is; anything else about a MAC gets the one answer that
 * tells nothing (deny). 000000000000.cfg, the file a phone falls back to,
 * lists nothing that is any one phone's. */
void
provision_serve_master(struct request *rq, const char *mac12)
{
	int64_t id = rq->mac[0] ? provision_store_by_mac(rq->db, rq->mac) : 0;
	json_t *keys = id > 0 ? provision_store_keys(rq->db, id) : NULL;
	char *body, *custom = NULL, app[300];
	struct prov_phone pp;
	enum proof p;
	bool by_trust;
	size_t len;

	if (keys && strcmp(provision_str(json_object_get(keys, "family")),
	    "polycom") != 0) {
		/* ISS, AudioCodes, Genesys: <mac>.cfg is the file with the
		 * credentials. */
		json_decref(keys);
		provision_serve_secret(rq, id, SECRET_KV);
		return;
	}
	if (keys == NULL && strcmp(mac12, "000000000000") == 0) {
		rq->ev.outcome = "served";
		rq->cacheable = true;
		body = polycom_master(NULL, mac12, NULL, &len);
		provision_reply_file(rq->q, rq->out, body, len, XML_TYPE);
		return;
	}
	if (keys == NULL || provision_phone_credentials(rq, id, mac12) != 0) {
		/* A MAC without a phone: seen (a provisional phone, to be
		 * adopted in the UI), and answered like a known one without
		 * proof. */
		json_decref(keys);
		if (rq->mac[0])
			log_event(LOG_INFO, "provision.provisional", "mac",
			    rq->mac, "address", rq->q->client_addr, NULL);
		provision_deny_unknown(rq);
		return;
	}
	if ((p = provision_admitted(rq, id, keys, &by_trust)) != PROOF_OK) {
		json_decref(keys);
		provision_deny(rq, p, "wrong provisioning credentials");
		return;
	}
	memset(&pp, 0, sizeof(pp));
	pp.phone = keys;	/* registration_group, custom_attributes */
	pp.guid = provision_str(json_object_get(keys, "guid"));
	app_file_path(rq->db, keys, app, sizeof(app));
	pp.app_file_path = app;
	rq->ev.phone_id = id;
	rq->ev.proven = !by_trust;
	rq->ev.believed = true;
	custom = provision_custom_files(keys, mac12);
	body = polycom_master(&pp, mac12, custom, &len);
	free(custom);
	json_decref(keys);
	rq->ev.outcome = "served";
	rq->cacheable = true;
	rq->meta.phone_id = id;
	rq->meta.secret = true;
	provision_reply_file(rq->q, rq->out, body, len, XML_TYPE);
}

/* A custom file at the root: the maker the User-Agent names first. */
bool
provision_serve_custom(struct request *rq, const char *name)
{
	static const char *const makers[] = { "Polycom", "AudioCodes",
	    "Genesys", "ININ", NULL };
	const char *const *m;
	char *body = NULL;
	size_t len;

	if (rq->agent.manufacturer[0])
		body = custom_store_get(rq->db, rq->agent.manufacturer, name,
		    &len);
	for (m = makers; body == NULL && *m; m++)
		body = custom_store_get(rq->db, *m, name, &len);
	if (body == NULL)
		return false;
	rq->ev.outcome = "served";
	provision_reply_file(rq->q, rq->out, body, len, strstr(name, ".xml") ||
	    (len && body[0] == '<') ? XML_TYPE : TEXT_TYPE);
	return true;
}

/* The firmware version a phone should run: its selection, or for
 * "latest" the newest uploaded for its model; "" when anything goes
 * (nothing uploaded). Catalog versions carry notes ("5.9.0 Rev AD"): only
 * the number is kept. */
static void
wanted_firmware(struct db *db, json_t *keys, char out[64])
{
	const char *want = provision_str(json_object_get(keys,
	    "firmware_version"));
	json_t *fw = NULL;

	if (strcmp(want, "latest") == 0) {
		fw = firmware_store_for(db, json_integer_value(json_object_get(
		    keys, "model_id")), "latest");
		want = fw ? provision_str(json_object_get(fw, "version")) : "";
	}
	snprintf(out, 64, "%.*s", (int)strcspn(want, " "), want);
	json_decref(fw);
}

/* Runs it: the phone says "5.9.0.9373" for the catalog's "5.9.0". */
bool
provision_runs(const char *want, const char *running)
{
	size_t n = strlen(want);

	return n == 0 || (running[0] && strncmp(running, want, n) == 0 &&
	    (running[n] == '\0' || running[n] == '.'));
}

static bool
up_to_date(struct db *db, struct loaded *l, const char *running)
{
	char want[64];

	wanted_firmware(db, l->keys, want);
	return provision_runs(want, running);
}

/* "http://host:port/" as the phone reached us. */
static void
base_url(const struct provision_req *q, char *out, size_t len)
{
	snprintf(out, len, "%s://%s:%d/", q->tls ? "https" : "http", q->host ?
	    q->host : "localhost", q->port);
}

/* A file holding SIP passwords: phone/<guid>.cfg (Polycom), <mac>.cfg
 * (ISS, AudioCodes, Genesys), <computer name>.i3sipcfg (soft phone). The
 * proof is checked before anything secret is opened. */
void
provision_serve_secret(struct request *rq, int64_t id, enum secret_kind kind)
{
	json_t *keys = id > 0 ? provision_store_keys(rq->db, id) : NULL;
	struct loaded l;
	char user[256], *body, url[400];
	bool by_trust;
	enum proof p;
	size_t len;

	if (keys)
		provision_phone_user(keys, user, sizeof(user));
	if (keys == NULL || provision_phone_credentials(rq, id, user) != 0) {
		json_decref(keys);
		provision_deny_unknown(rq);
		return;
	}
	p = provision_admitted(rq, id, keys, &by_trust);
	json_decref(keys);
	if (p != PROOF_OK) {
		provision_deny(rq, p, "wrong provisioning credentials");
		return;
	}
	if (load(rq->db, id, rq->q->host, true, &l) != 0) {
		rq->ev.outcome = "error";
		provision_reply_text(rq->out, 503, "Busy; try again.\n");
		return;
	}
	rq->ev.phone_id = id;
	base_url(rq->q, url, sizeof(url));
	if (kind == SECRET_POLYCOM) {
		body = polycom_phone_file(&l.pp, &len);
	} else if (kind == SECRET_SOFT) {
		body = kv_softphone_file(&l.pp, url, &len);
	} else {
		char *img = firmware_store_model_image(rq->db,
		    json_integer_value(json_object_get(l.keys, "model_id")));

		body = kv_phone_file(&l.pp, url, img, &len);
		free(img);
	}
	rq->ev.outcome = "served";
	rq->ev.fetched_config = true;
	rq->ev.proven = !by_trust;
	rq->ev.believed = true;
	rq->ev.up_to_date = up_to_date(rq->db, &l, rq->agent.firmware);
	/* A fetch on address trust closes the door to address trust at once:
	 * the queued record says so in memory until it is written. The
	 * cache keeps what checks the credentials, never the password. */
	rq->cacheable = true;
	rq->meta.phone_id = id;
	rq->meta.secret = true;
	rq->meta.config = true;
	wanted_firmware(rq->db, l.keys, rq->meta.firmware);
	provision_reply_file(rq->q, rq->out, body, len, kind == SECRET_POLYCOM ?
	    XML_TYPE : TEXT_TYPE);
	if (rq->out->status == 304)
		rq->ev.outcome = "not_modified";
	loaded_free(&l);
}

/* /proxy/<group>.cfg */
void
provision_serve_proxy(struct request *rq, const char *name)
{
	struct db_list_query all = { NULL, 0, 0, 100000, 0 };
	json_t *groups = reg_group_store_list(rq->db, NULL, &all), *g;
	char want[80];
	size_t i, len;

	json_array_foreach(json_object_get(groups, "items"), i, g) {
		polycom_group_file_name(provision_str(json_object_get(g,
		    "name")),
		    want, sizeof(want));
		if (strcmp(want, name) == 0) {
			json_t *full = reg_group_store_get(rq->db,
			    json_integer_value(json_object_get(g, "id")));
			char *body = polycom_proxy_file(full, rq->q->host ?
			    rq->q->host : "", &len);

			json_decref(full);
			json_decref(groups);
			rq->ev.outcome = "served";
			rq->cacheable = true;
			provision_reply_file(rq->q, rq->out, body, len,
			    XML_TYPE);
			return;
		}
	}
	json_decref(groups);
	rq->ev.outcome = "missing";
	provision_reply_text(rq->out, 404, "No such file.\n");
}
