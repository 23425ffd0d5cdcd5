/* Switchboard — the users table: admin accounts and their roles. */
#ifndef SB_USER_STORE_H
#define SB_USER_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

#define USER_NAME_MAX 64
#define USER_DISPLAY_MAX 128

struct user {
	int64_t	id;
	char	username[USER_NAME_MAX + 1];
	char	display_name[USER_DISPLAY_MAX + 1];
	char	role[16];
	char	password_hash[128];
	bool	disabled;
	bool	must_change_password;
};

/* Sort keys of user_store_list, in struct db_list_query.sort order. */
extern const char *const user_store_sort_keys[];

/* Count users with role admin (active only if active_only). -1 on error. */
int	 user_store_count_admins(struct db *db, bool active_only);

/* Insert; *id gets the new id. DB_OK, DB_CONFLICT (name taken), DB_ERROR. */
int	 user_store_create(struct db *db, const char *username,
	    const char *display_name, const char *role, const char *hash,
	    bool must_change, int64_t *id);

/* Fill u. DB_OK, DB_NOTFOUND, DB_ERROR. */
int	 user_store_find_by_name(struct db *db, const char *username,
	    struct user *u);
int	 user_store_get(struct db *db, int64_t id, struct user *u);

/* Public fields (no hash). New reference or NULL if not found. */
json_t	*user_store_get_json(struct db *db, int64_t id);
json_t	*user_store_list(struct db *db, const struct db_list_query *lq);

/* Change display name, role or disabled (NULL / -1 leave as is).
 * DB_OK, DB_NOTFOUND, DB_ERROR. */
int	 user_store_update(struct db *db, int64_t id, const char *display_name,
	    const char *role, int disabled);

/* New password hash. DB_OK, DB_NOTFOUND, DB_ERROR. */
int	 user_store_set_password(struct db *db, int64_t id, const char *hash,
	    bool must_change);

/* Fill u from six columns of st starting at col: id, username,
 * display_name, role, disabled, must_change_password (no hash). For the
 * stores that join users. */
void	 user_store_read(sqlite3_stmt *st, int col, struct user *u);

/* Record a successful login now. */
void	 user_store_touch_login(struct db *db, int64_t id);

#endif
