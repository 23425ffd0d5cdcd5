/* Switchboard — queued provisioning records. */
#include "provision_log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../db/provision_store.h"
#include "../db/sighting_store.h"
#include "log.h"
#include "util.h"

struct queued {
	int64_t	 phone_id;
	char	*mac, *manufacturer, *model, *firmware, *ua, *client, *path;
	char	*outcome;
	bool	 fetched_config, up_to_date, proven;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct queued *queue;
static size_t nqueue, capqueue;
static int64_t dropped;
/* Phones whose first fetch is queued but not yet written: the door of
 * address trust is closed for them at once, in memory. */
static int64_t *pending;
static size_t npending, cappending;

static char *
dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

void
provision_log_add(const struct provision_event *e)
{
	struct queued q;

	q.phone_id = e->phone_id;
	q.mac = e->mac ? xstrdup(e->mac) : NULL;
	q.manufacturer = dup_or_empty(e->manufacturer);
	q.model = dup_or_empty(e->model);
	q.firmware = dup_or_empty(e->firmware);
	q.ua = dup_or_empty(e->user_agent);
	q.client = dup_or_empty(e->client);
	q.path = dup_or_empty(e->path);
	q.outcome = dup_or_empty(e->outcome);
	q.fetched_config = e->fetched_config;
	q.up_to_date = e->up_to_date;
	q.proven = e->proven;
	pthread_mutex_lock(&lock);
	if (nqueue >= PROVISION_LOG_MAX) {
		dropped++;
		pthread_mutex_unlock(&lock);
		free(q.mac); free(q.manufacturer); free(q.model);
		free(q.firmware); free(q.ua); free(q.client); free(q.path);
		free(q.outcome);
		return;
	}
	if (nqueue == capqueue) {
		capqueue = capqueue ? capqueue * 2 : 256;
		queue = xrealloc(queue, capqueue * sizeof(*queue));
	}
	queue[nqueue++] = q;
	if (q.fetched_config && q.phone_id > 0) {
		if (npending == cappending) {
			cappending = cappending ? cappending * 2 : 256;
			pending = xrealloc(pending, cappending *
			    sizeof(*pending));
		}
		pending[npending++] = q.phone_id;
	}
	pthread_mutex_unlock(&lock);
}

bool
provision_log_fetch_pending(int64_t phone_id)
{
	size_t i;
	bool found = false;

	pthread_mutex_lock(&lock);
	for (i = 0; i < npending && !found; i++)
		found = pending[i] == phone_id;
	pthread_mutex_unlock(&lock);
	return found;
}

static void
write_one(struct db *db, const struct queued *q)
{
	if (q->mac && q->mac[0]) {
		struct sighting s = { q->mac, q->manufacturer, q->model,
		    q->firmware, q->ua, q->client, q->path };

		sighting_store_record(db, &s);
	}
	if (q->phone_id > 0) {
		provision_store_contact(db, q->phone_id, q->ua, q->firmware,
		    q->client);
		if (q->fetched_config)
			provision_store_fetched(db, q->phone_id, q->up_to_date,
			    q->proven);
	}
	provision_store_hit(db, q->outcome);
}

static void
release(struct queued *q)
{
	free(q->mac); free(q->manufacturer); free(q->model); free(q->firmware);
	free(q->ua); free(q->client); free(q->path); free(q->outcome);
}

int
provision_log_flush(struct db *db)
{
	struct queued *mine;
	size_t n, i;
	int rc;

	int64_t *done;
	size_t ndone;

	pthread_mutex_lock(&lock);
	mine = queue;
	n = nqueue;
	queue = NULL;
	nqueue = capqueue = 0;
	done = pending;
	ndone = npending;
	pending = NULL;
	npending = cappending = 0;
	pthread_mutex_unlock(&lock);
	if (n == 0) {
		free(done);
		return 0;
	}
	if ((rc = db_begin(db)) == 0) {
		for (i = 0; i < n; i++)
			write_one(db, &mine[i]);
		rc = db_commit(db);
		if (rc != 0)
			db_rollback(db);
	}
	if (rc != 0)
		log_event(LOG_WARN, "provision.log", "error", db_errmsg(db),
		    NULL);
	/* Written (or, on a failed write, given up): the database answers
	 * for these phones again. A failed write leaves their first fetch
	 * unrecorded; their next fetch asks for the proof anyway once they
	 * prove themselves, and the failure is in the log. */
	(void)ndone;
	free(done);
	for (i = 0; i < n; i++)
		release(&mine[i]);
	free(mine);
	return rc == 0 ? (int)n : -1;
}

int64_t
provision_log_dropped(void)
{
	int64_t d;

	pthread_mutex_lock(&lock);
	d = dropped;
	pthread_mutex_unlock(&lock);
	return d;
}
