/* Switchboard — the status of the tenant's JSON Web Token (seed 003, 2.5
 * and 6.1): "Not set", "Active", "Invalid token", "Expiring" or
 * "Expired", judged from the token's form and its time claims (RFC 7519:
 * exp, nbf, iat as NumericDate seconds) and the time now. The appliance
 * cannot verify the issuer's signature (it does not hold the issuer's
 * key), so a well-formed token whose times are right is "Active" here.
 * Plain data in, JSON and refusals out: no request, no database. */
#ifndef SB_JWT_STATUS_H
#define SB_JWT_STATUS_H

#include <jansson.h>
#include <stdint.h>

#include "../lib/refusal.h"

/* The most characters a pasted token may have: the JWT creation
 * portal's tokens are well under 2 KiB. */
#define JWT_MAX_LEN 8192
/* How far ahead of our clock a token's nbf may lie and still count as
 * valid now: the issuer's clock and ours differ by a little. */
#define JWT_LEEWAY_SECONDS 60
/* A NumericDate at or past this (1e11 s, the year 5138) is taken for
 * milliseconds and refused: exp 1767225600000 is a mistake for
 * 1767225600, never a date. */
#define JWT_MAX_NUMERICDATE 100000000000LL
/* The seal context of the stored token. */
#define JWT_SEAL_CONTEXT "unify.jwt"

/* The sentence that goes with every status. */
#define JWT_SIGNATURE_NOTE "The appliance cannot verify the issuer's " \
	"signature: it judges only the token's form and its time claims " \
	"(exp, nbf). Unify Phone itself validates the token."

/* Read a pasted token: at most JWT_MAX_LEN characters, no space or
 * control character, three dot-separated base64url parts (no padding),
 * the header a JSON object naming its "alg", the payload a JSON object
 * with "exp" (and "nbf", "iat" if present) a NumericDate in seconds, a
 * signature that is not empty. Returns the time claims to keep,
 * {"exp":N[,"nbf":N][,"iat":N]} (new reference), or NULL with one
 * refusal of field "token" saying which part failed. Thread-safe. */
json_t	*jwt_read(const char *token, struct refusals *rs);

/* The start of the Expiring period of a token that expires at exp: the
 * same time one calendar month earlier, the day clamped to that month's
 * last (exp on 31 March: 28 or 29 February). */
int64_t	 jwt_expiring_from(int64_t exp);

/* The status at now of a token with claims as jwt_read returns them
 * (borrowed; NULL when no token is set):
 * {"set","status","description","reason","expires_at","expiring_from",
 * "not_before","issued_at","signature_verified","signature_note"}, times
 * as "2026-11-21T19:30:00Z" or null. Claims that do not read as
 * jwt_read makes them give "Invalid token". New reference. */
json_t	*jwt_status_of(json_t *claims, int64_t now);

/* The whole judgement of a token string at now: "Not set" for NULL or
 * "", "Invalid token" with jwt_read's reason for one that does not read,
 * else jwt_status_of its claims. New reference. */
json_t	*jwt_status(const char *token, int64_t now);

/* What is stored for a token: its sealed text (borrowed), the claims
 * jwt_read made (borrowed), who pasted it and when:
 * {"token_sealed","claims","set_by","set_at"}. New reference. */
json_t	*jwt_record(const char *sealed, json_t *claims, const char *by,
	    int64_t at);

/* The status at now of a stored record as jwt_record makes it (borrowed;
 * NULL when none is stored): jwt_status_of its claims, with "set_by" and
 * "set_at". A record without claims is an "Invalid token". New
 * reference. */
json_t	*jwt_status_stored(json_t *record, int64_t now);

/* The seed's five statuses with their descriptions, in its order:
 * [{"status","description"}]. New reference. */
json_t	*jwt_status_table(void);

#endif
