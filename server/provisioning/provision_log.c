/* Switchboard — queued provisioning records. */
#include "provision_log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/phone_store.h"
#include "../../db/provision_store.h"
#include "../../db/sighting_store.h"
#include "../lib/log.h"
#include "provision.h"
#include "../lib/util.h"

struct queued {
	int64_t	 phone_id;
	char	*mac, *manufacturer, *model, *firmware, *ua, *client, *path;
	char	*outcome;
	bool	 fetched_config, up_to_date, proven, believed;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct queued *queue;
static size_t nqueue, capqueue;
static int64_t dropped;
/* Phones whose first fetch is queued but not yet written: the door of
 * address trust is closed for them at once, in memory. */
static int64_t *pending;
static size_t npending, cappending;
/* The first ids of the pending set were committed at the last flush:
 * they leave at the next one. A request's read snapshot is far younger
 * than a flush interval (250 ms), so none can have been taken before
 * their commit and still find them gone from here. */
static size_t written;

/* All of an event's strings in one block (a boot storm queues thousands
 * a second): q->mac owns it; the other pointers point into it. */
static void
pack(struct queued *q, const struct provision_event *e)
{
	const char *src[8] = { e->mac ? e->mac : "", e->manufacturer,
	    e->model, e->firmware, e->user_agent, e->client, e->path,
	    e->outcome };
	char **dst[8] = { &q->mac, &q->manufacturer, &q->model, &q->firmware,
	    &q->ua, &q->client, &q->path, &q->outcome };
	size_t len[8], total = 0, i;
	char *block, *at;

	for (i = 0; i < 8; i++)
		total += (len[i] = strlen(src[i] ? src[i] : "")) + 1;
	at = block = xmalloc(total);
	for (i = 0; i < 8; i++) {
		memcpy(at, src[i] ? src[i] : "", len[i] + 1);
		*dst[i] = at;
		at += len[i] + 1;
	}
}

void
provision_log_add(const struct provision_event *e)
{
	struct queued q;

	q.phone_id = e->phone_id;
	pack(&q, e);
	q.fetched_config = e->fetched_config;
	q.up_to_date = e->up_to_date;
	q.proven = e->proven;
	q.believed = e->believed;
	pthread_mutex_lock(&lock);
	if (nqueue >= PROVISION_LOG_MAX) {
		dropped++;
		pthread_mutex_unlock(&lock);
		free(q.mac);
		return;
	}
	if (nqueue == capqueue) {
		capqueue = capqueue ? capqueue * 2 : 256;
		queue = xrealloc(queue, capqueue * sizeof(*queue));
	}
	queue[nqueue++] = q;
	/* Only a fetch on address trust closes a door: a proven one was
	 * made with credentials that an earlier fetch handed out. */
	if (q.fetched_config && !q.proven && q.phone_id > 0) {
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

/* Write the queue newest first: per phone only its latest contact (and
 * latest fetch), per MAC its latest sighting with the number of requests,
 * per outcome one count: a boot storm's thousands of requests a second
 * become a few hundred rows. */
static void
write_all(struct db *db, struct queued *q, size_t n)
{
	json_t *contact = json_object(), *fetched = json_object();
	json_t *macs = json_object(), *hits = json_object(), *v;
	const char *k;
	char key[32];
	size_t i;

	for (i = 0; i < n; i++) {	/* requests per MAC */
		if (q[i].mac && q[i].mac[0]) {
			v = json_object_get(macs, q[i].mac);
			json_object_set_new(macs, q[i].mac, json_integer(
			    json_integer_value(v) + 1));
		}
		v = json_object_get(hits, q[i].outcome);
		json_object_set_new(hits, q[i].outcome, json_integer(
		    json_integer_value(v) + 1));
	}
	for (i = n; i-- > 0; ) {
		struct queued *e = &q[i];

		if (e->mac && e->mac[0] && json_integer_value(json_object_get(
		    macs, e->mac)) > 0) {
			struct sighting s = { e->mac, e->manufacturer, e->model,
			    e->firmware, e->ua, e->client, e->path };

			sighting_store_record(db, &s, (int)json_integer_value(
			    json_object_get(macs, e->mac)),
			    PROVISION_SIGHTINGS_PER_ADDRESS);
			json_object_set_new(macs, e->mac, json_integer(0));
		}
		/* Only a request that proved it is the phone (or made its
		 * first fetch from a trusted network) says where the phone
		 * is and what it runs: the reboot NOTIFY goes there. */
		if (e->phone_id <= 0 || !e->believed)
			continue;
		snprintf(key, sizeof(key), "%lld", (long long)e->phone_id);
		if (json_object_get(contact, key) == NULL) {
			phone_store_contact(db, e->phone_id, e->ua,
			    e->firmware, e->client);
			json_object_set_new(contact, key, json_true());
		}
		if (e->fetched_config && json_object_get(fetched, key) ==
		    NULL) {
			phone_store_fetched(db, e->phone_id, e->up_to_date,
			    e->proven);
			json_object_set_new(fetched, key, json_true());
		}
	}
	json_object_foreach(hits, k, v)
		provision_store_hit(db, k, (int)json_integer_value(v));
	json_decref(contact);
	json_decref(fetched);
	json_decref(macs);
	json_decref(hits);
}

static void
release(struct queued *q)
{
	free(q->mac);	/* the block of all its strings */
}

int
provision_log_flush(struct db *db)
{
	struct queued *mine;
	size_t n, i, ndone;
	int rc;

	pthread_mutex_lock(&lock);
	mine = queue;
	n = nqueue;
	queue = NULL;
	nqueue = capqueue = 0;
	/* The phones these events fetched stay in the pending set until
	 * their rows are committed: between the two, neither would say so,
	 * and address trust would be open again for a moment. */
	if (written > 0) {
		memmove(pending, pending + written, (npending - written) *
		    sizeof(*pending));
		npending -= written;
		written = 0;
	}
	ndone = npending;
	pthread_mutex_unlock(&lock);
	if (n == 0)
		return 0;
	if ((rc = db_begin(db)) == 0) {
		write_all(db, mine, n);
		rc = db_commit(db);
		if (rc != 0)
			db_rollback(db);
	}
	if (rc != 0)
		log_event(LOG_WARN, "provision.log", "error", db_errmsg(db),
		    NULL);
	/* Written: the database answers for these phones now, and they
	 * leave the set at the next flush. On a failed write they stay
	 * pending, so their door stays closed (until a restart); the
	 * failure is in the log. Newer ids were appended. */
	if (rc == 0) {
		pthread_mutex_lock(&lock);
		written = ndone;
		pthread_mutex_unlock(&lock);
	}
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
