/* Switchboard — whether a request is the phone it says it is: its
 * credentials (digest, Basic over TLS), first contact from a trusted
 * network, and the one answer (401, or 429 once the address has failed too
 * often) for anything else. */
#include "provision_request.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/phone_store.h"
#include "../../db/provision_store.h"
#include "../../db/settings_store.h"
#include "../lib/digest.h"
#include "../lib/log.h"
#include "../lib/netaddr.h"
#include "../lib/seal.h"
#include "../lib/util.h"
#include "../phones/phone_input.h"
#include "provision_cache.h"
#include "provision_log.h"
#include "provision_throttle.h"

/* A wrong proof, or a proof for a phone that is not there: one token of
 * the address's budget. false when the budget is spent (answer 429). */
static bool
strike(const char *addr, const char *why, const char *path)
{
	bool ok;

	if (provision_simulating)
		return true;
	ok = provision_throttle_take(addr, THROTTLE_PROOF_BURST,
	    now_mono_ms());
	log_event(ok ? LOG_INFO : LOG_WARN, ok ? "provision.strike" :
	    "provision.throttled", "address", addr, "reason", why, "path",
	    path, NULL);
	return ok;
}

/* ---- a phone's credentials. */

char *
provision_open_secret(const char *context, const char *sealed)
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
char *
provision_password(struct db *db, int64_t id)
{
	char *sealed = provision_store_password(db, id), *pw;
	char fresh[25];

	if (sealed == NULL && provision_simulating)
		return xstrdup("(made at the phone's first fetch)");
	if (sealed == NULL) {
		phone_input_new_password(fresh);
		sealed = seal_box(PHONE_PROV_SECRET_CONTEXT, fresh,
		    strlen(fresh));
		if (sealed == NULL || phone_store_set_prov_password(db, id,
		    sealed) != DB_OK) {
			free(sealed);
			sodium_memzero(fresh, sizeof(fresh));
			return NULL;
		}
		sodium_memzero(fresh, sizeof(fresh));
		provision_cache_bump();
	}
	pw = provision_open_secret(PHONE_PROV_SECRET_CONTEXT, sealed);
	free(sealed);
	return pw;
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

/* Did the request prove it is the phone whose credentials these are?
 * HTTP digest (HA1 = MD5(user:realm:password)), each nonce and nc once,
 * or Basic over TLS only (in the clear it would give the password away),
 * checked against a BLAKE2b of "user:password". The password itself is
 * not needed, so the cache can answer too. */
enum proof
provision_check_proof(struct request *rq, const char *user, const char *ha1,
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
void
provision_deny(struct request *rq, enum proof p, const char *why)
{
	if (p == PROOF_WRONG && !strike(rq->q->client_addr, why,
	    rq->q->path)) {
		rq->out->retry_after = provision_throttle_wait(
		    rq->q->client_addr, now_mono_ms());
		if (rq->out->retry_after < 1)
			rq->out->retry_after = 1;
		rq->ev.outcome = "throttled";
		provision_reply_text(rq->out, 429, "Too many failed proofs "
		    "from this address.\n");
		return;
	}
	digest_challenge_stale(rq->out->challenge, sizeof(rq->out->challenge),
	    PROVISION_REALM, rq->now, p == PROOF_STALE);
	rq->ev.outcome = "denied";
	provision_reply_text(rq->out, 401, "This file is served to its phone "
	    "only.\n");
}

/* The work of looking up a phone's credentials (its keys, the sealed
 * password opened), spent on nothing: a phone that is not there costs
 * the time one that is does. */
static char *decoy_sealed;	/* a password nobody has, sealed once */

static void
decoy_seal(void)
{
	static const char pw[] = "decoy-password-24-chars!";

	decoy_sealed = seal_box(PHONE_PROV_SECRET_CONTEXT, pw, sizeof(pw) - 1);
}

static void
decoy_credentials(struct request *rq)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char *open;
	size_t n;

	pthread_once(&once, decoy_seal);
	json_decref(provision_store_keys(rq->db, INT64_MAX));
	if (decoy_sealed && (open = seal_open(PHONE_PROV_SECRET_CONTEXT,
	    decoy_sealed, &n)) != NULL) {
		basic_hash("000000000000", open, rq->meta.basic);
		seal_free(open, n);
	}
}

/* A request for a phone that is not there: checked against credentials
 * nobody has (as much work as a real check), then denied like any other
 * request without proof. */
void
provision_deny_unknown(struct request *rq)
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
	p = provision_check_proof(rq, user, ha1, nobody);
	provision_deny(rq, p == PROOF_NONE ? p : PROOF_WRONG, "unknown phone");
	if (rq->ev.outcome && strcmp(rq->ev.outcome, "denied") == 0)
		rq->ev.outcome = "unknown";
}

/* Fill rq->meta's user, ha1 and basic from phone id's provisioning
 * credentials (user: the MAC digits or computer name). 0 or -1. */
int
provision_phone_credentials(struct request *rq, int64_t id, const char *user)
{
	char *pw = provision_password(rq->db, id);

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
enum proof
provision_admitted(struct request *rq, int64_t id, json_t *keys,
    bool *by_trust)
{
	enum proof p = provision_simulating ? PROOF_OK :
	    provision_check_proof(rq, rq->meta.user, rq->meta.ha1,
	    rq->meta.basic);

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
