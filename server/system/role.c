/* Switchboard — the roles a user has: their names and parsing. */
#include "role.h"

#include <string.h>

const char *
role_name(enum role r)
{
	switch (r) {
	case ROLE_ADMIN:
		return "admin";
	case ROLE_OPERATOR:
		return "operator";
	case ROLE_VIEWER:
		return "viewer";
	default:
		return "none";
	}
}

enum role
role_parse(const char *s)
{
	if (s == NULL)
		return ROLE_NONE;
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	if (strcmp(s, "operator") == 0)
		return ROLE_OPERATOR;
	if (strcmp(s, "viewer") == 0)
		return ROLE_VIEWER;
	return ROLE_NONE;
}
