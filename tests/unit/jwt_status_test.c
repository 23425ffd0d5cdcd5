/* Unit tests of the JWT status (seed 003, 2.5): tokens made here from
 * their parts (base64url without padding, as libsodium writes it), each
 * malformed form refused naming the part that failed, and the time
 * claims against the clock: Expired at exp, Expiring from one calendar
 * month before (the day clamped to the month's end), nbf with its
 * leeway. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unify/jwt_status.h"
#include "test.h"

#define HEADER "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"
#define SIG "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c"

/* 2027-03-31T12:00:00Z and the same time on 28 February 2027. */
#define END_MARCH_2027 1806494400LL
#define END_FEB_2027 1803816000LL
/* 2028-03-31T12:00:00Z and 29 February 2028 (a leap year). */
#define END_MARCH_2028 1838116800LL
#define END_FEB_2028 1835438400LL
/* 2027-05-31T00:00:00Z and 2027-04-30T00:00:00Z. */
#define END_MAY_2027 1811721600LL
#define END_APRIL_2027 1809043200LL
/* 2027-01-15T08:30:00Z and a month before. */
#define MID_JAN_2027 1800001800LL
#define MID_DEC_2026 1797323400LL

static char buf[3][4096];

/* The base64url text (no padding) of n bytes into the next buffer. */
static const char *
b64(const void *p, size_t n)
{
	static int i;
	char *out = buf[i++ % 3];

	sodium_bin2base64(out, sizeof(buf[0]), p, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* header.payload.signature from the JSON texts; the caller frees. */
static char *
token(const char *header, const char *payload)
{
	char *t = malloc(12288);

	snprintf(t, 12288, "%s", b64(header, strlen(header)));
	strcat(t, ".");
	strcat(t, b64(payload, strlen(payload)));
	strcat(t, ".");
	strcat(t, b64(SIG, sizeof(SIG) - 1));
	return t;
}

static char *
with_exp(long long exp)
{
	char p[128];

	snprintf(p, sizeof(p), "{\"sub\":\"tenant\",\"exp\":%lld}", exp);
	return token(HEADER, p);
}

static json_t *last;

/* The status of t at now (t freed); the answer is kept in last. CHECK_STR
 * evaluates its argument twice: pass a token made in the call. */
static const char *
status(char *t, int64_t now)
{
	json_decref(last);
	last = jwt_status(t, now);
	free(t);
	return json_string_value(json_object_get(last, "status"));
}

static const char *
field(const char *key)
{
	return json_string_value(json_object_get(last, key));
}

/* The refusal jwt_read gives t (freed), or "" when it reads. */
static char reason[400];

static const char *
refusal(char *t)
{
	struct refusals rs;
	json_t *c;

	refusals_init(&rs);
	c = jwt_read(t, &rs);
	snprintf(reason, sizeof(reason), "%s", rs.n ? rs.v[0].message : "");
	if (rs.n && strcmp(rs.v[0].field, "token") != 0)
		snprintf(reason, sizeof(reason), "(field %s)", rs.v[0].field);
	json_decref(c);
	refusals_release(&rs);
	free(t);
	return reason;
}

static bool
has(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

/* Header and payload that do not make a JWT, what the refusal says and
 * what the case is. */
static const struct {
	const char	*header, *payload, *says, *what;
} parts[] = {
	{ "not json", "{\"exp\":1900000000}", "header is not a JSON object",
	    "header not JSON" },
	{ HEADER, "{\"exp\":1900000000", "payload is not a JSON object",
	    "payload not JSON" },
	{ HEADER, "[1900000000]", "payload is not a JSON object",
	    "payload a JSON array" },
	{ "{\"typ\":\"JWT\"}", "{\"exp\":1900000000}", "(alg)",
	    "a header without alg" },
	{ HEADER, "{\"sub\":\"x\"}", "no expiry (exp)", "no exp" },
	{ HEADER, "{\"exp\":\"1900000000\"}", "(exp) is not a number",
	    "exp a string" },
	{ HEADER, "{\"exp\":1900000000000}", "milliseconds",
	    "exp in milliseconds" },
	{ HEADER, "{\"exp\":0}", "(exp) is not a time after 1970",
	    "exp 0 is no date" },
	{ HEADER, "{\"exp\":1900000000,\"nbf\":\"soon\"}",
	    "(nbf) is not a number", "nbf a string" },
	{ HEADER, "{\"exp\":1900000000,\"iat\":1700000000000}",
	    "(iat) looks like milliseconds", "iat in milliseconds" },
};

int
main(void)
{
	int64_t now = MID_JAN_2027;
	char *t, *big;
	size_t i;

	if (sodium_init() < 0)
		return 1;

	/* Nothing pasted. */
	CHECK_STR(status(NULL, now), "Not set", "no token: Not set");
	CHECK_STR(field("description"), "JWT is not set. Unify Phone will "
	    "not be functional for your tenant.", "the seed's words");
	CHECK(json_is_false(json_object_get(last, "set")), "set: false");
	CHECK_STR(status(strdup(""), now), "Not set", "empty: Not set");

	/* Form. */
	CHECK(has(refusal(strdup("abc.def")), "three parts"),
	    "two parts are refused");
	CHECK(has(reason, "has 2"), "and it says how many");
	CHECK(has(refusal(strdup("a.b.c.d")), "has 4"),
	    "four parts are refused");
	t = with_exp(now + 86400 * 90);
	t[3] = '+';
	CHECK(has(refusal(t), "header is not base64url"),
	    "a + in the header is not base64url");
	t = with_exp(now + 86400 * 90);
	strcat(t, "=");
	CHECK(has(refusal(t), "signature is not base64url"),
	    "padding is not base64url without padding");
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		CHECK(has(refusal(token(parts[i].header, parts[i].payload)),
		    parts[i].says), parts[i].what);
	CHECK_STR(refusal(token(HEADER, "{\"exp\":1900000000.5}")), "",
	    "a NumericDate may have a fraction");
	t = with_exp(now + 86400 * 90);
	*strrchr(t, '.') = '\0';
	strcat(t, ".");
	CHECK(has(refusal(t), "signature is empty"), "an unsigned token");
	t = with_exp(now + 86400 * 90);
	big = malloc(strlen(t) + 3);
	snprintf(big, strlen(t) + 3, "%.*s %s", 10, t, t + 10);
	CHECK(has(refusal(big), "space"), "a space inside is refused");
	big = malloc(strlen(t) + 3);
	snprintf(big, strlen(t) + 3, "%s\n", t);
	CHECK(has(refusal(big), "line break"), "so is a line break");
	free(t);
	big = malloc(JWT_MAX_LEN + 2);
	memset(big, 'a', JWT_MAX_LEN + 1);
	big[JWT_MAX_LEN + 1] = '\0';
	CHECK(has(refusal(big), "8192"), "more than 8192 characters");

	/* A malformed token's status is Invalid token, with the reason. */
	CHECK_STR(status(strdup("a.b"), now), "Invalid token",
	    "malformed: Invalid token");
	CHECK(has(field("reason"), "three parts"), "the reason comes along");
	CHECK_STR(field("description"), "JWT has invalidated. Unify Phone "
	    "will not be functional for your tenant as a result.",
	    "the seed's words for Invalid token");

	/* exp against the clock. */
	CHECK_STR(status(with_exp(now), now), "Expired",
	    "exp exactly now: Expired");
	CHECK_STR(field("description"), "JWT has expired. Unify Phone will "
	    "not be functional for your tenant as a result.",
	    "the seed's words for Expired");
	CHECK_STR(status(with_exp(now + 1), now), "Expiring",
	    "exp a second away: not Expired yet");
	CHECK_STR(field("description"), "JWT is about to expire. The JWT "
	    "status will change to Expiring one month before the expiration "
	    "date.", "the seed's words for Expiring");
	CHECK_STR(status(with_exp(END_MARCH_2027), now), "Active",
	    "exp in March: Active in January");
	CHECK_STR(field("description"), "JWT is active. Unify Phone will be "
	    "functional for your tenant.", "the seed's words for Active");
	CHECK_STR(field("expires_at"), "2027-03-31T12:00:00Z",
	    "the expiry in UTC");
	CHECK_STR(field("expiring_from"), "2027-02-28T12:00:00Z",
	    "Expiring from 28 February (31 March clamped)");
	CHECK(json_is_true(json_object_get(last, "set")), "set: true");
	CHECK(json_is_false(json_object_get(last, "signature_verified")),
	    "the signature is not verified");
	CHECK_STR(field("signature_note"), JWT_SIGNATURE_NOTE,
	    "and the answer says so");
	CHECK(json_is_null(json_object_get(last, "not_before")),
	    "no nbf: null");

	/* The Expiring edge: exactly one month before, and a second earlier. */
	CHECK_STR(status(with_exp(END_MARCH_2027), END_FEB_2027), "Expiring",
	    "exactly one month before exp: Expiring");
	CHECK_STR(status(with_exp(END_MARCH_2027), END_FEB_2027 - 1),
	    "Active", "a second earlier: Active");
	CHECK_STR(status(with_exp(END_MARCH_2027), END_MARCH_2027 - 1),
	    "Expiring", "a second before exp: Expiring");

	/* One calendar month, the day clamped. */
	CHECK_INT(jwt_expiring_from(END_MARCH_2027), END_FEB_2027,
	    "31 March 2027: from 28 February");
	CHECK_INT(jwt_expiring_from(END_MARCH_2028), END_FEB_2028,
	    "31 March 2028: from 29 February (leap year)");
	CHECK_INT(jwt_expiring_from(END_MAY_2027), END_APRIL_2027,
	    "31 May: from 30 April");
	CHECK_INT(jwt_expiring_from(MID_JAN_2027), MID_DEC_2026,
	    "15 January: from 15 December the year before");

	/* nbf: in the future beyond the leeway, and within it. */
	CHECK_STR(status(token(HEADER, "{\"exp\":1806494400,"
	    "\"nbf\":1800001861,\"iat\":1800001000}"), now), "Invalid token",
	    "nbf 61 s ahead: Invalid token");
	CHECK(has(field("reason"), "not valid before 2027-01-15 08:31 UTC"),
	    "the reason names nbf");
	CHECK_STR(field("not_before"), "2027-01-15T08:31:01Z", "nbf shown");
	CHECK_STR(field("issued_at"), "2027-01-15T08:16:40Z", "iat shown");
	CHECK_STR(status(token(HEADER, "{\"exp\":1806494400,"
	    "\"nbf\":1800001860}"), now), "Active", "nbf 60 s ahead: Active");

	/* Claims as stored, read again. */
	json_decref(last);
	last = jwt_status_of(NULL, now);
	CHECK_STR(field("status"), "Not set", "no claims: Not set");
	json_decref(last);
	{
		json_t *bad = json_pack("{s:s}", "exp", "x");

		last = jwt_status_of(bad, now);
		json_decref(bad);
	}
	CHECK_STR(field("status"), "Invalid token",
	    "stored claims that do not read: Invalid token");
	json_decref(last);
	last = jwt_status_table();
	CHECK_INT(json_array_size(last), 5, "the seed's five statuses");
	CHECK_STR(json_string_value(json_object_get(json_array_get(last, 3),
	    "status")), "Expiring", "in the seed's order");
	json_decref(last);
	return test_done();
}
