/* Switchboard — the rules for user names, display names and passwords that
 * setup, user management and password changes share. Plain JSON in,
 * refusals out. */
#ifndef SB_USER_RULES_H
#define SB_USER_RULES_H

#include <jansson.h>
#include <stdbool.h>

#include "../lib/refusal.h"

/* Check the fields of a new user in body (username, display_name,
 * password, and role unless fixed_role is given). Fills the outputs
 * (borrowed from body) and returns 0; or -1 with a refusal in rs for each
 * field that breaks a rule. */
int	user_rules_new_user(json_t *body, const char *fixed_role,
	    const char **username, const char **display, const char **role,
	    const char **password, struct refusals *rs);

/* Check a new password in member name of body: 0, or -1 with the
 * refusal in rs. */
int	user_rules_password(json_t *body, const char *name,
	    const char **password, struct refusals *rs);

#endif
