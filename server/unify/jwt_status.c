/* Switchboard — the JWT status of seed 003 (2.5): a pasted token read
 * part by part, and its time claims judged against the clock. */
#include "jwt_status.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/util.h"

enum jwt_state {
	JWT_NOT_SET, JWT_ACTIVE, JWT_INVALID, JWT_EXPIRING, JWT_EXPIRED
};

/* The seed's table, word for word. */
static const struct {
	const char	*status;
	const char	*description;
} states[] = {
	[JWT_NOT_SET] = { "Not set", "JWT is not set. Unify Phone will not "
	    "be functional for your tenant." },
	[JWT_ACTIVE] = { "Active", "JWT is active. Unify Phone will be "
	    "functional for your tenant." },
	[JWT_INVALID] = { "Invalid token", "JWT has invalidated. Unify Phone "
	    "will not be functional for your tenant as a result." },
	[JWT_EXPIRING] = { "Expiring", "JWT is about to expire. The JWT "
	    "status will change to Expiring one month before the expiration "
	    "date." },
	[JWT_EXPIRED] = { "Expired", "JWT has expired. Unify Phone will not "
	    "be functional for your tenant as a result." },
};

/* The time claims; 0 where a claim is absent. */
struct jwt_times {
	int64_t	 exp, nbf, iat;
};

/* What a pasted character that has no place in a token is called. */
static const char *
stray_name(unsigned char ch)
{
	if (ch == ' ')
		return "a space";
	if (ch == '\n' || ch == '\r')
		return "a line break";
	if (ch == '\t')
		return "a tab";
	return "a control character";
}

/* Decode one base64url part (no padding) of n characters into a new
 * buffer of *len bytes (plus a NUL), wiped and freed by the caller; NULL
 * when it is not base64url. */
static unsigned char *
decode_part(const char *p, size_t n, size_t *len)
{
	unsigned char *out = xmalloc(n + 1);
	const char *end = NULL;

	if (sodium_base642bin(out, n + 1, p, n, NULL, len, &end,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || end != p + n) {
		sodium_memzero(out, n + 1);
		free(out);
		return NULL;
	}
	out[*len] = '\0';
	return out;
}

/* A part decoded and parsed as a JSON object: new reference, or NULL with
 * the refusal. */
static json_t *
json_part(const char *p, size_t n, const char *name, struct refusals *rs)
{
	unsigned char *raw;
	size_t len;
	json_t *v;

	if ((raw = decode_part(p, n, &len)) == NULL) {
		refuse(rs, "invalid_field", "token", "The %s is not base64url "
		    "(A-Z, a-z, 0-9, '-' and '_', without padding).", name);
		return NULL;
	}
	v = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
	sodium_memzero(raw, len);
	free(raw);
	if (!json_is_object(v)) {
		json_decref(v);
		refuse(rs, "invalid_field", "token", "The %s is not a JSON "
		    "object.", name);
		return NULL;
	}
	return v;
}

/* A NumericDate claim of payload: 0 with *out (0 when absent and not
 * required), or -1 with the refusal. */
static int
numeric_date(json_t *payload, const char *claim, const char *what,
    bool required, int64_t *out, struct refusals *rs)
{
	json_t *v = json_object_get(payload, claim);
	double d;

	*out = 0;
	if (v == NULL) {
		if (!required)
			return 0;
		return refuse(rs, "invalid_field", "token", "The payload has "
		    "no %s (%s): the JWT creation portal's tokens expire.",
		    what, claim);
	}
	if (!json_is_number(v))
		return refuse(rs, "invalid_field", "token", "The %s (%s) is "
		    "not a number of seconds since 1970 (NumericDate).", what,
		    claim);
	d = json_number_value(v);
	if (d >= (double)JWT_MAX_NUMERICDATE)
		return refuse(rs, "invalid_field", "token", "The %s (%s) looks "
		    "like milliseconds: a NumericDate counts seconds since "
		    "1970.", what, claim);
	if (!(d >= 1))
		return refuse(rs, "invalid_field", "token", "The %s (%s) is "
		    "not a time after 1970.", what, claim);
	*out = (int64_t)d;	/* a fraction of a second is dropped */
	return 0;
}

json_t *
jwt_read(const char *token, struct refusals *rs)
{
	const char *part[3];
	size_t plen[3], len = strnlen(token, JWT_MAX_LEN + 1), i, n = 0;
	json_t *header = NULL, *payload = NULL, *out = NULL;
	struct jwt_times t;
	const char *p;

	if (len > JWT_MAX_LEN) {
		refuse(rs, "too_long", "token", "The token is longer than %d "
		    "characters: a JWT from the JWT creation portal is far "
		    "shorter.", JWT_MAX_LEN);
		return NULL;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)token[i];

		if (ch <= ' ' || ch == 0x7f) {
			refuse(rs, "invalid_field", "token", "The token holds "
			    "%s at character %zu: paste the JWT alone, as the "
			    "portal copied it.", stray_name(ch), i + 1);
			return NULL;
		}
	}
	for (p = token; n < 3; n++) {
		const char *dot = strchr(p, '.');

		part[n] = p;
		plen[n] = dot ? (size_t)(dot - p) : strlen(p);
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	if (n != 2) {
		size_t dots = 0;

		for (p = token; *p; p++)
			dots += *p == '.';
		refuse(rs, "invalid_field", "token", "A JWT has three parts "
		    "separated by dots (header.payload.signature); this one "
		    "has %zu.", dots + 1);
		return NULL;
	}
	if ((header = json_part(part[0], plen[0], "header", rs)) == NULL)
		goto out;
	if (!json_is_string(json_object_get(header, "alg")) ||
	    json_string_length(json_object_get(header, "alg")) == 0) {
		refuse(rs, "invalid_field", "token", "The header names no "
		    "signing algorithm (alg).");
		goto out;
	}
	if ((payload = json_part(part[1], plen[1], "payload", rs)) == NULL)
		goto out;
	if (plen[2] == 0) {
		refuse(rs, "invalid_field", "token", "The signature is empty: "
		    "the token is not signed.");
		goto out;
	}
	{
		size_t slen;
		unsigned char *sig = decode_part(part[2], plen[2], &slen);

		if (sig == NULL) {
			refuse(rs, "invalid_field", "token", "The signature is "
			    "not base64url (A-Z, a-z, 0-9, '-' and '_', without "
			    "padding).");
			goto out;
		}
		free(sig);
	}
	if (numeric_date(payload, "exp", "expiry", true, &t.exp, rs) != 0 ||
	    numeric_date(payload, "nbf", "start of validity", false, &t.nbf,
	    rs) != 0 ||
	    numeric_date(payload, "iat", "issue time", false, &t.iat, rs) != 0)
		goto out;
	out = json_pack("{s:I}", "exp", (json_int_t)t.exp);
	if (t.nbf)
		json_object_set_new(out, "nbf", json_integer(t.nbf));
	if (t.iat)
		json_object_set_new(out, "iat", json_integer(t.iat));
out:
	json_decref(header);
	json_decref(payload);
	return out;
}

static bool
leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int64_t
jwt_expiring_from(int64_t exp)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	time_t t = (time_t)exp;
	struct tm tm;
	int last;

	gmtime_r(&t, &tm);
	if (--tm.tm_mon < 0) {
		tm.tm_mon = 11;
		tm.tm_year--;
	}
	last = days[tm.tm_mon] + (tm.tm_mon == 1 && leap(tm.tm_year + 1900));
	if (tm.tm_mday > last)
		tm.tm_mday = last;
	return (int64_t)timegm(&tm);
}

/* Claims as jwt_read makes them into t: 0, or -1 when they do not read. */
static int
times_of(json_t *claims, struct jwt_times *t)
{
	const char *names[] = { "exp", "nbf", "iat" };
	int64_t *v[] = { &t->exp, &t->nbf, &t->iat };
	size_t i;

	for (i = 0; i < 3; i++) {
		json_t *c = json_object_get(claims, names[i]);

		*v[i] = 0;
		if (c == NULL && i > 0)
			continue;
		if (!json_is_integer(c) || json_integer_value(c) < 1 ||
		    json_integer_value(c) >= JWT_MAX_NUMERICDATE)
			return -1;
		*v[i] = json_integer_value(c);
	}
	return 0;
}

static json_t *
utc_or_null(int64_t t)
{
	char buf[32];

	if (t == 0)
		return json_null();
	format_utc(t, buf, sizeof(buf));
	return json_string(buf);
}

/* The answer for state; t NULL when no claims are known. */
static json_t *
answer(enum jwt_state s, const char *reason, const struct jwt_times *t)
{
	return json_pack("{s:b,s:s,s:s,s:s?,s:o,s:o,s:o,s:o,s:b,s:s}",
	    "set", s != JWT_NOT_SET,
	    "status", states[s].status,
	    "description", states[s].description,
	    "reason", reason,
	    "expires_at", utc_or_null(t ? t->exp : 0),
	    "expiring_from", utc_or_null(t ? jwt_expiring_from(t->exp) : 0),
	    "not_before", utc_or_null(t ? t->nbf : 0),
	    "issued_at", utc_or_null(t ? t->iat : 0),
	    "signature_verified", 0,
	    "signature_note", JWT_SIGNATURE_NOTE);
}

json_t *
jwt_status_of(json_t *claims, int64_t now)
{
	struct jwt_times t;
	char reason[160], at[32];
	json_t *out;

	if (claims == NULL)
		return answer(JWT_NOT_SET, NULL, NULL);
	if (times_of(claims, &t) != 0)
		return answer(JWT_INVALID, "The stored token's claims cannot be "
		    "read: paste the JWT again.", NULL);
	if (t.nbf && t.nbf > now + JWT_LEEWAY_SECONDS) {
		format_utc_text(t.nbf, at, sizeof(at));
		snprintf(reason, sizeof(reason), "The token is not valid before "
		    "%s (nbf).", at);
		return answer(JWT_INVALID, reason, &t);
	}
	format_utc_text(t.exp, at, sizeof(at));
	if (now >= t.exp) {
		snprintf(reason, sizeof(reason), "The token expired at %s.", at);
		out = answer(JWT_EXPIRED, reason, &t);
	} else if (now >= jwt_expiring_from(t.exp)) {
		snprintf(reason, sizeof(reason), "The token expires at %s: "
		    "create a new one before then.", at);
		out = answer(JWT_EXPIRING, reason, &t);
	} else
		out = answer(JWT_ACTIVE, NULL, &t);
	return out;
}

json_t *
jwt_status(const char *token, int64_t now)
{
	struct refusals rs;
	json_t *claims, *out;

	if (token == NULL || token[0] == '\0')
		return jwt_status_of(NULL, now);
	refusals_init(&rs);
	if ((claims = jwt_read(token, &rs)) == NULL)
		out = answer(JWT_INVALID, rs.n ? rs.v[0].message : NULL, NULL);
	else
		out = jwt_status_of(claims, now);
	json_decref(claims);
	refusals_release(&rs);
	return out;
}

json_t *
jwt_record(const char *sealed, json_t *claims, const char *by, int64_t at)
{
	return json_pack("{s:s,s:O,s:s,s:o}", "token_sealed", sealed,
	    "claims", claims, "set_by", by, "set_at", utc_or_null(at));
}

json_t *
jwt_status_stored(json_t *record, int64_t now)
{
	json_t *claims = json_object_get(record, "claims"), *out, *v;
	const char *keys[] = { "set_by", "set_at" };
	size_t i;

	out = jwt_status_of(record == NULL ? NULL : claims ? claims :
	    json_null(), now);
	for (i = 0; i < 2; i++) {
		v = json_object_get(record, keys[i]);
		json_object_set_new(out, keys[i], v ? json_incref(v) :
		    json_null());
	}
	return out;
}

json_t *
jwt_status_table(void)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		json_array_append_new(out, json_pack("{s:s,s:s}", "status",
		    states[i].status, "description", states[i].description));
	return out;
}
