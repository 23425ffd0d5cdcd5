/* Switchboard — the Assistant's Commit Changes: every accepted row of an
 * import becomes a phone, in one transaction or not at all.
 *
 * Two threads share the work. A checker reads the staged rows, checks each
 * again by the rules of a phone created alone (the estate may have changed
 * since the parse report) and prepares it: passwords made and sealed. The
 * job's thread writes what is prepared. The checker reads a snapshot of the
 * estate taken after the writer holds the write lock, so the snapshot is
 * the estate the phones join; what it cannot see, the other rows of this
 * list, the parse report already kept unique, and UNIQUE constraints stay
 * the last word. License pools are checked once, at the end, on the
 * writer's connection, where every new station is counted. */
#include "assistant.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/import_store.h"
#include "../db/license_store.h"
#include "../db/phone_store.h"
#include "phone_input.h"
#include "util.h"

#define COMMIT_PAGE	500
#define RING		64	/* prepared phones in flight */

struct prepared {
	int		 row;
	struct phone_in	 p;
};

struct pipeline {
	const struct assistant_commit *c;
	struct db	*rdb;		/* the checker's snapshot */
	pthread_mutex_t	 lock;
	pthread_cond_t	 filled, emptied;
	struct prepared	 ring[RING];
	unsigned	 head, tail;	/* tail - head prepared */
	bool		 finished;	/* the checker is done */
	bool		 cancel;	/* the writer gave up */
	int		 fail_row;	/* a row the rules refused, or 0 */
	json_t		*fail_out;	/* its error body */
};

/* Licenses and access control chosen in the wizard apply to every station
 * appearance of a TMM list. */
static void
apply_choices(json_t *phone, const struct assistant_commit *c)
{
	json_t *st;
	size_t i;

	json_array_foreach(json_object_get(phone, "stations"), i, st) {
		if (c->licenses)
			json_object_set(st, "licenses", c->licenses);
		if (c->access_control)
			json_object_set(st, "access_control", c->access_control);
	}
}

/* Check and prepare one staged row into its ring slot. 0, or -1 with the
 * refusal kept in q. */
static int
prepare_row(struct pipeline *q, json_t *row, struct prepared *slot)
{
	json_t *phone = json_object_get(row, "phone");
	json_t *w = json_array(), *g = json_array();
	struct req scratch;
	int status;

	apply_choices(phone, q->c);
	memset(&scratch, 0, sizeof(scratch));
	scratch.db = q->rdb;
	scratch.body = phone;
	slot->row = (int)json_integer_value(json_object_get(row, "row"));
	status = phone_input_parse(&scratch, 0, &slot->p, w, g,
	    PHONE_INPUT_NO_LICENSE_FIT);
	json_decref(w);
	json_decref(g);
	if (status == 0)
		return 0;
	phone_in_release(&slot->p);
	pthread_mutex_lock(&q->lock);
	q->fail_row = slot->row;
	q->fail_out = scratch.out;
	pthread_mutex_unlock(&q->lock);
	return -1;
}

static void *
checker(void *arg)
{
	struct pipeline *q = arg;
	json_t *rows, *row;
	int after = 0, stop = 0;
	size_t i;

	while (!stop) {
		rows = import_store_accepted_after(q->rdb, q->c->import_id,
		    COMMIT_PAGE, after);
		if (json_array_size(rows) == 0) {
			json_decref(rows);
			break;
		}
		after = (int)json_integer_value(json_object_get(json_array_get(
		    rows, json_array_size(rows) - 1), "row"));
		json_array_foreach(rows, i, row) {
			struct prepared *slot;

			pthread_mutex_lock(&q->lock);
			while (q->tail - q->head == RING && !q->cancel)
				pthread_cond_wait(&q->emptied, &q->lock);
			stop = q->cancel;
			pthread_mutex_unlock(&q->lock);
			if (stop)
				break;
			/* The slot at tail is the checker's until published. */
			slot = &q->ring[q->tail % RING];
			if (prepare_row(q, row, slot) != 0) {
				stop = 1;
				break;
			}
			pthread_mutex_lock(&q->lock);
			q->tail++;
			pthread_cond_signal(&q->filled);
			pthread_mutex_unlock(&q->lock);
		}
		json_decref(rows);
	}
	pthread_mutex_lock(&q->lock);
	q->finished = true;
	pthread_cond_signal(&q->filled);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* The next prepared phone, or NULL when the checker is done. */
static struct prepared *
next_prepared(struct pipeline *q)
{
	struct prepared *slot = NULL;

	pthread_mutex_lock(&q->lock);
	while (q->tail == q->head && !q->finished)
		pthread_cond_wait(&q->filled, &q->lock);
	if (q->tail != q->head)
		slot = &q->ring[q->head % RING];
	pthread_mutex_unlock(&q->lock);
	return slot;
}

static void
release_slot(struct pipeline *q, struct prepared *slot)
{
	phone_in_release(&slot->p);
	pthread_mutex_lock(&q->lock);
	q->head++;
	pthread_cond_signal(&q->emptied);
	pthread_mutex_unlock(&q->lock);
}

/* Stop the checker and free what it prepared. */
static void
pipeline_stop(struct pipeline *q, pthread_t t)
{
	pthread_mutex_lock(&q->lock);
	q->cancel = true;
	pthread_cond_signal(&q->emptied);
	pthread_mutex_unlock(&q->lock);
	pthread_join(t, NULL);
	for (; q->head != q->tail; q->head++)
		phone_in_release(&q->ring[q->head % RING].p);
}

static void
commit_failed(struct job_ctx *ctx, int row, json_t *out)
{
	json_t *err = json_object_get(out, "error");
	char msg[600];

	snprintf(msg, sizeof(msg), "Row %d: %s Nothing was created.", row,
	    json_string_value(json_object_get(err, "message")));
	job_set_result(ctx, json_pack("{s:i,s:O}", "row", row, "error", err));
	job_fail(ctx, msg);
}

/* Every pool with a total must hold what it held before (before: its
 * license_store_limited in this transaction) plus the new stations. 0, or
 * -1 with the seed's message in the job. */
static int
licenses_fit(struct job_ctx *ctx, struct db *db, json_t *before)
{
	json_t *after = license_store_limited(db), *b, *a;
	json_t *details = json_array();
	char msg[600];
	size_t i, at;
	int rc = 0;

	at = (size_t)snprintf(msg, sizeof(msg), "Some or all licenses could "
	    "not be allocated to each station appearance:");
	json_array_foreach(after, i, a) {
		json_int_t total, used, was;

		b = json_array_get(before, i);	/* the same pools, same order */
		total = json_integer_value(json_object_get(a, "total"));
		used = json_integer_value(json_object_get(a, "used"));
		was = json_integer_value(json_object_get(b, "used"));
		if (used <= total)
			continue;
		json_array_append_new(details, json_pack("{s:s,s:O,s:I,s:I,s:I}",
		    "field", "licenses", "license", json_object_get(a, "name"),
		    "total", total, "in_use", was, "asked", used - was));
		if (at < sizeof(msg))
			at += (size_t)snprintf(msg + at, sizeof(msg) - at,
			    " %s: %lld of %lld in use, %lld more asked for.",
			    json_string_value(json_object_get(a, "name")),
			    (long long)was, (long long)total,
			    (long long)(used - was));
		rc = -1;
	}
	if (rc != 0) {
		job_set_result(ctx, json_pack("{s:{s:s,s:s,s:o}}", "error",
		    "code", "licenses", "message", "Some or all licenses could "
		    "not be allocated to each station appearance", "details",
		    details));
		job_fail(ctx, msg);
	} else {
		json_decref(details);
	}
	json_decref(after);
	return rc;
}

int
assistant_commit_job(struct job_ctx *ctx, void *arg)
{
	struct assistant_commit *c = arg;
	/* The phones go in through a connection of their own, in one
	 * transaction; progress goes through the runner's and shows live. */
	struct db *db = job_open_db(ctx);
	json_t *imp = db ? import_store_get(db, c->import_id) : NULL;
	json_t *created = json_array(), *pools = NULL;
	struct pipeline *q = NULL;
	struct prepared *slot;
	int64_t total, done = 0;
	pthread_t t;
	int rc = -1;

	if (imp == NULL || strcmp(json_string_value(json_object_get(imp,
	    "state")), "parsed") != 0) {
		job_fail(ctx, "This list was committed already or is gone.");
		goto out;
	}
	total = json_integer_value(json_object_get(json_object_get(imp,
	    "report"), "accepted"));
	q = xcalloc(1, sizeof(*q));
	q->c = c;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->filled, NULL);
	pthread_cond_init(&q->emptied, NULL);
	/* The write lock first, then the snapshot: nothing can change the
	 * estate in between. */
	if (db_begin(db) != 0 || (q->rdb = job_open_db(ctx)) == NULL ||
	    db_begin_read(q->rdb) != 0) {
		db_rollback(db);
		job_fail(ctx, "The database is busy; try again.");
		goto out;
	}
	pools = license_store_limited(db);
	if (thread_start(&t, checker, q, "sb-check") != 0) {
		db_rollback(db);
		job_fail(ctx, "The commit could not start; try again.");
		goto out;
	}
	job_progress(ctx, 0, total);
	while ((slot = next_prepared(q)) != NULL) {
		int64_t id = 0;

		if (phone_store_save(db, 0, &slot->p, &id) != DB_OK) {
			json_t *err = json_pack("{s:{s:s,s:s}}", "error", "code",
			    "internal", "message", "The phone could not be "
			    "saved.");

			db_rollback(db);
			commit_failed(ctx, slot->row, err);
			json_decref(err);
			pipeline_stop(q, t);
			goto out;
		}
		if (json_array_size(created) < ASSISTANT_REPORT_LIST_MAX)
			json_array_append_new(created, json_pack("{s:I,s:s,s:s?}",
			    "id", (json_int_t)id, "name", slot->p.name, "address",
			    slot->p.address[0] ? slot->p.address : NULL));
		release_slot(q, slot);
		job_progress(ctx, ++done, total);
	}
	pthread_join(t, NULL);
	if (q->fail_row) {
		db_rollback(db);
		commit_failed(ctx, q->fail_row, q->fail_out);
		goto out;
	}
	if (licenses_fit(ctx, db, pools) != 0) {
		db_rollback(db);
		goto out;
	}
	if (import_store_set_state(db, c->import_id, "committed") != DB_OK ||
	    db_commit(db) != 0) {
		db_rollback(db);
		job_fail(ctx, "The phones could not be saved; nothing was "
		    "created.");
		goto out;
	}
	job_set_result(ctx, json_pack("{s:I,s:I,s:O}", "import_id",
	    (json_int_t)c->import_id, "created", (json_int_t)done, "phones",
	    created));
	rc = 0;
out:
	if (q) {
		if (q->rdb)
			db_rollback(q->rdb);
		db_close(q->rdb);
		json_decref(q->fail_out);
		pthread_mutex_destroy(&q->lock);
		pthread_cond_destroy(&q->filled);
		pthread_cond_destroy(&q->emptied);
		free(q);
	}
	json_decref(pools);
	json_decref(created);
	json_decref(imp);
	db_close(db);
	return rc;
}

void
assistant_commit_free(void *arg)
{
	struct assistant_commit *c = arg;

	json_decref(c->licenses);
	json_decref(c->access_control);
	free(c);
}
