/* Switchboard — login sessions. Rows are keyed by a hash of the session id;
 * the id itself exists only in the browser's cookie. */
#ifndef SB_SESSION_STORE_H
#define SB_SESSION_STORE_H

#include <stdint.h>

#include "db.h"
#include "user_store.h"

#define SESSION_HASH_BYTES 32
#define SESSION_CSRF_MAX 64

struct session_row {
	struct user	user;		/* the owner, as now in users */
	char		csrf[SESSION_CSRF_MAX + 1];
	int64_t		created_at;
	int64_t		last_seen_at;
};

/* DB_OK or DB_ERROR. */
int	session_store_create(struct db *db,
	    const unsigned char id_hash[SESSION_HASH_BYTES], int64_t user_id,
	    const char *csrf, const char *address, const char *user_agent);

/* DB_OK, DB_NOTFOUND, DB_ERROR. */
int	session_store_lookup(struct db *db,
	    const unsigned char id_hash[SESSION_HASH_BYTES],
	    struct session_row *s);

void	session_store_touch(struct db *db,
	    const unsigned char id_hash[SESSION_HASH_BYTES], int64_t now);
void	session_store_delete(struct db *db,
	    const unsigned char id_hash[SESSION_HASH_BYTES]);

/* End every session of user_id except keep (NULL: all). */
void	session_store_delete_user(struct db *db, int64_t user_id,
	    const unsigned char *keep);

/* Remove sessions idle since before idle_before or created before
 * created_before. Returns rows removed. */
int	session_store_purge(struct db *db, int64_t idle_before,
	    int64_t created_before);

#endif
