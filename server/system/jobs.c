/* Switchboard — the job runner. */
#include "jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/db.h"
#include "../../db/job_store.h"
#include "backups.h"
#include "../lib/log.h"
#include "../lib/util.h"


struct job_item {
	int64_t		 id;
	job_fn		 fn;
	void		*arg;
	void		(*free_arg)(void *);
	struct job_item	*next;
};

struct job_ctx {
	int64_t		 id;
	struct db	*db;
	json_t		*result;
	char		 error[512];
	bool		 recorded;	/* job_done_in wrote "done" */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
/* The running job's progress: one job runs at a time. */
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t live_id, live_done, live_total;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct job_item *head, *tail;
static bool running, stopping;
static pthread_t thread;
static struct db *runner_db;
static char runner_db_path[1100];
static void (*on_finished)(void);	/* set before jobs_start */

static void
run_one(struct job_item *it)
{
	struct job_ctx ctx;
	char id[24];
	bool recorded;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.id = it->id;
	ctx.db = runner_db;
	snprintf(id, sizeof(id), "%lld", (long long)it->id);
	job_store_start(runner_db, it->id);
	log_event(LOG_INFO, "job.start", "id", id, NULL);
	rc = it->fn(&ctx, it->arg);
	/* Done already, in the transaction that did the work. */
	recorded = rc == 0 && ctx.recorded;
	pthread_mutex_lock(&live_mu);
	if (live_id == it->id && !recorded)
		job_store_progress(runner_db, it->id, live_done, live_total);
	live_id = 0;
	pthread_mutex_unlock(&live_mu);
	if (rc != 0 && ctx.recorded) {
		/* Its transaction did not commit, nor the result with it. */
		json_decref(ctx.result);
		ctx.result = NULL;
	}
	if (rc != 0 && ctx.error[0] == '\0')
		snprintf(ctx.error, sizeof(ctx.error), "the job failed");
	if (on_finished)
		on_finished();	/* imports, migrations change phones */
	if (!recorded)
		job_store_finish(runner_db, it->id, rc == 0 ? "done" :
		    "failed", ctx.result, rc == 0 ? NULL : ctx.error);
	log_event(rc == 0 ? LOG_INFO : LOG_WARN, "job.finish", "id", id,
	    "state", rc == 0 ? "done" : "failed", "error",
	    rc == 0 ? NULL : ctx.error, NULL);
	json_decref(ctx.result);
	if (it->free_arg)
		it->free_arg(it->arg);
	free(it);
}

static void *
runner(void *unused)
{
	struct job_item *it;

	(void)unused;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (head == NULL && !stopping)
			pthread_cond_wait(&cv, &mu);
		if (stopping) {
			pthread_mutex_unlock(&mu);
			break;
		}
		it = head;
		head = it->next;
		if (head == NULL)
			tail = NULL;
		pthread_mutex_unlock(&mu);
		run_one(it);
	}
	return NULL;
}

/* Work that is not a database transaction (a backup is a file) cannot
 * record its job done atomically with itself: a restart asks the kind
 * whether the work got done, from the note the job kept (job_note). */
static const struct {
	const char	*kind;
	int		(*settle)(const json_t *note, json_t **result);
} settlers[] = {
	{ "backup", backups_settle },
	{ "system_backup", backups_settle },
};

static void
settle_interrupted(struct db *db)
{
	json_t *jobs = job_store_running(db), *job, *result;
	size_t i, k;

	json_array_foreach(jobs, i, job) {
		const char *kind = json_string_value(json_object_get(job,
		    "kind"));
		char id[24];

		for (k = 0; k < sizeof(settlers) / sizeof(settlers[0]); k++) {
			if (strcmp(kind, settlers[k].kind) != 0)
				continue;
			result = NULL;
			if (settlers[k].settle(json_object_get(job, "result"),
			    &result) == 0 && job_store_finish(db,
			    json_integer_value(json_object_get(job, "id")),
			    "done", result, NULL) == DB_OK) {
				snprintf(id, sizeof(id), "%lld", (long long)
				    json_integer_value(json_object_get(job,
				    "id")));
				log_event(LOG_INFO, "job.settled", "id", id,
				    "kind", kind, "state", "done", NULL);
			}
			json_decref(result);
		}
	}
	json_decref(jobs);
}

void
jobs_on_finished(void (*fn)(void))
{
	on_finished = fn;
}

int
jobs_start(const char *db_path, char *err, size_t errlen)
{
	if ((runner_db = db_open(db_path, err, errlen)) == NULL)
		return -1;
	snprintf(runner_db_path, sizeof(runner_db_path), "%s", db_path);
	settle_interrupted(runner_db);
	job_store_fail_interrupted(runner_db);
	stopping = false;
	if (thread_start(&thread, runner, NULL, "sb-jobs") != 0) {
		snprintf(err, errlen, "cannot start the job runner");
		db_close(runner_db);
		runner_db = NULL;
		return -1;
	}
	running = true;
	return 0;
}

void
jobs_stop(void)
{
	struct job_item *it;

	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
	while ((it = head) != NULL) {
		head = it->next;
		if (it->free_arg)
			it->free_arg(it->arg);
		free(it);
	}
	tail = NULL;
	job_store_fail_interrupted(runner_db);
	db_close(runner_db);
	runner_db = NULL;
	running = false;
}

int64_t
jobs_create(struct db *db, const char *kind, int64_t created_by)
{
	int64_t id;

	if (!running || job_store_create(db, kind, created_by, &id) != DB_OK)
		return -1;
	return id;
}

void
jobs_run(int64_t id, job_fn fn, void *arg, void (*free_arg)(void *))
{
	struct job_item *it = xcalloc(1, sizeof(*it));

	it->id = id;
	it->fn = fn;
	it->arg = arg;
	it->free_arg = free_arg;
	pthread_mutex_lock(&mu);
	if (tail)
		tail->next = it;
	else
		head = it;
	tail = it;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

void
job_progress(struct job_ctx *ctx, int64_t done, int64_t total)
{
	pthread_mutex_lock(&live_mu);
	live_id = ctx->id;
	live_done = done;
	live_total = total;
	pthread_mutex_unlock(&live_mu);
}

void
jobs_overlay_progress(json_t *job)
{
	json_int_t id = json_integer_value(json_object_get(job, "id"));
	const char *state = json_string_value(json_object_get(job, "state"));

	if (state == NULL || strcmp(state, "running") != 0)
		return;
	pthread_mutex_lock(&live_mu);
	if (live_id == id)
		json_object_set_new(job, "progress", json_pack("{s:I,s:I}",
		    "done", (json_int_t)live_done, "total",
		    (json_int_t)live_total));
	pthread_mutex_unlock(&live_mu);
}

void
job_set_result(struct job_ctx *ctx, json_t *result)
{
	json_decref(ctx->result);
	ctx->result = result;
}

void
job_fail(struct job_ctx *ctx, const char *message)
{
	snprintf(ctx->error, sizeof(ctx->error), "%s", message);
}

int
job_note(struct job_ctx *ctx, json_t *note)
{
	return job_store_note(ctx->db, ctx->id, note) == DB_OK ? 0 : -1;
}

int
job_done_in(struct job_ctx *ctx, struct db *db, json_t *result)
{
	int64_t total = 0;

	job_set_result(ctx, result);
	pthread_mutex_lock(&live_mu);
	if (live_id == ctx->id)
		total = live_total;
	pthread_mutex_unlock(&live_mu);
	ctx->recorded = job_store_progress(db, ctx->id, total, total) ==
	    DB_OK && job_store_finish(db, ctx->id, "done", ctx->result, NULL)
	    == DB_OK;
	return ctx->recorded ? 0 : -1;
}

struct db *
job_db(struct job_ctx *ctx)
{
	return ctx->db;
}

struct db *
job_open_db(struct job_ctx *ctx)
{
	char err[256];

	(void)ctx;
	return db_open(runner_db_path, err, sizeof(err));
}
