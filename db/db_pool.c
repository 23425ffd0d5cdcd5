/* Switchboard — a small shared pool of database connections. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_pool.h"
#include "../server/lib/log.h"
#include "../server/lib/util.h"

struct db_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  freed;
	char		 *path;
	char		 *pragma;
	int		  size;
	int		  opened;	/* connections that exist */
	int		  idle;		/* of those, waiting in free[] */
	struct db	**free;
};

struct db_pool *
db_pool_new(const char *path, int size, const char *pragma)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->path = xstrdup(path);
	p->pragma = pragma ? xstrdup(pragma) : NULL;
	p->size = size > 0 ? size : 1;
	p->free = xcalloc((size_t)p->size, sizeof(*p->free));
	return p;
}

void
db_pool_free(struct db_pool *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->idle; i++)
		db_close(p->free[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p->free);
	free(p->pragma);
	free(p->path);
	free(p);
}

/* Open outside the lock: opening reads the schema, which takes a while. */
static struct db *
open_one(struct db_pool *p)
{
	char err[600];
	struct db *db;

	if ((db = db_open(p->path, err, sizeof(err))) == NULL) {
		log_event(LOG_ERROR, "db.open", "error", err, NULL);
		return NULL;
	}
	if (p->pragma)
		db_exec(db, p->pragma);
	return db;
}

struct db *
db_pool_get(struct db_pool *p)
{
	struct db *db = NULL;

	pthread_mutex_lock(&p->lock);
	while (p->idle == 0 && p->opened == p->size)
		pthread_cond_wait(&p->freed, &p->lock);
	if (p->idle > 0) {
		db = p->free[--p->idle];
		pthread_mutex_unlock(&p->lock);
		return db;
	}
	p->opened++;		/* a slot is ours while we open */
	pthread_mutex_unlock(&p->lock);
	if ((db = open_one(p)) == NULL) {
		pthread_mutex_lock(&p->lock);
		p->opened--;
		pthread_cond_signal(&p->freed);
		pthread_mutex_unlock(&p->lock);
	}
	return db;
}

void
db_pool_put(struct db_pool *p, struct db *db)
{
	if (db == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->free[p->idle++] = db;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}
