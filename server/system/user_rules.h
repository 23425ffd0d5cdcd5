/* Switchboard — the rules for user names, display names and passwords that
 * setup, user management and password changes share. */
#ifndef SB_USER_RULES_H
#define SB_USER_RULES_H

#include "req.h"

/* Validate the fields of a new user in r->body (username, display_name,
 * password, and role unless fixed_role is given). On success fills the
 * outputs (borrowed from r->body) and returns 0; otherwise returns the
 * status with r->out naming the field. */
int	user_rules_new_user(struct req *r, const char *fixed_role,
	    const char **username, const char **display, const char **role,
	    const char **password);

/* Validate a new password in field name of r->body. 0 or a status. */
int	user_rules_password(struct req *r, const char *name,
	    const char **password);

/* Hash and create the user, auditing it; on success r->out is the user
 * and the status is 201. */
int	user_rules_create(struct req *r, const char *username,
	    const char *display, const char *role, const char *password,
	    bool must_change, const char *action);

#endif
