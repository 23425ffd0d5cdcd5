/* Switchboard — sessions, API tokens, login throttling and CSRF. */
#include "auth.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../db/session_store.h"
#include "../../db/token_store.h"
#include "../lib/log.h"
#include "login_throttle.h"
#include "../lib/password.h"
#include "../lib/util.h"

#define SESSION_TOUCH_SECONDS 15
#define B64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING

static void
hash_secret(const char *s, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)s, strlen(s),
	    NULL, 0);
}

static void
random_id(char out[AUTH_ID_CHARS])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_ID_CHARS, raw, sizeof(raw), B64URL);
	sodium_memzero(raw, sizeof(raw));
}

static bool
well_formed_id(const char *s, size_t len)
{
	size_t i;

	if (strlen(s) != len)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

static void
set_auth_user(struct req *r, const struct user *u)
{
	r->auth.authenticated = true;
	r->auth.user = *u;
	r->auth.role = role_parse(u->role);
}

int
auth_from_session(struct req *r, const char *session_id)
{
	struct session_row s;
	int64_t now = now_unix();
	unsigned char h[32];

	if (!well_formed_id(session_id, AUTH_ID_CHARS - 1))
		return req_error(r, 401, "unauthenticated",
		    "Please log in.");
	hash_secret(session_id, h);
	if (session_store_lookup(r->db, h, &s) != DB_OK)
		return req_error(r, 401, "unauthenticated",
		    "Your session has ended. Please log in again.");
	if (now - s.last_seen_at > r->cfg->session_idle_minutes * 60 ||
	    now - s.created_at > r->cfg->session_max_hours * 3600) {
		session_store_delete(r->db, h);
		return req_error(r, 401, "session_expired",
		    "Your session has expired. Please log in again.");
	}
	if (s.user.disabled) {
		session_store_delete(r->db, h);
		return req_error(r, 401, "unauthenticated",
		    "This account is disabled.");
	}
	if (now - s.last_seen_at >= SESSION_TOUCH_SECONDS)
		session_store_touch(r->db, h, now);
	set_auth_user(r, &s.user);
	snprintf(r->auth.via, sizeof(r->auth.via), "session");
	memcpy(r->auth.session_hash, h, sizeof(h));
	snprintf(r->auth.csrf, sizeof(r->auth.csrf), "%s", s.csrf);
	return 0;
}

int
auth_from_token(struct req *r, const char *token)
{
	struct token_row t;
	unsigned char h[32];
	size_t plen = strlen(AUTH_TOKEN_PREFIX);

	if (strncmp(token, AUTH_TOKEN_PREFIX, plen) != 0 ||
	    !well_formed_id(token + plen, AUTH_ID_CHARS - 1))
		return req_error(r, 401, "unauthenticated",
		    "The API token is not valid.");
	hash_secret(token, h);
	if (token_store_lookup(r->db, h, now_unix(), &t) != DB_OK)
		return req_error(r, 401, "unauthenticated",
		    "The API token is not valid, expired or was revoked.");
	if (t.user.disabled)
		return req_error(r, 401, "unauthenticated",
		    "The account that owns this API token is disabled.");
	set_auth_user(r, &t.user);
	r->auth.token_id = t.id;
	snprintf(r->auth.via, sizeof(r->auth.via), "token:%lld",
	    (long long)t.id);
	token_store_touch(r->db, t.id, r->client_addr);
	return 0;
}

/* 429 with the wait, in the body and in Retry-After. */
static int
throttled(struct req *r, enum login_hold hold, int64_t seconds)
{
	static const char *const what[] = {
		[LOGIN_HELD_ADDRESS] = "from this address",
		[LOGIN_HELD_PAIR] = "for this account from this address",
		[LOGIN_HELD_ACCOUNT] = "for this account",
	};
	char msg[200], wait[40];
	int64_t minutes = (seconds + 59) / 60;

	if (seconds < 120)
		snprintf(wait, sizeof(wait), "%lld second%s",
		    (long long)seconds, seconds == 1 ? "" : "s");
	else
		snprintf(wait, sizeof(wait), "%lld minutes",
		    (long long)minutes);
	snprintf(msg, sizeof(msg), "Too many failed logins %s. Try again in "
	    "%s.", what[hold], wait);
	req_error(r, 429, "too_many_attempts", msg);
	json_object_set_new(json_object_get(r->out, "error"), "retry_after",
	    json_integer(seconds));
	r->retry_after = seconds;
	log_event(LOG_WARN, "auth.throttled", "held", what[hold], "address",
	    r->client_addr, NULL);
	return 429;
}

static void
login_audit(struct req *r, const char *username, bool ok, const char *reason)
{
	json_t *d = reason ? json_pack("{s:s}", "reason", reason) : NULL;
	struct auth saved = r->auth;

	/* A failed login has no authenticated actor: name the account. */
	if (!ok) {
		r->auth.authenticated = true;
		r->auth.user.id = 0;
		snprintf(r->auth.user.username, sizeof(r->auth.user.username),
		    "%s", username);
		snprintf(r->auth.via, sizeof(r->auth.via), "login");
	}
	req_audit(r, ok ? "session.login" : "session.login_failed", username,
	    ok, d);
	if (!ok)
		r->auth = saved;
}

int
auth_login(struct req *r, const char *username, const char *password)
{
	static const char *const held[] = {
		[LOGIN_HELD_ADDRESS] = "address held",
		[LOGIN_HELD_PAIR] = "account held for this address",
		[LOGIN_HELD_ACCOUNT] = "account held",
	};
	char id[AUTH_ID_CHARS], csrf[AUTH_ID_CHARS];
	int64_t now = now_unix(), wait;
	enum login_hold hold;
	struct user u;
	unsigned char h[32];
	bool found, ok;

	hold = login_throttle_check(r->db, username, r->client_addr, now,
	    &wait);
	if (hold != LOGIN_FREE) {
		login_audit(r, username, false, held[hold]);
		return throttled(r, hold, wait);
	}
	found = user_store_find_by_name(r->db, username, &u) == DB_OK;
	/* Spend the same time whether or not the account exists. */
	ok = password_verify(found ? u.password_hash : password_dummy_hash(),
	    password) && found;
	if (!ok) {
		login_throttle_failed(r->db, r->cfg, username, r->client_addr,
		    now);
		login_audit(r, username, false, found ? "wrong password" :
		    "unknown user");
		return req_error(r, 401, "invalid_credentials",
		    "Wrong user name or password.");
	}
	if (u.disabled) {
		login_audit(r, username, false, "account disabled");
		return req_error(r, 403, "account_disabled",
		    "This account is disabled. Ask an administrator.");
	}
	login_throttle_succeeded(r->db, username, r->client_addr);
	random_id(id);
	random_id(csrf);
	hash_secret(id, h);
	if (session_store_create(r->db, h, u.id, csrf, r->client_addr,
	    r->user_agent ? r->user_agent : "") != DB_OK)
		return req_error(r, 500, "internal",
		    "Could not create a session.");
	user_store_touch_login(r->db, u.id);
	set_auth_user(r, &u);
	snprintf(r->auth.via, sizeof(r->auth.via), "session");
	memcpy(r->auth.session_hash, h, sizeof(h));
	snprintf(r->auth.csrf, sizeof(r->auth.csrf), "%s", csrf);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
	    "%s=%s; Path=/; Max-Age=%lld; Secure; HttpOnly; SameSite=Strict",
	    AUTH_COOKIE_NAME, id, (long long)r->cfg->session_max_hours * 3600);
	sodium_memzero(id, sizeof(id));
	login_audit(r, username, true, NULL);
	return 0;
}

int
auth_reauth(struct req *r, const char *password, const char *action,
    const char *target)
{
	const char *name = r->auth.user.username;
	int64_t now = now_unix(), wait;
	enum login_hold hold;
	struct user u;
	bool ok;

	if ((hold = login_throttle_check(r->db, name, r->client_addr, now,
	    &wait)) != LOGIN_FREE) {
		req_audit(r, action, target, false, json_pack("{s:s}",
		    "reason", "throttled"));
		return throttled(r, hold, wait);
	}
	ok = user_store_get(r->db, r->auth.user.id, &u) == DB_OK &&
	    password_verify(u.password_hash, password);
	sodium_memzero(&u, sizeof(u));
	if (!ok) {
		login_throttle_failed(r->db, r->cfg, name, r->client_addr, now);
		req_audit(r, action, target, false, json_pack("{s:s}",
		    "reason", "wrong password"));
		return req_field_error(r, 422, "invalid_field", "password",
		    "That is not your password.");
	}
	login_throttle_succeeded(r->db, name, r->client_addr);
	return 0;
}

void
auth_logout(struct req *r)
{
	if (strcmp(r->auth.via, "session") == 0)
		session_store_delete(r->db, r->auth.session_hash);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
	    "%s=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
	    AUTH_COOKIE_NAME);
}

bool
auth_csrf_ok(const struct req *r, const char *token)
{
	size_t n = strlen(r->auth.csrf);

	if (token == NULL || n == 0 || strlen(token) != n)
		return false;
	return sodium_memcmp(token, r->auth.csrf, n) == 0;
}

void
auth_token_new(char *token, size_t token_len, char *prefix,
    size_t prefix_len, unsigned char hash[32])
{
	char id[AUTH_ID_CHARS];

	random_id(id);
	snprintf(token, token_len, "%s%s", AUTH_TOKEN_PREFIX, id);
	snprintf(prefix, prefix_len, "%.12s", token);
	hash_secret(token, hash);
	sodium_memzero(id, sizeof(id));
}

void
auth_purge(struct db *db, const struct config *cfg)
{
	int64_t now = now_unix();

	session_store_purge(db, now - cfg->session_idle_minutes * 60,
	    now - cfg->session_max_hours * 3600);
	login_throttle_purge(db, cfg, now);
}
