/* Switchboard — the three roles of the appliance's users, weakest first:
 * a viewer reads, an operator also acts on phones, an admin also manages
 * users, settings and tokens. */
#ifndef SB_ROLE_H
#define SB_ROLE_H

enum role { ROLE_NONE = 0, ROLE_VIEWER, ROLE_OPERATOR, ROLE_ADMIN };

/* "admin", "operator", "viewer"; "none" for ROLE_NONE. Static. */
const char	*role_name(enum role r);

/* The role named s, ROLE_NONE if s is NULL or no role's name. */
enum role	 role_parse(const char *s);

#endif
