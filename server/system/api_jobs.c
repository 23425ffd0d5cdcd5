/* Switchboard — jobs: state, progress and a live event stream. */
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "../../db/job_store.h"
#include "../http/api.h"
#include "jobs.h"
#include "../lib/util.h"

#define EVENTS_POLL_MS 250
#define EVENTS_MAX_MS (60 * 60 * 1000)	/* the browser reconnects after */
#define EVENTS_HEARTBEAT_MS 15000
#define EVENTS_MAX_STREAMS 8	/* each holds a worker thread */

static atomic_int open_streams;

/* Kinds of job whose routes are for administrators only: their jobs are
 * too, or a viewer would read an export's archive names and devices. */
static const char *const admin_kinds[] = { "sip_devices.", "backup", NULL };

/* The job of id when the caller may see it, or NULL. */
static json_t *
visible_job(struct req *r, int64_t id)
{
	json_t *job = job_store_get(r->db, id);
	const char *kind = json_string_value(json_object_get(job, "kind"));
	size_t i;

	if (job == NULL || r->auth.role >= ROLE_ADMIN)
		return job;
	for (i = 0; admin_kinds[i]; i++)
		if (kind && strncmp(kind, admin_kinds[i],
		    strlen(admin_kinds[i])) == 0) {
			json_decref(job);
			return NULL;
		}
	return job;
}

/* GET /api/v1/jobs/{id}: 200, 404. */
int
api_jobs_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = visible_job(r, id)) == NULL)
		return req_error(r, 404, "not_found", "No such job.");
	jobs_overlay_progress(r->out);
	return 200;
}

static bool
finished(json_t *job)
{
	const char *s = json_string_value(json_object_get(job, "state"));

	return s && (strcmp(s, "done") == 0 || strcmp(s, "failed") == 0);
}

/* GET /api/v1/jobs/{id}/events: 200 (text/event-stream), 404, 503 when
 * too many streams are open. Sends a
 * "progress" event whenever the job changes and ends with "done" or
 * "failed"; a comment line every 15 s keeps proxies from closing it. */
int
api_jobs_events(struct req *r)
{
	json_t *job, *last = NULL;
	int64_t id, start = now_mono_ms(), beat = start;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((job = visible_job(r, id)) == NULL)
		return req_error(r, 404, "not_found", "No such job.");
	jobs_overlay_progress(job);
	if (atomic_fetch_add(&open_streams, 1) >= EVENTS_MAX_STREAMS) {
		atomic_fetch_sub(&open_streams, 1);
		json_decref(job);
		return req_error(r, 503, "busy", "Too many live progress "
		    "streams are open; follow the job at /api/v1/jobs/{id}.");
	}
	for (;;) {
		if (last == NULL || !json_equal(job, last)) {
			const char *ev = finished(job) ? json_string_value(
			    json_object_get(job, "state")) : "progress";

			if (r->sse_send(r, ev, job) != 0)
				break;
			beat = now_mono_ms();
			if (finished(job))
				break;
		} else if (now_mono_ms() - beat > EVENTS_HEARTBEAT_MS) {
			if (r->sse_send(r, NULL, NULL) != 0)
				break;
			beat = now_mono_ms();
		}
		if (now_mono_ms() - start > EVENTS_MAX_MS)
			break;
		json_decref(last);
		last = job;
		usleep(EVENTS_POLL_MS * 1000);
		if ((job = job_store_get(r->db, id)) == NULL)
			break;
		jobs_overlay_progress(job);
	}
	atomic_fetch_sub(&open_streams, 1);
	json_decref(job);
	json_decref(last);
	return 200;
}
