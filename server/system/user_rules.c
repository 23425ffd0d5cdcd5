/* Switchboard — the rules for user names, display names and passwords. */
#include "user_rules.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "../../db/user_store.h"
#include "../lib/password.h"

int
user_rules_password(struct req *r, const char *name, const char **password)
{
	const char *why;

	if (req_body_string(r, name, 4 * PASSWORD_MAX, true, false,
	    password) != 0)
		return 422;
	if ((why = password_policy(*password)) != NULL)
		return req_field_error(r, 422, "invalid_field", name, why);
	return 0;
}

int
user_rules_new_user(struct req *r, const char *fixed_role,
    const char **username, const char **display, const char **role,
    const char **password)
{
	const char *p;

	if (req_body_string(r, "username", USER_NAME_MAX, true, false,
	    username) != 0)
		return 422;
	for (p = *username; *p; p++)
		if (!isalnum((unsigned char)*p) && strchr("._-@", *p) == NULL)
			return req_field_error(r, 422, "invalid_field",
			    "username", "User name may hold letters, digits "
			    "and . _ - @ only.");
	if (req_body_string(r, "display_name", USER_DISPLAY_MAX, false, false,
	    display) != 0)
		return 422;
	if (*display == NULL)
		*display = "";
	if (fixed_role) {
		*role = fixed_role;
	} else {
		if (req_body_string(r, "role", 16, true, false, role) != 0)
			return 422;
		if (role_parse(*role) == ROLE_NONE)
			return req_field_error(r, 422, "invalid_field", "role",
			    "Role must be admin, operator or viewer.");
	}
	return user_rules_password(r, "password", password);
}

int
user_rules_create(struct req *r, const char *username, const char *display,
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
