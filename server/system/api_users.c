/* Switchboard — user management (admins only). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../db/session_store.h"
#include "../../db/token_store.h"
#include "../../db/user_store.h"
#include "../http/api.h"
#include "../lib/password.h"
#include "user_rules.h"

/* GET /api/v1/users: 200, 400. */
int
api_users_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	if ((status = req_list_query(r, user_store_sort_keys, 0, 0, &lq)) != 0)
		return status;
	if ((r->out = user_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* Hash and create the user, auditing it: 201 with r->out the user. */
int
api_users_store_new(struct req *r, const char *username, const char *display,
    const char *role, const char *password, bool must_change,
    const char *action)
{
	char hash[PASSWORD_HASH_MAX];
	int64_t id;
	int rc;

	if (password_hash(password, hash) != 0)
		return req_error(r, 500, "internal", "Could not hash the "
		    "password.");
	rc = user_store_create(r->db, username, display, role, hash,
	    must_change, &id);
	sodium_memzero(hash, sizeof(hash));
	if (rc == DB_CONFLICT)
		return req_field_error(r, 409, "conflict", "username",
		    "A user with this name already exists.");
	if (rc != DB_OK)
		return req_error(r, 500, "internal", "Could not save the user.");
	json_decref(r->out);
	r->out = user_store_get_json(r->db, id);
	req_audit(r, action, username, true, json_pack("{s:s}", "role", role));
	return 201;
}

/* POST /api/v1/users: 201, 409, 422. */
int
api_users_create(struct req *r)
{
	const char *username, *display, *role, *password;
	struct refusals rs;
	int status;

	refusals_init(&rs);
	status = user_rules_new_user(r->body, NULL, &username, &display, &role,
	    &password, &rs) == 0 ? 0 : req_refused(r, &rs);
	refusals_release(&rs);
	if (status != 0)
		return status;
	return api_users_store_new(r, username, display, role, password, true,
	    "user.create");
}

/* GET /api/v1/users/{id}: 200, 404. */
int
api_users_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = user_store_get_json(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such user.");
	return 200;
}

/* The last active admin must stay an active admin. */
static bool
would_lose_last_admin(struct req *r, const struct user *u, const char *role,
    int disabled)
{
	bool stays = (role == NULL || strcmp(role, "admin") == 0) &&
	    (disabled != 1);

	if (strcmp(u->role, "admin") != 0 || u->disabled || stays)
		return false;
	return user_store_count_admins(r->db, true) <= 1;
}

/* PATCH /api/v1/users/{id}: 200, 404, 409 (last admin, own account), 422. */
int
api_users_update(struct req *r)
{
	const char *display, *role;
	json_t *jdis = json_object_get(r->body, "disabled"), *before;
	int disabled = -1;
	struct user u;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (req_body_string(r, "display_name", USER_DISPLAY_MAX, false, false,
	    &display) != 0 || req_body_string(r, "role", 16, false, false,
	    &role) != 0)
		return 422;
	if (role && role_parse(role) == ROLE_NONE)
		return req_field_error(r, 422, "invalid_field", "role",
		    "Role must be admin, operator or viewer.");
	if (jdis && !json_is_boolean(jdis))
		return req_field_error(r, 422, "invalid_field", "disabled",
		    "disabled must be true or false.");
	if (jdis)
		disabled = json_is_true(jdis);
	if (user_store_get(r->db, id, &u) != DB_OK)
		return req_error(r, 404, "not_found", "No such user.");
	if (id == r->auth.user.id && (disabled == 1 ||
	    (role && strcmp(role, u.role) != 0)))
		return req_field_error(r, 409, "conflict", disabled == 1 ?
		    "disabled" : "role", "You cannot disable your own account "
		    "or change your own role; ask another administrator.");
	if (would_lose_last_admin(r, &u, role, disabled))
		return req_field_error(r, 409, "conflict", disabled == 1 ?
		    "disabled" : "role", "This is the last active "
		    "administrator; make another user an administrator "
		    "first.");
	if (db_begin(r->db) != 0)
		return req_error(r, 500, "internal", "Database busy.");
	/* What the update changes, read in its transaction. */
	before = user_store_get_json(r->db, id);
	if (user_store_update(r->db, id, display, role, disabled) != DB_OK) {
		db_rollback(r->db);
		json_decref(before);
		return req_error(r, 500, "internal", "Could not save the user.");
	}
	if (disabled == 1) {
		session_store_delete_user(r->db, id, NULL);
		token_store_revoke_user(r->db, id);
	}
	r->out = user_store_get_json(r->db, id);
	req_audit_update(r, "user.update", u.username, before, r->out);
	json_decref(before);
	if (db_commit(r->db) != 0)
		return req_error(r, 500, "internal", "Could not save the user.");
	return 200;
}

/* POST /api/v1/users/{id}/password: 204, 404, 422. The user must choose a
 * new password at next login unless must_change is false. */
int
api_users_reset_password(struct req *r)
{
	const char *password;
	json_t *jmc = json_object_get(r->body, "must_change");
	char hash[PASSWORD_HASH_MAX];
	bool must_change = true;
	struct refusals rs;
	struct user u;
	int64_t id;
	int status;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	refusals_init(&rs);
	status = user_rules_password(r->body, "password", &password, &rs) == 0 ?
	    0 : req_refused(r, &rs);
	refusals_release(&rs);
	if (status != 0)
		return status;
	if (jmc && !json_is_boolean(jmc))
		return req_field_error(r, 422, "invalid_field", "must_change",
		    "must_change must be true or false.");
	if (jmc)
		must_change = json_is_true(jmc);
	if (user_store_get(r->db, id, &u) != DB_OK)
		return req_error(r, 404, "not_found", "No such user.");
	if (password_hash(password, hash) != 0)
		return req_error(r, 500, "internal", "Could not hash.");
	if (user_store_set_password(r->db, id, hash, must_change) != DB_OK) {
		sodium_memzero(hash, sizeof(hash));
		return req_error(r, 500, "internal", "Could not save.");
	}
	sodium_memzero(hash, sizeof(hash));
	if (id != r->auth.user.id)
		session_store_delete_user(r->db, id, NULL);
	req_audit(r, "user.password_reset", u.username, true,
	    json_pack("{s:b}", "must_change", must_change));
	return 204;
}
