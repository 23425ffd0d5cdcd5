/* Switchboard — sessions, API tokens, login throttling and CSRF.
 * Session ids and tokens are 256-bit random values; only their BLAKE2b
 * hashes are stored. No CivetWeb in here: the router hands over the raw
 * cookie value and Authorization header. */
#ifndef SB_AUTH_H
#define SB_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "req.h"

#define AUTH_COOKIE_NAME "__Host-sb_session"
#define AUTH_ID_CHARS 44	/* base64url of 32 bytes, with NUL */
#define AUTH_TOKEN_PREFIX "sbt_"

/* Fill r->auth from a session id (cookie). Returns 0 when authenticated,
 * or 401 with r->out set (unknown, expired, disabled account). */
int	auth_from_session(struct req *r, const char *session_id);

/* Fill r->auth from an API token ("sbt_…"). 0 or 401 as above. */
int	auth_from_token(struct req *r, const char *token);

/* Check credentials with throttling; on success create a session, fill
 * r->auth and put the Set-Cookie value into r->set_cookie. Returns 0, or
 * 401 (wrong credentials), 403 (disabled), 429 (throttled) with r->out
 * set. Audits both outcomes. */
int	auth_login(struct req *r, const char *username, const char *password);

/* The caller says it is them again (their own password) before a secret
 * is shown or handed over: a session left open on a desk does not give
 * out SIP credentials. The same throttle as logins holds a guesser.
 * Returns 0, or 422 (field "password", audited as action on target with
 * success false) or 429 with r->out set. */
int	auth_reauth(struct req *r, const char *password, const char *action,
	    const char *target);

/* End the caller's session and clear the cookie. */
void	auth_logout(struct req *r);

/* True if token matches the session's CSRF token (constant time). */
bool	auth_csrf_ok(const struct req *r, const char *token);

/* A new API token: the text shown once (AUTH_ID_CHARS + 4 bytes), its
 * display prefix (at least 13 bytes) and the hash to store. */
void	auth_token_new(char *token, size_t token_len, char *prefix,
	    size_t prefix_len, unsigned char hash[32]);

/* Expired sessions and run-out login failure counts out. Call now and
 * then. */
void	auth_purge(struct db *db, const struct config *cfg);

#endif
