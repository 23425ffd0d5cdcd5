/* Switchboard — first-run setup, login, logout and one's own password. */
#include <sodium.h>
#include <string.h>

#include "../../db/session_store.h"
#include "../../db/user_store.h"
#include "../http/api.h"
#include "system_restore.h"
#include "auth.h"
#include "../lib/password.h"
#include "user_rules.h"
#include "../lib/util.h"

static json_t *
session_json(struct req *r)
{
	const struct user *u = &r->auth.user;

	return json_pack("{s:{s:I,s:s,s:s,s:s,s:b},s:s,s:s,s:i,s:i}",
	    "user", "id", (json_int_t)u->id, "username", u->username,
	    "display_name", u->display_name, "role", u->role,
	    "must_change_password", u->must_change_password,
	    "via", r->auth.via,
	    "csrf_token", r->auth.csrf,
	    "idle_timeout_minutes", (int)r->cfg->session_idle_minutes,
	    "max_hours", (int)r->cfg->session_max_hours);
}

/* GET /api/v1/setup: 200. */
int
api_setup_status(struct req *r)
{
	int n = user_store_count_admins(r->db, false);

	if (n < 0)
		return req_error(r, 500, "internal", "Database error.");
	r->out = json_pack("{s:b}", "required", n == 0);
	return 200;
}

/* POST /api/v1/setup: 201, 409 once an admin exists, 422. */
int
api_setup_create(struct req *r)
{
	const char *username, *display, *role, *password;
	struct refusals rs;
	int status;

	refusals_init(&rs);
	status = user_rules_new_user(r->body, "admin", &username, &display,
	    &role, &password, &rs) == 0 ? 0 : req_refused(r, &rs);
	refusals_release(&rs);
	if (status != 0)
		return status;
	/* Check and create in one write transaction: two browsers racing
	 * through setup cannot both create an admin. */
	if (db_begin(r->db) != 0)
		return req_error(r, 500, "internal", "Database busy.");
	if (user_store_count_admins(r->db, false) != 0) {
		db_rollback(r->db);
		return req_error(r, 409, "setup_done", "Setup is complete: an "
		    "administrator exists. Log in instead.");
	}
	status = api_users_store_new(r, username, display, role, password,
	    false, "setup.admin_create");
	if (status != 201 || db_commit(r->db) != 0) {
		db_rollback(r->db);
		return status == 201 ? req_error(r, 500, "internal",
		    "Could not save the administrator.") : status;
	}
	return 201;
}

/* POST /api/v1/session: 200, 401, 403, 422, 429. */
int
api_session_login(struct req *r)
{
	const char *username, *password;
	int status;

	if (req_body_string(r, "username", USER_NAME_MAX, true, false,
	    &username) != 0 || req_body_string(r, "password",
	    4 * PASSWORD_MAX, true, false, &password) != 0)
		return 422;
	if ((status = auth_login(r, username, password)) != 0)
		return status;
	r->out = session_json(r);
	/* The outcome of a system restore applied at the last start, shown
	 * once, to the first admin who logs in. */
	if (r->auth.role == ROLE_ADMIN)
		json_object_set_new(r->out, "restore_result",
		    system_restore_take_result(r->cfg->data_dir));
	return 200;
}

/* GET /api/v1/session: 200. */
int
api_session_get(struct req *r)
{
	r->out = session_json(r);
	return 200;
}

/* DELETE /api/v1/session: 204. */
int
api_session_logout(struct req *r)
{
	auth_logout(r);
	req_audit(r, "session.logout", r->auth.user.username, true, NULL);
	return 204;
}

/* PUT /api/v1/session/password: 204, 422 (wrong current password or
 * policy). Ends the user's other sessions. */
int
api_session_password(struct req *r)
{
	const char *current, *next;
	char hash[PASSWORD_HASH_MAX];
	struct refusals rs;
	struct user u;
	int status = 0;

	refusals_init(&rs);
	if ((refusal_string(r->body, "current_password", 4 * PASSWORD_MAX,
	    true, false, &current, &rs) | user_rules_password(r->body,
	    "new_password", &next, &rs)) != 0)
		status = req_refused(r, &rs);
	refusals_release(&rs);
	if (status != 0)
		return status;
	if (user_store_get(r->db, r->auth.user.id, &u) != DB_OK)
		return req_error(r, 404, "not_found", "No such user.");
	if (!password_verify(u.password_hash, current)) {
		req_audit(r, "user.password_change", u.username, false,
		    json_pack("{s:s}", "reason", "wrong current password"));
		return req_field_error(r, 422, "invalid_field",
		    "current_password", "The current password is not right.");
	}
	if (strcmp(current, next) == 0)
		return req_field_error(r, 422, "invalid_field", "new_password",
		    "The new password must differ from the current one.");
	if (password_hash(next, hash) != 0 ||
	    user_store_set_password(r->db, u.id, hash, false) != DB_OK) {
		sodium_memzero(hash, sizeof(hash));
		return req_error(r, 500, "internal", "Could not save the "
		    "password.");
	}
	sodium_memzero(hash, sizeof(hash));
	session_store_delete_user(r->db, u.id, strcmp(r->auth.via,
	    "session") == 0 ? r->auth.session_hash : NULL);
	req_audit(r, "user.password_change", u.username, true, NULL);
	return 204;
}
