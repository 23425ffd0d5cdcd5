/* Switchboard — the job runner: one background thread that runs long work
 * (backups now; imports and reboot campaigns later) in submission order,
 * with its own database connection, recording progress in the jobs table
 * for GET /api/v1/jobs/{id} and its event stream. */
#ifndef SB_JOBS_H
#define SB_JOBS_H

#include <jansson.h>
#include <stdint.h>

struct db;
struct job_ctx;

/* Work function: returns 0 on success; result (new reference, may be NULL)
 * and error message go through job_set_result / job_fail. */
typedef int (*job_fn)(struct job_ctx *ctx, void *arg);

/* Start the runner with its own connection to db_path. Jobs a previous
 * process left queued or running are settled first: a backup whose file
 * is complete is done; every other one failed ("interrupted"), since work
 * done in a transaction records its job done in that transaction
 * (job_done_in). 0 or -1. */
int	 jobs_start(const char *db_path, char *err, size_t errlen);

/* fn is called on the jobs thread after every job, whatever its outcome
 * (the provisioning file cache is dropped then: imports and migrations
 * change phones). Call before jobs_start. */
void	 jobs_on_finished(void (*fn)(void));

/* Stop after the current job; queued jobs are marked failed at next start. */
void	 jobs_stop(void);

/* Queue work in two steps. jobs_create makes the job row ("queued")
 * through db, the caller's connection: the job id, or -1 when there is no
 * runner. jobs_run then hands arg to fn on the runner thread for that job;
 * free_arg (may be NULL) frees it afterwards. A job may hold the write
 * lock for as long as it runs, so the request makes its own writes (its
 * audit record) between the two: after jobs_run they would wait for the
 * job. Thread-safe. */
int64_t	 jobs_create(struct db *db, const char *kind, int64_t created_by);
void	 jobs_run(int64_t id, job_fn fn, void *arg, void (*free_arg)(void *));

/* Put the live progress of a running job into job (as job_store_get
 * gives it). Thread-safe. */
void	 jobs_overlay_progress(json_t *job);

/* For work functions: report progress (kept in memory, so it shows even
 * while the work holds a write transaction), set the result (takes the
 * reference), or the failure message. */
void	 job_progress(struct job_ctx *ctx, int64_t done, int64_t total);
void	 job_set_result(struct job_ctx *ctx, json_t *result);
void	 job_fail(struct job_ctx *ctx, const char *message);
struct db *job_db(struct job_ctx *ctx);

/* For work outside the database: keep note (borrowed) in the job's
 * result while it runs, what a restart needs to tell whether the work got
 * done (jobs_start). 0 or -1. */
int	 job_note(struct job_ctx *ctx, json_t *note);

/* For work done in one transaction on its own connection (job_open_db):
 * record the job done, with result (takes the reference), through db
 * inside that transaction, as its last write before the commit. The
 * job's state then commits with its work: no restart can find the work
 * committed and the job not done, or the other way round. If the commit
 * then fails, the work function returns non-zero as usual and the job
 * is recorded failed without that result. 0, or -1 (roll back and fail). */
int	 job_done_in(struct job_ctx *ctx, struct db *db, json_t *result);

/* A second connection to the database, for work done in one long
 * transaction: progress written through job_db() stays visible meanwhile.
 * Caller closes it with db_close(). NULL on failure. */
struct db *job_open_db(struct job_ctx *ctx);

#endif
