/* Switchboard — HTTP/SIP digest authentication (RFC 7616/2617, MD5, with
 * and without qop=auth): the server side for the provisioning listeners
 * (stateless nonces, an HMAC of their time under a per-process key) and
 * the response computation a client side needs. Bounded, defensive
 * parsing of the header. */
#ifndef SB_DIGEST_H
#define SB_DIGEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define DIGEST_NONCE_TTL 300	/* seconds a nonce is accepted */

struct digest_auth {
	char	username[65];
	char	realm[65];
	char	nonce[80];
	char	uri[512];
	char	response[33];
	char	qop[16];
	char	nc[16];
	char	cnonce[80];
	char	opaque[80];
	char	algorithm[16];
};

/* Pick the per-process nonce key. Call once before threads. */
void	digest_init(void);

/* The WWW-Authenticate value for realm at now (stale: the client's
 * answer was right but its nonce is spent; it may answer a new one). */
void	digest_challenge(char *out, size_t len, const char *realm, int64_t now);
void	digest_challenge_stale(char *out, size_t len, const char *realm,
	    int64_t now, bool stale);

/* Parse 'Digest k=v, k="v", …'. 0, or -1 if it is not a digest header
 * or a value is too long. */
int	digest_parse(const char *header, struct digest_auth *a);

/* The same for a challenge (WWW- or Proxy-Authenticate): realm and nonce
 * must be there. 0 or -1. */
int	digest_parse_challenge(const char *header, struct digest_auth *a);

/* What a check of an Authorization header found. */
#define DIGEST_OK	0
#define DIGEST_INVALID	-1	/* wrong password, realm, or not our nonce */
#define DIGEST_STALE	1	/* right, but the nonce is past its time or
				   this nonce and nc were used already */

/* DIGEST_OK when a answers our nonce for realm with password; else
 * DIGEST_INVALID or DIGEST_STALE. A nonce and nc pair (a nonce alone
 * without qop) is accepted once: a replayed header is stale. Thread-safe. */
int	digest_verify(const struct digest_auth *a, const char *realm,
	    const char *method, const char *password, int64_t now);

/* As digest_verify, from HA1 = MD5(user:realm:password) instead of the
 * password (what a cache may keep). */
int	digest_verify_ha1(const struct digest_auth *a, const char *realm,
	    const char *method, const char *ha1, int64_t now);
/* Forget which nonces were used (tests). */
void	digest_forget_used(void);

void	digest_ha1(const char *user, const char *realm, const char *password,
	    char out[33]);

/* The response a client sends (32 hex digits and NUL into out): qop ""
 * for the RFC 2069 form. */
void	digest_response(const char *user, const char *realm,
	    const char *password, const char *method, const char *uri,
	    const char *nonce, const char *qop, const char *nc,
	    const char *cnonce, char out[33]);

#endif
