/* Switchboard — the rules for user names, display names and passwords. */
#include "user_rules.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "../../db/user_store.h"
#include "../lib/password.h"
#include "role.h"

int
user_rules_password(json_t *body, const char *name, const char **password,
    struct refusals *rs)
{
	const char *why;

	if (refusal_string(body, name, 4 * PASSWORD_MAX, true, false, password,
	    rs) != 0)
		return -1;
	if ((why = password_policy(*password)) != NULL)
		return refuse(rs, "invalid_field", name, "%s", why);
	return 0;
}

int
user_rules_new_user(json_t *body, const char *fixed_role,
    const char **username, const char **display, const char **role,
    const char **password, struct refusals *rs)
{
	const char *p;

	if (refusal_string(body, "username", USER_NAME_MAX, true, false,
	    username, rs) == 0)
		for (p = *username; *p; p++)
			if (!isalnum((unsigned char)*p) &&
			    strchr("._-@", *p) == NULL) {
				refuse(rs, "invalid_field", "username", "User "
				    "name may hold letters, digits and . _ - @ "
				    "only.");
				break;
			}
	if (refusal_string(body, "display_name", USER_DISPLAY_MAX, false,
	    false, display, rs) != 0 || *display == NULL)
		*display = "";
	if (fixed_role)
		*role = fixed_role;
	else if (refusal_string(body, "role", 16, true, false, role, rs) == 0
	    && role_parse(*role) == ROLE_NONE)
		refuse(rs, "invalid_field", "role", "Role must be admin, "
		    "operator or viewer.");
	user_rules_password(body, "password", password, rs);
	return rs->n ? -1 : 0;
}
