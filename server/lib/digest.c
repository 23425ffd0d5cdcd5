/* Switchboard — digest authentication. */
#include "digest.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static unsigned char nonce_key[crypto_auth_hmacsha256_KEYBYTES];

void
digest_init(void)
{
	crypto_auth_hmacsha256_keygen(nonce_key);
}

static void
hex(const unsigned char *in, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[i * 2] = d[in[i] >> 4];
		out[i * 2 + 1] = d[in[i] & 15];
	}
	out[n * 2] = '\0';
}

/* MD5 of the parts joined with ':' as 32 hex digits. */
static void
md5_hex(char out[33], int nparts, const char *const *parts)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	int i;

	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	for (i = 0; i < nparts; i++) {
		if (i)
			EVP_DigestUpdate(ctx, ":", 1);
		EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]));
	}
	EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	hex(md, 16, out);
}

/* nonce = 16 hex digits of the time, then 24 of its HMAC. */
/* A nonce is 56 hex digits: the time it was made (16), 64 random bits (16)
 * and an HMAC of both under the per-process key (24). The random part
 * makes every challenge's nonce its own, so that "this nonce and nc were
 * used" means one client's one request. */
#define NONCE_LEN 56

static void
nonce_mac(const char *head, char out[25])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)head, 32,
	    nonce_key);
	hex(mac, 12, out);
}

static void
make_nonce(int64_t t, char out[NONCE_LEN + 1])
{
	unsigned char r[8];
	char head[33];

	randombytes_buf(r, sizeof(r));
	snprintf(head, sizeof(head), "%016llx", (unsigned long long)t);
	hex(r, sizeof(r), head + 16);
	memcpy(out, head, 32);
	nonce_mac(head, out + 32);
}

/* The time a nonce of ours was made, or -1 if we did not make it. */
static int64_t
nonce_time(const char *nonce)
{
	char head[33], want[25], *end;
	unsigned long long t;

	if (strlen(nonce) != NONCE_LEN)
		return -1;
	memcpy(head, nonce, 32);
	head[32] = '\0';
	nonce_mac(head, want);
	if (sodium_memcmp(want, nonce + 32, 24) != 0)
		return -1;
	head[16] = '\0';
	t = strtoull(head, &end, 16);
	return *end == '\0' && t < (1ULL << 62) ? (int64_t)t : -1;
}

/* ---- used (user, nonce, nc) triples: a response is accepted once. */

#define SEEN_SLOTS 65536	/* a boot storm of 10,000 phones uses 20,000 */
#define SEEN_PROBE 64

struct seen {
	unsigned char	key[16];	/* BLAKE2b of user and nonce */
	int64_t		made;		/* the nonce's time; 0: free slot */
	uint32_t	top;		/* highest nc accepted */
	uint64_t	below;		/* bit i: nc top - 1 - i accepted */
};

static struct seen seen[SEEN_SLOTS];
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

/* Record nc for (user, nonce); false when it was used already, or when
 * the table has no room (then the client is asked again, fail closed).
 * Requests may overtake each other on parallel connections, so the 64 nc
 * values below the highest are remembered one by one. */
static bool
first_use(const char *user, const char *nonce, int64_t made, uint32_t nc,
    int64_t now)
{
	crypto_generichash_state st;
	unsigned char key[16];
	struct seen *s, *free_slot = NULL;
	uint32_t h, i;
	bool ok = false;

	crypto_generichash_init(&st, NULL, 0, sizeof(key));
	crypto_generichash_update(&st, (const unsigned char *)user,
	    strlen(user) + 1);
	crypto_generichash_update(&st, (const unsigned char *)nonce,
	    strlen(nonce));
	crypto_generichash_final(&st, key, sizeof(key));
	memcpy(&h, key, sizeof(h));
	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < SEEN_PROBE; i++) {
		s = &seen[(h + i) % SEEN_SLOTS];
		if (s->made != 0 && now - s->made > DIGEST_NONCE_TTL)
			s->made = 0;	/* expired: the nonce is refused anyway */
		if (s->made == 0) {
			if (free_slot == NULL)
				free_slot = s;
			continue;
		}
		if (memcmp(s->key, key, sizeof(key)) != 0)
			continue;
		if (nc > s->top) {
			uint32_t d = nc - s->top;

			s->below = d >= 64 ? 0 : (s->below << d) |
			    (1ULL << (d - 1));
			s->top = nc;
			ok = true;
		} else if (nc < s->top && s->top - nc <= 64 &&
		    !(s->below & (1ULL << (s->top - nc - 1)))) {
			s->below |= 1ULL << (s->top - nc - 1);
			ok = true;
		}
		goto out;
	}
	if (free_slot) {
		memcpy(free_slot->key, key, sizeof(key));
		free_slot->made = made > 0 ? made : 1;
		free_slot->top = nc;
		free_slot->below = 0;
		ok = true;
	}
out:
	pthread_mutex_unlock(&seen_lock);
	return ok;
}

void
digest_forget_used(void)
{
	pthread_mutex_lock(&seen_lock);
	memset(seen, 0, sizeof(seen));
	pthread_mutex_unlock(&seen_lock);
}

void
digest_challenge(char *out, size_t len, const char *realm, int64_t now)
{
	digest_challenge_stale(out, len, realm, now, false);
}

void
digest_challenge_stale(char *out, size_t len, const char *realm, int64_t now,
    bool stale)
{
	char nonce[NONCE_LEN + 1];

	make_nonce(now, nonce);
	snprintf(out, len, "Digest realm=\"%s\", qop=\"auth\", algorithm=MD5, "
	    "nonce=\"%s\"%s", realm, nonce, stale ? ", stale=true" : "");
}

static int
parse_fields(const char *h, struct digest_auth *a)
{
	const char *p = h;

	memset(a, 0, sizeof(*a));
	if (h == NULL || strncasecmp(p, "Digest", 6) != 0 || !isspace(
	    (unsigned char)p[6]))
		return -1;
	p += 7;
	while (*p) {
		const char *k, *v;
		size_t kn, vn;
		char *dst = NULL;
		size_t cap = 0;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		k = p;
		while (*p && *p != '=' && *p != ' ')
			p++;
		kn = (size_t)(p - k);
		if (*p != '=')
			return -1;
		p++;
		if (*p == '"') {
			v = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"')
				return -1;
			vn = (size_t)(p - v);
			p++;
		} else {
			v = p;
			while (*p && *p != ',' && *p != ' ')
				p++;
			vn = (size_t)(p - v);
		}
#define KEY(name, field) if (kn == strlen(name) && strncasecmp(k, name, kn) \
	== 0) { dst = a->field; cap = sizeof(a->field); }
		KEY("username", username)
		else KEY("realm", realm)
		else KEY("nonce", nonce)
		else KEY("uri", uri)
		else KEY("response", response)
		else KEY("qop", qop)
		else KEY("nc", nc)
		else KEY("cnonce", cnonce)
		else KEY("opaque", opaque)
		else KEY("algorithm", algorithm)
#undef KEY
		if (dst && mem_copy_whole(dst, cap, v, vn) != 0)
			return -1;
	}
	return 0;
}

int
digest_parse(const char *h, struct digest_auth *a)
{
	if (parse_fields(h, a) != 0)
		return -1;
	return a->username[0] && a->nonce[0] && a->response[0] ? 0 : -1;
}

int
digest_parse_challenge(const char *h, struct digest_auth *a)
{
	if (parse_fields(h, a) != 0)
		return -1;
	return a->realm[0] && a->nonce[0] ? 0 : -1;
}

void
digest_ha1(const char *user, const char *realm, const char *password,
    char out[33])
{
	const char *p1[] = { user, realm, password };

	md5_hex(out, 3, p1);
}

static void
response_ha1(const char *ha1, const char *method, const char *uri,
    const char *nonce, const char *qop, const char *nc, const char *cnonce,
    char out[33])
{
	char ha2[33];
	const char *p2[] = { method, uri };

	md5_hex(ha2, 2, p2);
	if (qop && qop[0]) {
		const char *p[] = { ha1, nonce, nc, cnonce, qop, ha2 };

		md5_hex(out, 6, p);
	} else {
		const char *p[] = { ha1, nonce, ha2 };

		md5_hex(out, 3, p);
	}
}

void
digest_response(const char *user, const char *realm, const char *password,
    const char *method, const char *uri, const char *nonce, const char *qop,
    const char *nc, const char *cnonce, char out[33])
{
	char ha1[33];

	digest_ha1(user, realm, password, ha1);
	response_ha1(ha1, method, uri, nonce, qop, nc, cnonce, out);
}

int
digest_verify(const struct digest_auth *a, const char *realm,
    const char *method, const char *password, int64_t now)
{
	char ha1[33];

	digest_ha1(a->username, realm, password, ha1);
	return digest_verify_ha1(a, realm, method, ha1, now);
}

int
digest_verify_ha1(const struct digest_auth *a, const char *realm,
    const char *method, const char *ha1, int64_t now)
{
	char resp[33], *end;
	int64_t t;
	unsigned long nc = 0;

	if (strcmp(a->realm, realm) != 0 || (a->algorithm[0] &&
	    strcasecmp(a->algorithm, "MD5") != 0) || (a->qop[0] &&
	    strcmp(a->qop, "auth") != 0) || (t = nonce_time(a->nonce)) < 0)
		return DIGEST_INVALID;
	if (a->qop[0]) {
		if (strlen(a->nc) != 8)
			return DIGEST_INVALID;
		nc = strtoul(a->nc, &end, 16);
		if (*end != '\0' || nc == 0)
			return DIGEST_INVALID;
	}
	response_ha1(ha1, method, a->uri, a->nonce, a->qop, a->nc, a->cnonce,
	    resp);
	if (strlen(a->response) != 32 || sodium_memcmp(resp, a->response,
	    32) != 0)
		return DIGEST_INVALID;
	/* The right answer, but to a nonce past its time or one already
	 * used with this nc: the client may ask again (stale). */
	if (t > now + 5 || now - t > DIGEST_NONCE_TTL || !first_use(
	    a->username, a->nonce, t, (uint32_t)nc, now))
		return DIGEST_STALE;
	return DIGEST_OK;
}
