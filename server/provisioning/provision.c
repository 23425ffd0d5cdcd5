/* Switchboard — the provisioning server's domain side. */
#include "provision.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/db_pool.h"
#include "../../db/firmware_store.h"
#include "../../db/phone_store.h"
#include "../../db/provision_store.h"
#include "../../db/reg_group_store.h"
#include "../../db/settings_store.h"
#include "../../db/site_store.h"
#include "../phones/catalog.h"
#include "../lib/digest.h"
#include "firmware_repo.h"
#include "../lib/log.h"
#include "../lib/netaddr.h"
#include "phone_agent.h"
#include "../phones/phone_input.h"
#include "provision_log.h"
#include "provision_cache.h"
#include "provision_kv.h"
#include "provision_polycom.h"
#include "provision_throttle.h"
#include "../lib/seal.h"
#include "../lib/util.h"

#define EXTERNAL_SECRET_CONTEXT "external_registration.password"
#define XML_TYPE "application/xml"
#define TEXT_TYPE "text/plain; charset=utf-8"

static char *ca_pem;	/* certificates of the appliance, read at start */
static int upload_seconds = 30;

static const char *
str_or(json_t *v)
{
	const char *s = json_string_value(v);

	return s ? s : "";
}

void
provision_init(const struct config *cfg)
{
	size_t len;

	free(ca_pem);
	ca_pem = NULL;
	upload_seconds = (int)cfg->provision_upload_seconds;
	if (read_file_max(cfg->tls_certificate, 256 * 1024, &ca_pem, &len) !=
	    0)
		ca_pem = xstrdup("");
}

static __thread bool simulating;	/* this thread serves the simulator */

/* A wrong proof, or a proof for a phone that is not there: one token of
 * the address's budget. false when the budget is spent (answer 429). */
static bool
strike(const char *addr, const char *why, const char *path)
{
	bool ok;

	if (simulating)
		return true;
	ok = provision_throttle_take(addr, now_mono_ms());
	log_event(ok ? LOG_INFO : LOG_WARN, ok ? "provision.strike" :
	    "provision.throttled", "address", addr, "reason", why, "path",
	    path, NULL);
	return ok;
}

/* ---- replies. */

static void
reply(struct provision_reply *out, int status, const char *type, char *body,
    size_t len)
{
	out->status = status;
	out->type = type;
	out->body = body;
	out->len = len;
}

static void
reply_text(struct provision_reply *out, int status, const char *text)
{
	reply(out, status, TEXT_TYPE, xstrdup(text), strlen(text));
}

/* 200 with an ETag, or 304 when the client has this version. */
static void
reply_file(const struct provision_req *q, struct provision_reply *out,
    char *body, size_t len, const char *type)
{
	unsigned char h[16];
	char hexd[33];

	crypto_generichash(h, sizeof(h), (const unsigned char *)body, len,
	    NULL, 0);
	sodium_bin2hex(hexd, sizeof(hexd), h, sizeof(h));
	snprintf(out->etag, sizeof(out->etag), "\"%s\"", hexd);
	if (q->if_none_match && strstr(q->if_none_match, out->etag)) {
		free(body);
		reply(out, 304, type, NULL, 0);
		return;
	}
	reply(out, 200, type, body, len);
}

/* ---- what a phone's files are made of. */

static char *
open_secret(const char *context, const char *sealed)
{
	size_t n;
	char *pw = sealed ? seal_open(context, sealed, &n) : NULL;
	char *out;

	if (pw == NULL)
		return xstrdup("");
	out = xstrdup(pw);
	seal_free(pw, n);
	return out;
}

/* The phone's provisioning password (made on first use). */
static char *
prov_password(struct db *db, int64_t id)
{
	char *sealed = provision_store_password(db, id), *pw;
	char fresh[25];

	if (sealed == NULL && simulating)
		return xstrdup("(made at the phone's first fetch)");
	if (sealed == NULL) {
		phone_input_new_password(fresh);
		sealed = seal_box(PHONE_PROV_SECRET_CONTEXT, fresh, strlen(fresh));
		if (sealed == NULL || provision_store_set_password(db, id,
		    sealed) != DB_OK) {
			free(sealed);
			sodium_memzero(fresh, sizeof(fresh));
			return NULL;
		}
		sodium_memzero(fresh, sizeof(fresh));
		provision_cache_bump();
	}
	pw = open_secret(PHONE_PROV_SECRET_CONTEXT, sealed);
	free(sealed);
	return pw;
}

struct loaded {
	struct prov_phone	 pp;
	json_t			*keys;
	char			 mac12[256];	/* MAC digits, or a soft
						   phone's computer name */
	char			*prov_pw;
};

static void
loaded_free(struct loaded *l)
{
	json_decref(l->pp.phone);
	json_decref(l->pp.group);
	json_decref(l->pp.location);
	json_decref(l->pp.station_passwords);
	json_decref(l->pp.shared);
	json_decref(l->pp.external_passwords);
	json_decref(l->keys);
	if (l->prov_pw) {
		sodium_memzero(l->prov_pw, strlen(l->prov_pw));
		free(l->prov_pw);
	}
	memset(l, 0, sizeof(*l));
}

/* The user name of a phone's provisioning credentials: its MAC's 12
 * digits, or a soft phone's computer name. */
static void
phone_user(json_t *keys, char *out, size_t len)
{
	char mac12[13];

	if (strcmp(str_or(json_object_get(keys, "family")), "softphone") ==
	    0) {
		str_copy(out, str_or(json_object_get(keys, "mac")), len);
		return;
	}
	mac_digits(json_string_value(json_object_get(keys, "mac")), mac12);
	str_copy(out, mac12, len);
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
	phone_user(l->keys, l->mac12, sizeof(l->mac12));
	l->pp.mac12 = l->mac12;
	l->pp.guid = json_string_value(json_object_get(l->keys, "guid"));
	l->pp.group = reg_group_store_get(db, json_integer_value(
	    json_object_get(l->keys, "registration_group_id")));
	l->pp.location = site_store_get(db, SITE_LOCATION, json_integer_value(
	    json_object_get(l->keys, "location_id")));
	l->pp.server_host = host ? host : "";
	l->pp.app_file_path = "sip.ld";	/* only the master names it */
	l->pp.station_passwords = json_array();
	l->pp.shared = json_array();
	l->pp.external_passwords = json_array();
	if (!secrets)
		return 0;
	if ((l->prov_pw = prov_password(db, id)) == NULL) {
		loaded_free(l);
		return -1;
	}
	l->pp.prov_password = l->prov_pw;
	json_array_foreach(json_object_get(l->pp.phone, "stations"), i, st) {
		char *sealed = phone_store_station_secret(db,
		    json_integer_value(json_object_get(st, "id")), id);

		char *pw = open_secret(PHONE_STATION_SECRET_CONTEXT, sealed);

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
		pw = open_secret(PHONE_STATION_SECRET_CONTEXT, sealed);
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
		char *pw = open_secret(EXTERNAL_SECRET_CONTEXT, sealed);

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
	model_token(str_or(json_object_get(phone, "model")), model,
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

/* Inside the trusted provisioning networks (settings "provisioning"). */
static bool
trusted(struct db *db, const char *addr)
{
	json_t *set = settings_store_get(db, "provisioning"), *v;
	size_t i;
	bool in = false;

	json_array_foreach(json_object_get(set, "trusted_networks"), i, v)
		if (json_is_string(v) && netaddr_in_cidr(addr,
		    json_string_value(v)))
			in = true;
	json_decref(set);
	return in;
}

struct request {
	struct db			*db;
	const struct provision_req	*q;
	struct provision_reply		*out;
	struct provision_event		 ev;
	struct phone_agent		 agent;
	char				 mac[MAC_TEXT];
	int64_t				 now;
	bool				 cacheable;	/* keep what is served */
	struct provision_cached		 meta;
};

enum secret_kind { SECRET_POLYCOM, SECRET_KV, SECRET_SOFT };

static void	serve_secret(struct request *, int64_t, enum secret_kind);

/* BLAKE2b of "user:password": what the cache keeps to check Basic. */
static void
basic_hash(const char *user, const char *pw, unsigned char out[32])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)user,
	    strlen(user));
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)pw, strlen(pw));
	crypto_generichash_final(&st, out, 32);
}

/* What a request's Authorization header showed. */
enum proof {
	PROOF_NONE,	/* no header: ask for it */
	PROOF_OK,	/* it is the phone */
	PROOF_WRONG,	/* a header that does not prove it */
	PROOF_STALE	/* right, but its nonce is spent or old: ask again */
};

/* Did the request prove it is the phone whose credentials these are?
 * HTTP digest (HA1 = MD5(user:realm:password)), each nonce and nc once,
 * or Basic over TLS only (in the clear it would give the password away),
 * checked against a BLAKE2b of "user:password". The password itself is
 * not needed, so the cache can answer too. */
static enum proof
check_proof(struct request *rq, const char *user, const char *ha1,
    const unsigned char basic[32])
{
	const char *h = rq->q->authorization;
	struct digest_auth a;
	int r;

	if (h == NULL)
		return PROOF_NONE;
	if (strncasecmp(h, "Basic ", 6) == 0) {
		unsigned char bin[512], mine[32];
		size_t n = 0, ul = strlen(user);
		bool ok;

		if (!rq->q->tls || strlen(h + 6) >= 600 || sodium_base642bin(
		    bin, sizeof(bin) - 1, h + 6, strlen(h + 6), NULL, &n, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0)
			return PROOF_WRONG;
		crypto_generichash(mine, sizeof(mine), bin, n, NULL, 0);
		ok = n > ul && memcmp(bin, user, ul) == 0 && bin[ul] == ':' &&
		    sodium_memcmp(mine, basic, sizeof(mine)) == 0;
		sodium_memzero(bin, sizeof(bin));
		return ok ? PROOF_OK : PROOF_WRONG;
	}
	if (digest_parse(h, &a) != 0 || strcmp(a.username, user) != 0 ||
	    strcmp(a.uri, rq->q->uri) != 0)
		return PROOF_WRONG;
	r = digest_verify_ha1(&a, PROVISION_REALM, rq->q->method, ha1,
	    rq->now);
	return r == DIGEST_OK ? PROOF_OK : r == DIGEST_STALE ? PROOF_STALE :
	    PROOF_WRONG;
}

/* The one answer to a request that has not proven it is the phone, the
 * same whether the phone exists or not, so that nothing can be learnt
 * from it: 401 with a fresh challenge. A wrong proof takes a token of
 * the address's budget; once it is spent, 429. */
static void
deny(struct request *rq, enum proof p, const char *why)
{
	if (p == PROOF_WRONG && !strike(rq->q->client_addr, why,
	    rq->q->path)) {
		rq->out->retry_after = provision_throttle_wait(
		    rq->q->client_addr, now_mono_ms());
		if (rq->out->retry_after < 1)
			rq->out->retry_after = 1;
		rq->ev.outcome = "throttled";
		reply_text(rq->out, 429, "Too many failed proofs from this "
		    "address.\n");
		return;
	}
	digest_challenge_stale(rq->out->challenge, sizeof(rq->out->challenge),
	    PROVISION_REALM, rq->now, p == PROOF_STALE);
	rq->ev.outcome = "denied";
	reply_text(rq->out, 401, "This file is served to its phone only.\n");
}

/* The work of looking up a phone's credentials (its keys, the sealed
 * password opened), spent on nothing: a phone that is not there costs
 * the time one that is does. */
static void
decoy_credentials(struct request *rq)
{
	static const char pw[] = "decoy-password-24-chars!";
	char *sealed, *open;
	size_t n;

	json_decref(provision_store_keys(rq->db, INT64_MAX));
	if ((sealed = seal_box(PHONE_PROV_SECRET_CONTEXT, pw, sizeof(pw) -
	    1)) == NULL)
		return;
	if ((open = seal_open(PHONE_PROV_SECRET_CONTEXT, sealed, &n)) !=
	    NULL) {
		basic_hash("000000000000", open, rq->meta.basic);
		seal_free(open, n);
	}
	free(sealed);
}

/* A request for a phone that is not there: checked against credentials
 * nobody has (as much work as a real check), then denied like any other
 * request without proof. */
static void
deny_unknown(struct request *rq)
{
	static const unsigned char nobody[32];
	struct digest_auth a;
	const char *user = "";
	char ha1[33];
	enum proof p;

	if (rq->q->authorization && digest_parse(rq->q->authorization, &a) ==
	    0)
		user = a.username;
	decoy_credentials(rq);
	digest_ha1(user, PROVISION_REALM, "", ha1);
	ha1[0] = ha1[0] == 'x' ? 'y' : 'x';	/* matches no password */
	p = check_proof(rq, user, ha1, nobody);
	deny(rq, p == PROOF_NONE ? p : PROOF_WRONG, "unknown phone");
	if (rq->ev.outcome && strcmp(rq->ev.outcome, "denied") == 0)
		rq->ev.outcome = "unknown";
}

/* Fill rq->meta's user, ha1 and basic from phone id's provisioning
 * credentials (user: the MAC digits or computer name). 0 or -1. */
static int
phone_credentials(struct request *rq, int64_t id, const char *user)
{
	char *pw = prov_password(rq->db, id);

	if (pw == NULL)
		return -1;
	str_copy(rq->meta.user, user, sizeof(rq->meta.user));
	digest_ha1(user, PROVISION_REALM, pw, rq->meta.ha1);
	basic_hash(user, pw, rq->meta.basic);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	return 0;
}

/* May this request have phone keys' files? Proven by its credentials, or
 * on the phone's very first fetch from inside the trusted provisioning
 * networks (before the phone has its credentials). */
static enum proof
admitted(struct request *rq, int64_t id, json_t *keys, bool *by_trust)
{
	enum proof p = simulating ? PROOF_OK : check_proof(rq, rq->meta.user,
	    rq->meta.ha1, rq->meta.basic);

	*by_trust = false;
	if (!json_is_true(json_object_get(keys, "active")))
		return p == PROOF_OK ? PROOF_WRONG : p;
	if (p == PROOF_OK || p == PROOF_STALE)
		return p;
	if (p == PROOF_NONE && !json_is_true(json_object_get(keys,
	    "prov_proven")) && json_is_null(json_object_get(keys,
	    "config_fetched_at")) && !provision_log_fetch_pending(id) &&
	    trusted(rq->db, rq->q->client_addr)) {
		*by_trust = true;
		return PROOF_OK;
	}
	return p;
}

/* The firmware file a phone should run, as APP_FILE_PATH. */
static void
app_file_path(struct db *db, json_t *keys, char *out, size_t len)
{
	json_t *fw = firmware_store_for(db, json_integer_value(json_object_get(
	    keys, "model_id")), str_or(json_object_get(keys,
	    "firmware_version")));

	if (fw)
		snprintf(out, len, "firmware/%lld/%s", (long long)
		    json_integer_value(json_object_get(fw, "id")), str_or(
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
static void
serve_master(struct request *rq, const char *mac12)
{
	int64_t id = rq->mac[0] ? provision_store_by_mac(rq->db, rq->mac) : 0;
	json_t *keys = id > 0 ? provision_store_keys(rq->db, id) : NULL;
	char *body, *custom = NULL, app[300];
	struct prov_phone pp;
	enum proof p;
	bool by_trust;
	size_t len;

	if (keys && strcmp(str_or(json_object_get(keys, "family")),
	    "polycom") != 0) {
		/* ISS, AudioCodes, Genesys: <mac>.cfg is the file with the
		 * credentials. */
		json_decref(keys);
		serve_secret(rq, id, SECRET_KV);
		return;
	}
	if (keys == NULL && strcmp(mac12, "000000000000") == 0) {
		rq->ev.outcome = "served";
		rq->cacheable = true;
		body = polycom_master(NULL, mac12, NULL, &len);
		reply_file(rq->q, rq->out, body, len, XML_TYPE);
		return;
	}
	if (keys == NULL || phone_credentials(rq, id, mac12) != 0) {
		/* A MAC without a phone: seen (a provisional phone, to be
		 * adopted in the UI), and answered like a known one without
		 * proof. */
		json_decref(keys);
		if (rq->mac[0])
			log_event(LOG_INFO, "provision.provisional", "mac",
			    rq->mac, "address", rq->q->client_addr, NULL);
		deny_unknown(rq);
		return;
	}
	if ((p = admitted(rq, id, keys, &by_trust)) != PROOF_OK) {
		json_decref(keys);
		deny(rq, p, "wrong provisioning credentials");
		return;
	}
	memset(&pp, 0, sizeof(pp));
	pp.phone = keys;	/* registration_group, custom_attributes */
	pp.guid = str_or(json_object_get(keys, "guid"));
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
	reply_file(rq->q, rq->out, body, len, XML_TYPE);
}

/* "bytes=a-b", "bytes=a-", "bytes=-n" against total: 0 with the part,
 * 1 when there is no (usable) Range header, -1 when it cannot be met. */
static int
parse_range(const char *h, int64_t total, int64_t *start, int64_t *len)
{
	long long a = -1, b = -1;
	const char *p;
	char *end;

	if (h == NULL || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return 1;
	p = h + 6;
	if (*p == '-') {
		b = strtoll(p + 1, &end, 10);
		if (*end || b <= 0)
			return -1;
		*start = b >= total ? 0 : total - b;
		*len = total - *start;
		return 0;
	}
	a = strtoll(p, &end, 10);
	if (end == p || *end != '-' || a < 0)
		return -1;
	p = end + 1;
	if (*p) {
		b = strtoll(p, &end, 10);
		if (*end || b < a)
			return -1;
	}
	if (a >= total)
		return -1;
	if (b < 0 || b >= total)
		b = total - 1;
	*start = a;
	*len = b - a + 1;
	return 0;
}

/* A stored firmware image, whole or the part the phone asks for (it reads
 * a part to compare versions). */
static void
reply_firmware(struct request *rq, json_t *fw)
{
	struct provision_reply *out = rq->out;
	int64_t total = json_integer_value(json_object_get(fw, "size"));
	int r;

	if (firmware_repo_path(str_or(json_object_get(fw, "sha256")),
	    out->file, sizeof(out->file)) != 0) {
		reply_text(out, 404, "No such file.\n");
		return;
	}
	snprintf(out->etag, sizeof(out->etag), "\"%.32s\"", str_or(
	    json_object_get(fw, "sha256")));
	out->type = "application/octet-stream";
	out->file_total = total;
	rq->ev.outcome = "served";
	if (rq->q->if_none_match && strstr(rq->q->if_none_match, out->etag)) {
		out->status = 304;
		out->file_len = 0;
		rq->ev.outcome = "not_modified";
		return;
	}
	r = parse_range(rq->q->range, total, &out->file_start, &out->file_len);
	if (r < 0) {
		out->status = 416;
		out->file_len = 0;
		return;
	}
	if (r == 1) {
		out->file_start = 0;
		out->file_len = total;
		out->status = 200;
	} else {
		out->status = 206;
	}
}

/* /firmware/<id>/<name> (Polycom APP_FILE_PATH). */
static void
serve_firmware_id(struct request *rq, const char *rest)
{
	char *end;
	long long id = strtoll(rest, &end, 10);
	json_t *fw = NULL;

	if (end != rest && *end == '/' && id > 0)
		fw = firmware_store_get(rq->db, id);
	if (fw == NULL || strcmp(end + 1, str_or(json_object_get(fw,
	    "filename"))) != 0) {
		json_decref(fw);
		rq->ev.outcome = "missing";
		reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	reply_firmware(rq, fw);
	json_decref(fw);
}

/* /<image>.img (ISS, AudioCodes, Genesys): the phone's own version when
 * its User-Agent names it, else the newest uploaded for that image. */
static void
serve_image(struct request *rq, const char *image)
{
	json_t *fw = NULL;
	int64_t model_id = 0, id;

	if (rq->mac[0] && (id = provision_store_by_mac(rq->db, rq->mac)) > 0) {
		json_t *keys = provision_store_keys(rq->db, id);
		char *img = firmware_store_model_image(rq->db,
		    json_integer_value(json_object_get(keys, "model_id")));

		if (img && strcasecmp(img, image) == 0)
			fw = firmware_store_for(rq->db, json_integer_value(
			    json_object_get(keys, "model_id")), str_or(
			    json_object_get(keys, "firmware_version")));
		free(img);
		json_decref(keys);
	}
	if (fw == NULL)
		fw = firmware_store_by_image(rq->db, image, &model_id);
	if (fw == NULL) {
		rq->ev.outcome = "missing";
		reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	reply_firmware(rq, fw);
	json_decref(fw);
}

/* A custom file at the root: the maker the User-Agent names first. */
static bool
serve_custom(struct request *rq, const char *name)
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
	reply_file(rq->q, rq->out, body, len, strstr(name, ".xml") ||
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
	const char *want = str_or(json_object_get(keys, "firmware_version"));
	json_t *fw = NULL;

	if (strcmp(want, "latest") == 0) {
		fw = firmware_store_for(db, json_integer_value(json_object_get(
		    keys, "model_id")), "latest");
		want = fw ? str_or(json_object_get(fw, "version")) : "";
	}
	snprintf(out, 64, "%.*s", (int)strcspn(want, " "), want);
	json_decref(fw);
}

/* Runs it: the phone says "5.9.0.9373" for the catalog's "5.9.0". */
static bool
runs(const char *want, const char *running)
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
	return runs(want, running);
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
static void
serve_secret(struct request *rq, int64_t id, enum secret_kind kind)
{
	json_t *keys = id > 0 ? provision_store_keys(rq->db, id) : NULL;
	struct loaded l;
	char user[256], *body, url[400];
	bool by_trust;
	enum proof p;
	size_t len;

	if (keys)
		phone_user(keys, user, sizeof(user));
	if (keys == NULL || phone_credentials(rq, id, user) != 0) {
		json_decref(keys);
		deny_unknown(rq);
		return;
	}
	p = admitted(rq, id, keys, &by_trust);
	json_decref(keys);
	if (p != PROOF_OK) {
		deny(rq, p, "wrong provisioning credentials");
		return;
	}
	if (load(rq->db, id, rq->q->host, true, &l) != 0) {
		rq->ev.outcome = "error";
		reply_text(rq->out, 503, "Busy; try again.\n");
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
	reply_file(rq->q, rq->out, body, len, kind == SECRET_POLYCOM ?
	    XML_TYPE : TEXT_TYPE);
	if (rq->out->status == 304)
		rq->ev.outcome = "not_modified";
	loaded_free(&l);
}

/* /proxy/<group>.cfg */
static void
serve_proxy(struct request *rq, const char *name)
{
	struct db_list_query all = { NULL, 0, 0, 100000, 0 };
	json_t *groups = reg_group_store_list(rq->db, NULL, &all), *g;
	char want[80];
	size_t i, len;

	json_array_foreach(json_object_get(groups, "items"), i, g) {
		polycom_group_file_name(str_or(json_object_get(g, "name")),
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
			reply_file(rq->q, rq->out, body, len, XML_TYPE);
			return;
		}
	}
	json_decref(groups);
	rq->ev.outcome = "missing";
	reply_text(rq->out, 404, "No such file.\n");
}

/* "<12 hex>-<suffix>" at the end of base, into mac (normalised). */
static bool
upload_name(const char *base, const char *suffix, char mac[MAC_TEXT])
{
	char hexd[13];
	int i;

	if (strlen(base) != 12 + strlen(suffix) || strcasecmp(base + 12,
	    suffix) != 0)
		return false;
	for (i = 0; i < 12; i++)
		if (!isxdigit((unsigned char)base[i]))
			return false;
	memcpy(hexd, base, 12);
	hexd[12] = '\0';
	return mac_normalize(hexd, mac) == 0;
}

/* May this request read or write phone mac's uploads? Only the phone,
 * proven by its credentials (address trust is for the first fetch of its
 * files, which it has made by the time it uploads anything). Returns the
 * phone's id, or 0 after answering. */
static int64_t
upload_owner(struct request *rq, const char *mac)
{
	int64_t id = provision_store_by_mac(rq->db, mac);
	json_t *keys = id > 0 ? provision_store_keys(rq->db, id) : NULL;
	char user[256];
	enum proof p;

	if (keys)
		phone_user(keys, user, sizeof(user));
	if (keys == NULL || phone_credentials(rq, id, user) != 0) {
		json_decref(keys);
		deny_unknown(rq);
		return 0;
	}
	json_decref(keys);
	p = check_proof(rq, rq->meta.user, rq->meta.ha1, rq->meta.basic);
	if (p != PROOF_OK) {
		deny(rq, p, "wrong provisioning credentials");
		return 0;
	}
	rq->ev.phone_id = id;
	rq->ev.proven = true;
	rq->ev.believed = true;
	return id;
}

/* PUT /overrides/<mac>-phone.cfg (or -web.cfg), /logs/<mac>-app.log,
 * /logs/<mac>-boot.log: the phone's own uploads, proven, within limits. */
static void
accept_upload(struct request *rq)
{
	const char *p = rq->q->path, *base = strrchr(p, '/') + 1;
	const char *kind = NULL;
	char mac[MAC_TEXT], budget[48];

	if (strncmp(p, "/overrides/", 11) == 0 && strchr(p + 11, '/') == NULL &&
	    (upload_name(base, "-phone.cfg", mac) || upload_name(base,
	    "-web.cfg", mac)))
		kind = "override";
	else if (strncmp(p, "/logs/", 6) == 0 && strchr(p + 6, '/') == NULL &&
	    (upload_name(base, "-app.log", mac) || upload_name(base,
	    "-boot.log", mac)))
		kind = "log";
	if (kind == NULL) {
		rq->ev.outcome = "denied";
		reply_text(rq->out, 405, "Uploads go to overrides/ and "
		    "logs/ only.\n");
		return;
	}
	if (rq->q->body_len > PROVISION_UPLOAD_MAX) {
		rq->ev.outcome = "denied";
		reply_text(rq->out, 413, "Too large.\n");
		return;
	}
	if (upload_owner(rq, mac) == 0)
		return;
	/* Even the phone itself uploads at a bounded rate: its own budget,
	 * apart from its address's. */
	snprintf(budget, sizeof(budget), "upload %s", mac);
	if (!provision_throttle_take(budget, now_mono_ms())) {
		rq->out->retry_after = provision_throttle_wait(budget,
		    now_mono_ms());
		rq->ev.outcome = "throttled";
		reply_text(rq->out, 429, "Too many uploads from this phone.\n");
		return;
	}
	if (provision_store_upload_put(rq->db, mac, base, kind, rq->q->body,
	    rq->q->body_len, rq->q->client_addr) != DB_OK) {
		rq->ev.outcome = "error";
		reply_text(rq->out, 503, "Busy; try again.\n");
		return;
	}
	rq->ev.outcome = "served";
	reply_text(rq->out, 201, "Stored.\n");
}

/* GET /overrides/<mac>-phone.cfg: what the phone uploaded, served back to
 * the phone (proven) as the last file in its chain. */
static void
serve_override(struct request *rq)
{
	const char *base = strrchr(rq->q->path, '/') + 1;
	char mac[MAC_TEXT], *body;
	size_t len;

	if (!upload_name(base, "-phone.cfg", mac) && !upload_name(base,
	    "-web.cfg", mac)) {
		rq->ev.outcome = "missing";
		reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	if (upload_owner(rq, mac) == 0)
		return;
	if ((body = provision_store_upload_get(rq->db, mac, base, &len)) ==
	    NULL) {
		rq->ev.outcome = "missing";
		reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	rq->ev.outcome = "served";
	reply_file(rq->q, rq->out, body, len, XML_TYPE);
}

static bool
is_master(const char *path, char mac12[13])
{
	int i;

	if (path[0] != '/' || strlen(path) != 17 || strcasecmp(path + 13,
	    ".cfg") != 0)
		return false;
	for (i = 0; i < 12; i++) {
		if (!isxdigit((unsigned char)path[1 + i]))
			return false;
		mac12[i] = (char)tolower((unsigned char)path[1 + i]);
	}
	mac12[12] = '\0';
	return true;
}

/* "<prefix><token>.cfg" with token of [0-9A-Za-z_-], into out. */
static bool
token_file(const char *path, const char *prefix, char *out, size_t len)
{
	size_t n = strlen(prefix), m;
	size_t i;

	if (strncmp(path, prefix, n) != 0)
		return false;
	m = strlen(path + n);
	if (m < 5 || m - 4 >= len || strcmp(path + n + m - 4, ".cfg") != 0)
		return false;
	for (i = 0; i < m - 4; i++) {
		char c = path[n + i];

		if (!isalnum((unsigned char)c) && c != '_' && c != '-')
			return false;
		out[i] = c;
	}
	out[m - 4] = '\0';
	return true;
}

static void
route(struct request *rq)
{
	const char *p = rq->q->path;
	char mac12[13], tok[96];
	size_t len;

	if (is_master(p, mac12)) {
		serve_master(rq, mac12);
	} else if (token_file(p, "/phone/", tok, sizeof(tok))) {
		serve_secret(rq, provision_store_by_guid(rq->db, tok),
		    SECRET_POLYCOM);
	} else if (strncmp(p, "/firmware/", 10) == 0) {
		serve_firmware_id(rq, p + 10);
	} else if (strchr(p + 1, '/') == NULL && strlen(p) > 10 &&
	    strcasecmp(p + strlen(p) - 9, ".i3sipcfg") == 0) {
		char name[300];

		snprintf(name, sizeof(name), "%.*s", (int)(strlen(p) - 10),
		    p + 1);
		serve_secret(rq, provision_store_by_computer_name(rq->db,
		    name), SECRET_SOFT);
	} else if (strchr(p + 1, '/') == NULL && strlen(p) > 5 &&
	    strcasecmp(p + strlen(p) - 4, ".img") == 0) {
		serve_image(rq, p + 1);
	} else if (token_file(p, "/proxy/", tok, sizeof(tok))) {
		serve_proxy(rq, tok);
	} else if (strcmp(p, "/server/xic.cfg") == 0) {
		char *body = polycom_xic_file(&len);

		rq->ev.outcome = "served";
		rq->cacheable = true;
		reply_file(rq->q, rq->out, body, len, XML_TYPE);
	} else if (strcmp(p, "/server/cert/ca.cfg") == 0) {
		char *body = polycom_ca_file(ca_pem ? ca_pem : "", &len);

		rq->ev.outcome = "served";
		rq->cacheable = true;
		reply_file(rq->q, rq->out, body, len, XML_TYPE);
	} else if (strcmp(p, "/phone1.cfg") == 0 || strcmp(p, "/sip.cfg") ==
	    0) {
		char *body = polycom_defaults_file(p + 1, &len);

		rq->ev.outcome = "served";
		rq->cacheable = true;
		reply_file(rq->q, rq->out, body, len, XML_TYPE);
	} else if (strncmp(p, "/overrides/", 11) == 0) {
		serve_override(rq);
	} else if (strchr(p + 1, '/') == NULL && serve_custom(rq, p + 1)) {
		/* served */
	} else {
		rq->ev.outcome = "missing";
		reply_text(rq->out, 404, "No such file.\n");
	}
}

/* Serve key from the cache: shared files always, a file with SIP
 * passwords only to a request proven by its credentials (anything else
 * takes the full path, which asks for the proof). */
/* A cached file that is its phone's only: the proof is checked before the
 * file is inflated, so a request without it costs what it costs on the
 * full path (and the same for every MAC). */
static bool
cache_allows(const struct provision_cached *c, void *arg)
{
	struct request *rq = arg;

	return !c->secret || check_proof(rq, c->user, c->ha1, c->basic) ==
	    PROOF_OK;
}

static bool
from_cache(struct request *rq, const char *key, uint64_t v)
{
	struct provision_cached c;

	if (!provision_cache_get(key, v, &c, cache_allows, rq))
		return false;
	if (c.secret) {
		rq->ev.fetched_config = c.config;
		rq->ev.proven = true;
		rq->ev.believed = true;
		rq->ev.up_to_date = runs(c.firmware, rq->agent.firmware);
	}
	rq->ev.phone_id = c.phone_id;
	rq->ev.outcome = "served";
	reply_file(rq->q, rq->out, c.body, c.len, c.type);
	if (rq->out->status == 304)
		rq->ev.outcome = "not_modified";
	return true;
}

/* The request's connection: the caller's, else one from the pool. */
static bool
connect_db(struct request *rq, struct db_pool *pool, struct db **borrowed)
{
	if (rq->db == NULL && pool)
		rq->db = *borrowed = db_pool_get(pool);
	if (rq->db == NULL) {
		reply_text(rq->out, 503, "Not ready.\n");
		rq->ev.outcome = "error";
		return false;
	}
	return true;
}

void
provision_handle(struct db *held, struct db_pool *pool,
    const struct provision_req *q, struct provision_reply *out)
{
	struct request rq;
	struct db *borrowed = NULL;

	memset(out, 0, sizeof(*out));
	memset(&rq, 0, sizeof(rq));
	rq.db = held;
	rq.q = q;
	rq.out = out;
	rq.now = now_unix();
	if (strlen(q->path) > 512 || strstr(q->path, "..") || strstr(q->path,
	    "//")) {
		reply_text(out, 400, "Bad path.\n");
		return;
	}
	simulating = q->simulate;
	phone_agent_parse(q->user_agent, &rq.agent);
	if (!phone_agent_path_mac(q->path, rq.mac) && rq.agent.mac[0])
		snprintf(rq.mac, sizeof(rq.mac), "%s", rq.agent.mac);
	if (strcmp(q->method, "PUT") == 0) {
		if (!connect_db(&rq, pool, &borrowed))
			goto done;
		accept_upload(&rq);
	} else if (strcmp(q->method, "GET") == 0 || strcmp(q->method, "HEAD") ==
	    0) {
		char key[1200];
		uint64_t v = provision_cache_version();
		bool tx;

		snprintf(key, sizeof(key), "%d|%s|%d|%s", q->tls, q->host ?
		    q->host : "", q->port, q->path);
		if (!simulating && from_cache(&rq, key, v))
			goto done;
		if (!connect_db(&rq, pool, &borrowed))
			goto done;
		/* One read transaction for the dozen look-ups of a file, not
		 * one lock round per statement. */
		tx = db_begin_read(rq.db) == 0;
		route(&rq);
		if (tx)
			db_commit(rq.db);
		if (rq.cacheable && !simulating && out->status == 200 &&
		    out->body) {
			rq.meta.body = out->body;
			rq.meta.len = out->len;
			rq.meta.type = out->type;
			snprintf(rq.meta.etag, sizeof(rq.meta.etag), "%s",
			    out->etag);
			provision_cache_put(key, v, &rq.meta);
			rq.meta.body = NULL;
		}
	} else
		reply_text(out, 405, "GET, HEAD and PUT only.\n");
done:
	rq.ev.mac = rq.mac[0] ? rq.mac : NULL;
	rq.ev.manufacturer = rq.agent.manufacturer;
	rq.ev.model = rq.agent.model;
	rq.ev.firmware = rq.agent.firmware;
	rq.ev.user_agent = q->user_agent;
	rq.ev.client = q->client_addr;
	rq.ev.path = q->path;
	if (rq.ev.outcome == NULL)
		rq.ev.outcome = "denied";
	if (!simulating)
		provision_log_add(&rq.ev);
	simulating = false;
	if (borrowed)
		db_pool_put(pool, borrowed);
}

int
provision_upload_seconds(void)
{
	return upload_seconds;
}

void
provision_reply_free(struct provision_reply *out)
{
	free(out->body);
	out->body = NULL;
}
