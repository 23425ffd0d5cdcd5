/* Switchboard — the audit log: who did what, when, from where. */
#ifndef SB_AUDIT_STORE_H
#define SB_AUDIT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct audit_entry {
	const char	*actor;		/* username or "system" */
	int64_t		 actor_id;	/* 0 if none */
	const char	*via;		/* "session", "token:<id>", "cli" … */
	const char	*address;
	const char	*action;	/* "user.create" … */
	const char	*target;
	int		 success;
	json_t		*detail;	/* borrowed; NULL for {} */
};

struct audit_filter {
	const char	*actor;
	const char	*action;	/* exact, or prefix ending in '.' */
	const char	*outcome;
	int64_t		 since, until;	/* 0: open */
};

extern const char *const audit_store_sort_keys[];

/* Append an entry. DB_OK or DB_ERROR. */
int	 audit_store_add(struct db *db, const struct audit_entry *e);

/* A page of entries, {"items":[…],"total":N}, each with its via and a
 * via_label naming an API token as "token <name> (of <user>)" and a
 * token {"id","name","user"} (null for entries made otherwise). q also
 * matches the token's name. */
json_t	*audit_store_list(struct db *db, const struct audit_filter *f,
	    const struct db_list_query *lq);

/* True if username (any letter case) logged in from address at or after
 * since, by the audit log's session.login records. */
bool	 audit_store_login_seen(struct db *db, const char *username,
	    const char *address, int64_t since);

#endif
