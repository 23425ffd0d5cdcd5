/* Switchboard — a small shared pool of database connections, for callers
 * with many threads that seldom need the database (the provisioning
 * workers: most requests are answered from the file cache). Connections
 * open on first use; a borrower waits while all are lent out. */
#ifndef SB_DB_POOL_H
#define SB_DB_POOL_H

struct db;
struct db_pool;

/* A pool of at most size connections to path; each runs pragma (or NULL)
 * once when it opens. */
struct db_pool	*db_pool_new(const char *path, int size, const char *pragma);
void		 db_pool_free(struct db_pool *p);	/* all returned; NULL ok */

/* Borrow a connection, waiting for one if all are lent. NULL when a new
 * connection cannot be opened (logged). Give it back with db_pool_put. */
struct db	*db_pool_get(struct db_pool *p);
void		 db_pool_put(struct db_pool *p, struct db *db);

#endif
