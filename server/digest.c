/* Switchboard — digest authentication. */
#include "digest.h"

#include <ctype.h>
#include <openssl/evp.h>
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
static void
make_nonce(int64_t t, char out[41])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char ts[17];

	snprintf(ts, sizeof(ts), "%016llx", (unsigned long long)t);
	crypto_auth_hmacsha256(mac, (const unsigned char *)ts, 16, nonce_key);
	memcpy(out, ts, 16);
	hex(mac, 12, out + 16);
}

void
digest_challenge(char *out, size_t len, const char *realm, int64_t now)
{
	char nonce[41];

	make_nonce(now, nonce);
	snprintf(out, len, "Digest realm=\"%s\", qop=\"auth\", algorithm=MD5, "
	    "nonce=\"%s\"", realm, nonce);
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
	char want[41], resp[33];
	unsigned long long t;
	char *end;

	if (strcmp(a->realm, realm) != 0 || strlen(a->nonce) != 40 ||
	    (a->algorithm[0] && strcasecmp(a->algorithm, "MD5") != 0) ||
	    (a->qop[0] && strcmp(a->qop, "auth") != 0))
		return -1;
	{
		char ts[17];

		memcpy(ts, a->nonce, 16);
		ts[16] = '\0';
		t = strtoull(ts, &end, 16);
		if (*end != '\0')
			return -1;
	}
	make_nonce((int64_t)t, want);
	if (sodium_memcmp(want, a->nonce, 40) != 0 || (int64_t)t > now + 5 ||
	    now - (int64_t)t > DIGEST_NONCE_TTL)
		return -1;
	response_ha1(ha1, method, a->uri, a->nonce, a->qop, a->nc, a->cnonce,
	    resp);
	return sodium_memcmp(resp, a->response, 32) == 0 &&
	    strlen(a->response) == 32 ? 0 : -1;
}
