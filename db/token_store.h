/* Switchboard — API tokens for automation. Only a hash of each token is
 * stored; the token itself is shown once, when it is created. */
#ifndef SB_TOKEN_STORE_H
#define SB_TOKEN_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "user_store.h"

#define TOKEN_HASH_BYTES 32
#define TOKEN_NAME_MAX 64

struct token_row {
	int64_t		id;
	char		name[TOKEN_NAME_MAX + 1];
	struct user	user;	/* the owner: the token acts with their role */
};

extern const char *const token_store_sort_keys[];

/* DB_OK (with *id) or DB_ERROR. expires_at 0 means never. */
int	 token_store_create(struct db *db, int64_t user_id, const char *name,
	    const char *prefix, const unsigned char hash[TOKEN_HASH_BYTES],
	    int64_t expires_at, int64_t *id);

/* A live (not revoked, not expired) token. DB_OK, DB_NOTFOUND, DB_ERROR. */
int	 token_store_lookup(struct db *db,
	    const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
	    struct token_row *t);

void	 token_store_touch(struct db *db, int64_t id, const char *address);

/* Tokens of user_id, or of everyone when user_id is 0. */
json_t	*token_store_list(struct db *db, int64_t user_id,
	    const struct db_list_query *lq);
json_t	*token_store_get_json(struct db *db, int64_t id);

/* Revoke token id, if it belongs to user_id (any owner when 0).
 * DB_OK, DB_NOTFOUND, DB_ERROR. */
int	 token_store_revoke(struct db *db, int64_t id, int64_t user_id);

/* Revoke every token of a user (when the user is disabled). */
void	 token_store_revoke_user(struct db *db, int64_t user_id);

#endif
