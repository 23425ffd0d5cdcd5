/* Switchboard — the provisioning server's domain side: one request in, its
 * reply out (the path routed to the file it names, the file cache first). */
#include "provision.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/db_pool.h"
#include "../../db/provision_store.h"
#include "../lib/util.h"
#include "phone_agent.h"
#include "provision_cache.h"
#include "provision_log.h"
#include "provision_polycom.h"
#include "provision_request.h"

__thread bool provision_simulating;

static char *ca_pem;	/* certificates of the appliance, read at start */
static int upload_seconds = 30;

const char *
provision_str(json_t *v)
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

void
provision_reply_text(struct provision_reply *out, int status, const char *text)
{
	reply(out, status, TEXT_TYPE, xstrdup(text), strlen(text));
}

/* 200 with an ETag, or 304 when the client has this version. */
void
provision_reply_file(const struct provision_req *q, struct provision_reply *out,
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
		provision_serve_master(rq, mac12);
	} else if (token_file(p, "/phone/", tok, sizeof(tok))) {
		provision_serve_secret(rq, provision_store_by_guid(rq->db, tok),
		    SECRET_POLYCOM);
	} else if (strncmp(p, "/firmware/", 10) == 0) {
		provision_serve_firmware_id(rq, p + 10);
	} else if (strchr(p + 1, '/') == NULL && strlen(p) > 10 &&
	    strcasecmp(p + strlen(p) - 9, ".i3sipcfg") == 0) {
		char name[300];

		int64_t id;

		snprintf(name, sizeof(name), "%.*s", (int)(strlen(p) - 10),
		    p + 1);
		id = provision_store_by_computer_name(rq->db, name);
		/* A computer name no phone has is a provisional soft phone
		 * (seed 001: auto-provisioning), adopted like a MAC. */
		if (id == 0 && strlen(name) < sizeof(rq->computer_name) &&
		    netaddr_domain_ok(name))
			memcpy(rq->computer_name, name, strlen(name) + 1);
		provision_serve_secret(rq, id, SECRET_SOFT);
	} else if (strchr(p + 1, '/') == NULL && strlen(p) > 5 &&
	    strcasecmp(p + strlen(p) - 4, ".img") == 0) {
		provision_serve_image(rq, p + 1);
	} else if (token_file(p, "/proxy/", tok, sizeof(tok))) {
		provision_serve_proxy(rq, tok);
	} else if (strcmp(p, "/server/xic.cfg") == 0) {
		char *body = polycom_xic_file(&len);

		rq->ev.outcome = "served";
		rq->cacheable = true;
		provision_reply_file(rq->q, rq->out, body, len, XML_TYPE);
	} else if (strcmp(p, "/server/cert/ca.cfg") == 0) {
		char *body = polycom_ca_file(ca_pem ? ca_pem : "", &len);

		rq->ev.outcome = "served";
		rq->cacheable = true;
		provision_reply_file(rq->q, rq->out, body, len, XML_TYPE);
	} else if (strcmp(p, "/phone1.cfg") == 0 || strcmp(p, "/sip.cfg") ==
	    0) {
		char *body = polycom_defaults_file(p + 1, &len);

		rq->ev.outcome = "served";
		rq->cacheable = true;
		provision_reply_file(rq->q, rq->out, body, len, XML_TYPE);
	} else if (strncmp(p, "/overrides/", 11) == 0) {
		provision_serve_override(rq);
	} else if (strchr(p + 1, '/') == NULL && provision_serve_custom(rq,
	    p + 1)) {
		/* served */
	} else {
		rq->ev.outcome = "missing";
		provision_reply_text(rq->out, 404, "No such file.\n");
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

	return !c->secret || provision_check_proof(rq, c->user, c->ha1,
	    c->basic) ==
	    PROOF_OK;
}

static bool
from_cache(struct request *rq, const char *key, uint64_t v)
{
	struct provision_cached c;

	if (!provision_cache_get(key, v, &c, cache_allows, rq))
		return false;
	if (c.secret) {
		rq->meta.secret = true;
		rq->ev.fetched_config = c.config;
		rq->ev.proven = true;
		rq->ev.believed = true;
		rq->ev.up_to_date = provision_runs(c.firmware,
		    rq->agent.firmware);
	}
	rq->ev.phone_id = c.phone_id;
	rq->ev.outcome = "served";
	provision_reply_file(rq->q, rq->out, c.body, c.len, c.type);
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
		provision_reply_text(rq->out, 503, "Not ready.\n");
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
		provision_reply_text(out, 400, "Bad path.\n");
		return;
	}
	provision_simulating = q->simulate;
	phone_agent_parse(q->user_agent, &rq.agent);
	if (!phone_agent_path_mac(q->path, rq.mac) && rq.agent.mac[0])
		snprintf(rq.mac, sizeof(rq.mac), "%s", rq.agent.mac);
	if (strcmp(q->method, "PUT") == 0) {
		if (!connect_db(&rq, pool, &borrowed))
			goto done;
		provision_accept_upload(&rq);
	} else if (strcmp(q->method, "GET") == 0 || strcmp(q->method, "HEAD") ==
	    0) {
		char key[1200];
		uint64_t v = provision_cache_version();
		bool tx;

		snprintf(key, sizeof(key), "%d|%s|%d|%s", q->tls, q->host ?
		    q->host : "", q->port, q->path);
		if (!provision_simulating && from_cache(&rq, key, v))
			goto done;
		if (!connect_db(&rq, pool, &borrowed))
			goto done;
		/* One read transaction for the dozen look-ups of a file, not
		 * one lock round per statement. */
		tx = db_begin_read(rq.db) == 0;
		route(&rq);
		if (tx)
			db_commit(rq.db);
		if (rq.cacheable && !provision_simulating &&
		    out->status == 200 && out->body) {
			rq.meta.body = out->body;
			rq.meta.len = out->len;
			rq.meta.type = out->type;
			snprintf(rq.meta.etag, sizeof(rq.meta.etag), "%s",
			    out->etag);
			provision_cache_put(key, v, &rq.meta);
			rq.meta.body = NULL;
		}
	} else
		provision_reply_text(out, 405, "GET, HEAD and PUT only.\n");
done:
	out->private_file = rq.meta.secret;
	rq.ev.mac = rq.mac[0] ? rq.mac : NULL;
	rq.ev.manufacturer = rq.agent.manufacturer;
	rq.ev.model = rq.agent.model;
	if (rq.computer_name[0]) {
		rq.ev.mac = rq.computer_name;
		rq.ev.manufacturer = "ININ";
		rq.ev.model = "Soft Phone";
	}
	rq.ev.firmware = rq.agent.firmware;
	rq.ev.user_agent = q->user_agent;
	rq.ev.client = q->client_addr;
	rq.ev.path = q->path;
	if (rq.ev.outcome == NULL)
		rq.ev.outcome = "denied";
	if (!provision_simulating)
		provision_log_add(&rq.ev);
	provision_simulating = false;
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
