/* Unit tests of server/system/auth.c against a real database: login creates a
 * session whose id is only stored hashed; idle and absolute expiry; CSRF;
 * throttling and its waits; tokens. */
#include <sodium.h>
#include <stdlib.h>

#include "token_store.h"
#include "user_store.h"
#include "system/auth.h"
#include "system/login_throttle.h"
#include "db.h"
#include "migrate.h"
#include "lib/password.h"
#include "test.h"

static struct config cfg;

static void
req_init(struct req *r, struct db *db)
{
	json_decref(r->out);
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->cfg = &cfg;
	r->client_addr = "10.9.8.7";
	r->user_agent = "unit";
}

/* The session id from the Set-Cookie value. */
static void
cookie_id(const struct req *r, char *out, size_t len)
{
	const char *eq = strchr(r->set_cookie, '=');
	const char *semi = strchr(r->set_cookie, ';');

	snprintf(out, len, "%.*s", (int)(semi - eq - 1), eq + 1);
}

static int
exec(struct db *db, const char *sql)
{
	return sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
}

int
main(void)
{
	char dir[] = "/tmp/sb-auth-XXXXXX", path[128], err[256], sid[128];
	char hash[PASSWORD_HASH_MAX], token[64], prefix[16];
	unsigned char th[32];
	struct req r;
	struct db *db;
	int64_t id;

	if (sodium_init() < 0)
		return 1;
	memset(&r, 0, sizeof(r));
	cfg.session_idle_minutes = 30;
	cfg.session_max_hours = 12;
	cfg.login_max_failures = 3;
	cfg.address_max_failures = 50;
	cfg.login_lockout_minutes = 15;
	cfg.login_delay_seconds = 30;
	cfg.account_max_failures = 6;
	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(path, sizeof(path), "%s/a.db", dir);
	db = db_open(path, err, sizeof(err));
	migrate_run(db, migrations_builtin, migrations_builtin_count, NULL, err,
	    sizeof(err));
	password_hash("correct horse battery", hash);
	user_store_create(db, "alice", "", "operator", hash, false, &id);

	req_init(&r, db);
	CHECK_INT(auth_login(&r, "alice", "correct horse battery"), 0, "login");
	CHECK(strncmp(r.set_cookie, "__Host-sb_session=", 18) == 0 &&
	    strstr(r.set_cookie, "HttpOnly") && strstr(r.set_cookie, "Secure")
	    && strstr(r.set_cookie, "SameSite=Strict"), "cookie attributes");
	cookie_id(&r, sid, sizeof(sid));
	CHECK_INT(strlen(sid), 43, "256-bit session id");
	CHECK(r.auth.role == ROLE_OPERATOR, "role from the user");

	req_init(&r, db);
	CHECK_INT(auth_from_session(&r, sid), 0, "the cookie authenticates");
	CHECK(auth_csrf_ok(&r, r.auth.csrf), "its CSRF token matches");
	CHECK(!auth_csrf_ok(&r, "nope"), "a wrong CSRF token does not");
	CHECK(!auth_csrf_ok(&r, NULL), "a missing CSRF token does not");

	exec(db, "UPDATE sessions SET last_seen_at = last_seen_at - 1801");
	req_init(&r, db);
	CHECK_INT(auth_from_session(&r, sid), 401, "idle for 30 min: expired");

	req_init(&r, db);
	auth_login(&r, "alice", "correct horse battery");
	cookie_id(&r, sid, sizeof(sid));
	exec(db, "UPDATE sessions SET created_at = created_at - 12 * 3600 - 1");
	req_init(&r, db);
	CHECK_INT(auth_from_session(&r, sid), 401,
	    "12 hours after login: expired even when active");

	req_init(&r, db);
	CHECK_INT(auth_from_session(&r, "short"), 401, "malformed id");

	/* The wait: none below the limit, then doubling up to the cap. */
	CHECK_INT(login_throttle_delay(4, 5, 30, 900), 0, "below the limit");
	CHECK_INT(login_throttle_delay(5, 5, 30, 900), 30, "the first wait");
	CHECK_INT(login_throttle_delay(6, 5, 30, 900), 60, "doubled");
	CHECK_INT(login_throttle_delay(9, 5, 30, 900), 480, "and again");
	CHECK_INT(login_throttle_delay(10, 5, 30, 900), 900, "capped");
	CHECK_INT(login_throttle_delay(INT64_MAX, 5, 30, 900), 900,
	    "capped however many");
	CHECK_INT(login_throttle_delay(1, 1, 7200, 900), 900,
	    "a first wait past the cap is the cap");

	/* Throttling: three failures from one address make it wait, for
	 * that account only, whatever the letter case. */
	for (int i = 0; i < 3; i++) {
		req_init(&r, db);
		CHECK_INT(auth_login(&r, "alice", "wrong password!"), 401,
		    "wrong password");
	}
	req_init(&r, db);
	CHECK_INT(auth_login(&r, "ALICE", "correct horse battery"), 429,
	    "held, whatever the letter case");
	/* A second may pass between the failure and the check. */
	CHECK(r.retry_after == 30 || r.retry_after == 29, "the first wait");
	req_init(&r, db);
	r.client_addr = "10.9.8.6";
	CHECK_INT(auth_login(&r, "alice", "correct horse battery"), 0,
	    "another address logs in meanwhile");
	/* The wait is over: the next failure waits twice as long. */
	exec(db, "UPDATE login_failures SET locked_until = 0");
	req_init(&r, db);
	CHECK_INT(auth_login(&r, "alice", "wrong password!"), 401,
	    "a fourth failure");
	req_init(&r, db);
	CHECK_INT(auth_login(&r, "alice", "correct horse battery"), 429,
	    "held again");
	CHECK(r.retry_after == 60 || r.retry_after == 59, "twice as long");

	/* Six failures on the account from anywhere pace the addresses it
	 * never logged in from, not the one it did. */
	for (int i = 0; i < 2; i++) {
		req_init(&r, db);
		r.client_addr = i ? "10.1.1.2" : "10.1.1.1";
		CHECK_INT(auth_login(&r, "alice", "wrong password!"), 401,
		    "a failure from elsewhere");
	}
	req_init(&r, db);
	r.client_addr = "10.1.1.3";
	CHECK_INT(auth_login(&r, "alice", "correct horse battery"), 429,
	    "an address alice never used waits");
	CHECK(r.retry_after == 600 || r.retry_after == 599,
	    "an hour's share of the ceiling");
	req_init(&r, db);
	r.client_addr = "10.9.8.6";
	CHECK_INT(auth_login(&r, "alice", "correct horse battery"), 0,
	    "the address alice logged in from does not");
	exec(db, "DELETE FROM login_failures");

	/* Tokens. */
	auth_token_new(token, sizeof(token), prefix, sizeof(prefix), th);
	CHECK(strncmp(token, "sbt_", 4) == 0 && strlen(token) == 47,
	    "token format");
	CHECK(strncmp(token, prefix, strlen(prefix)) == 0, "prefix of token");
	token_store_create(db, id, "ci", prefix, th, 0, &id);
	req_init(&r, db);
	CHECK_INT(auth_from_token(&r, token), 0, "token authenticates");
	CHECK(r.auth.token_id == id, "token id recorded");
	req_init(&r, db);
	token[10] = token[10] == 'A' ? 'B' : 'A';
	CHECK_INT(auth_from_token(&r, token), 401, "altered token refused");

	json_decref(r.out);
	db_close(db);
	return test_done();
}
