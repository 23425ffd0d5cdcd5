/* Switchboard — reboot campaigns over the API: push a reboot (SIP NOTIFY
 * check-sync) to phones now, at a time, or after hours, paced; follow,
 * cancel and retry them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/job_store.h"
#include "../../db/reboot_store.h"
#include "../http/api.h"
#include "../phones/phone_selection.h"
#include "reboot_runner.h"
#include "reboots.h"
#include "sip_notifier.h"
#include "../lib/util.h"

#define REBOOT_PHONES_MAX	100000

/* "phones": [ids] or "filter" (phone_selection_read) into a new array,
 * each phone once; or NULL for "reboot_pending": true. */
static int
read_phones(struct req *r, int64_t **ids, size_t *n)
{
	json_t *pending = json_object_get(r->body, "reboot_pending");
	struct refusals rs;
	int rc;

	refusals_init(&rs);
	rc = phone_selection_read(r->db, r->body, REBOOT_PHONES_MAX, ids, n,
	    &rs);
	if (rc == 1 && !json_is_true(pending))
		refuse(&rs, "invalid_field", "phones", "Choose at least one "
		    "phone, or set \"reboot_pending\": true for every phone in "
		    "Reboot pending.");
	rc = rs.n ? req_refused(r, &rs) : 0;
	refusals_release(&rs);
	return rc;
}

/* "when": "now" | "after-hours" | an ISO-8601 time. */
static int
read_when(struct req *r, const char **kind, int64_t *at)
{
	const char *w;

	if (req_body_string(r, "when", 40, false, false, &w))
		return 422;
	*at = now_unix();
	if (w == NULL || strcmp(w, "now") == 0) {
		*kind = "now";
		return 0;
	}
	if (strcmp(w, "after-hours") == 0) {
		*kind = "after-hours";
		return 0;
	}
	*kind = "at";
	if (parse_utc(w, at) != 0)
		return req_field_error(r, 422, "invalid_field", "when",
		    "Use \"now\", \"after-hours\" or a time such as "
		    "2026-11-22T22:30:00Z.");
	if (*at < now_unix() - 60)
		return req_field_error(r, 422, "invalid_field", "when",
		    "That time has passed.");
	if (*at > now_unix() + 366 * 86400)
		return req_field_error(r, 422, "invalid_field", "when",
		    "Schedule a reboot at most a year ahead.");
	return 0;
}

static int
read_number(struct req *r, const char *name, double def, double lo,
    double hi, double *out, const char *msg)
{
	json_t *v = json_object_get(r->body, name);

	*out = def;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
	    json_number_value(v) < lo || json_number_value(v) > hi)
		return req_field_error(r, 422, "invalid_field", name, msg);
	*out = json_number_value(v);
	return 0;
}

/* Create the campaign and its job in one transaction. */
static int
create(struct req *r, const int64_t *ids, size_t nids, const char *kind,
    int64_t at, double rate, int concurrent, int64_t retry_of)
{
	struct reboot_phone *phones = NULL;
	int64_t *not_before = NULL, missing, job = 0, id = 0;
	size_t n = 0, i;
	struct reboot_new c;
	json_t *names;
	char target[40];
	int status;

	if (!sip_notifier_running())
		return req_error(r, 503, "unavailable", "The SIP notifier is "
		    "not running (see --sip-listen).");
	if (db_begin(r->db) != 0)
		return req_error(r, 500, "internal", "Database busy.");
	if (reboot_store_phones(r->db, ids, nids, &phones, &n, &missing) !=
	    DB_OK) {
		status = req_error(r, 500, "internal", "Database error.");
		goto fail;
	}
	if (missing) {
		char msg[80];

		snprintf(msg, sizeof(msg), "No phone with id %lld.",
		    (long long)missing);
		status = req_field_error(r, 422, "invalid_field", "phones", msg);
		goto fail;
	}
	if (n == 0) {
		status = req_field_error(r, 422, "invalid_field", "phones",
		    "No phone is in Reboot pending.");
		goto fail;
	}
	not_before = xcalloc(n, sizeof(*not_before));
	if (strcmp(kind, "after-hours") == 0) {
		/* Each phone its location's window; the campaign the
		 * earliest of them. */
		int64_t from = at;

		for (i = 0; i < n; i++) {
			not_before[i] = reboots_window_next(phones[i].time_zone,
			    phones[i].after_start, phones[i].after_end, from);
			if (i == 0 || not_before[i] < at)
				at = not_before[i];
		}
	} else
		for (i = 0; i < n; i++)
			not_before[i] = at;
	if (job_store_create(r->db, "reboot", r->auth.user.id, &job) !=
	    DB_OK) {
		status = req_error(r, 500, "internal", "Database error.");
		goto fail;
	}
	memset(&c, 0, sizeof(c));
	c.job_id = job;
	c.created_by = r->auth.user.id;
	c.created_by_name = r->auth.user.username;
	c.when_kind = kind;
	c.run_at = at;
	c.rate = rate;
	c.max_concurrent = concurrent;
	c.retry_of = retry_of;
	if (reboot_store_create(r->db, &c, phones, not_before, n, &id) !=
	    DB_OK || job_store_progress(r->db, job, 0, (int64_t)n) != DB_OK) {
		status = req_error(r, 500, "internal", "Database error.");
		goto fail;
	}
	if (db_commit(r->db) != 0) {
		status = req_error(r, 500, "internal", "Database busy.");
		goto fail_committed;
	}
	/* Who rebooted what: the phones by name (the first 100). */
	names = json_array();
	for (i = 0; i < n && i < 100; i++)
		json_array_append_new(names, json_string(phones[i].name));
	snprintf(target, sizeof(target), "reboot campaign %lld",
	    (long long)id);
	req_audit(r, retry_of ? "reboot.retry" : "reboot.create", target,
	    true, json_pack("{s:I,s:s,s:I,s:f,s:i,s:o}", "phones",
	    (json_int_t)n, "when", kind, "run_at", (json_int_t)at, "rate",
	    rate, "max_concurrent", concurrent, "names", names));
	free(phones);
	free(not_before);
	reboot_runner_wake();
	r->out = reboot_store_get(r->db, id);
	return 201;
fail:
	db_rollback(r->db);
fail_committed:
	free(phones);
	free(not_before);
	return status;
}

/* "check": true — how far the campaign would reach, nothing created:
 * 200 {"total","reachable","unreachable":[{"reason","phones"}]}. */
static int
reach(struct req *r, const int64_t *ids, size_t n)
{
	struct reboot_phone *phones = NULL;
	int64_t missing, *pending = NULL;
	size_t count = 0, i;

	if (ids == NULL) {	/* every phone in Reboot pending */
		if (reboot_store_phones(r->db, NULL, 0, &phones, &count,
		    &missing) != DB_OK) {
			free(phones);
			return req_error(r, 500, "internal", "Database error.");
		}
		pending = xcalloc(count ? count : 1, sizeof(*pending));
		for (i = 0; i < count; i++)
			pending[i] = phones[i].id;
		free(phones);
		ids = pending;
		n = count;
	}
	r->out = reboots_reach(r->db, ids, n);
	free(pending);
	return 200;
}

/* POST /api/v1/reboots: 201 with the campaign (200 with its reach for a
 * "check"); 422 naming the field. */
int
api_reboots_create(struct req *r)
{
	int64_t *ids, at;
	size_t n;
	const char *kind;
	double rate, concurrent;
	int status;

	if ((status = read_phones(r, &ids, &n)) != 0)
		return status;
	if ((status = read_when(r, &kind, &at)) != 0 ||
	    (status = read_number(r, "rate", REBOOT_RATE_DEFAULT, 0.01,
	    REBOOT_RATE_MAX, &rate, "The rate is phones per second, from "
	    "0.01 to 100000.")) != 0 ||
	    (status = read_number(r, "max_concurrent",
	    REBOOT_CONCURRENT_DEFAULT, 1, REBOOT_CONCURRENT_MAX, &concurrent,
	    "Phones rebooting at once: 1 to 16384.")) != 0) {
		free(ids);
		return status;
	}
	if (floor(concurrent) != concurrent) {
		free(ids);
		return req_field_error(r, 422, "invalid_field",
		    "max_concurrent", "Phones rebooting at once is a whole "
		    "number.");
	}
	if (json_is_true(json_object_get(r->body, "check")))
		status = reach(r, ids, n);
	else
		status = create(r, ids, n, kind, at, rate, (int)concurrent, 0);
	free(ids);
	return status;
}

/* GET /api/v1/reboots: campaigns, newest first. */
int
api_reboots_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	if ((status = req_list_query(r, reboot_store_sort_keys, 0, 1, &lq)))
		return status;
	if ((r->out = reboot_store_list(r->db, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

static int
campaign(struct req *r, int64_t *id, json_t **c)
{
	if (req_param_id(r, 0, id) != 0)
		return 404;
	if ((*c = reboot_store_get(r->db, *id)) == NULL)
		return req_error(r, 404, "not_found", "No such reboot "
		    "campaign.");
	return 0;
}

/* GET /api/v1/reboots/{id}: the campaign with its counts and job. */
int
api_reboots_get(struct req *r)
{
	json_t *c, *job;
	int64_t id;
	int status;

	if ((status = campaign(r, &id, &c)) != 0)
		return status;
	job = job_store_get(r->db, json_integer_value(json_object_get(c,
	    "job_id")));
	json_object_set_new(c, "job", job ? job : json_null());
	r->out = c;
	return 200;
}

/* GET /api/v1/reboots/{id}/items: per-phone results, filtered, paged. */
int
api_reboots_items(struct req *r)
{
	static const char *const keys[] = { "id", NULL };
	struct db_list_query lq;
	json_t *c;
	int64_t id;
	int status;

	if ((status = campaign(r, &id, &c)) != 0)
		return status;
	json_decref(c);
	if ((status = req_list_query(r, keys, 0, 0, &lq)))
		return status;
	if ((r->out = reboot_store_items(r->db, id, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* POST /api/v1/reboots/{id}/cancel: 200; 409 when already over. */
int
api_reboots_cancel(struct req *r)
{
	json_t *c;
	int64_t id;
	int status, rc;
	char target[40];

	if ((status = campaign(r, &id, &c)) != 0)
		return status;
	if (db_begin(r->db) != 0) {
		json_decref(c);
		return req_error(r, 500, "internal", "Database busy.");
	}
	rc = reboot_store_cancel(r->db, id, r->auth.user.username, now_unix());
	/* A campaign still waiting for its time ends here: its job too. */
	if (rc == DB_OK && strcmp(json_string_value(json_object_get(c,
	    "state")), "scheduled") == 0)
		rc = job_store_finish(r->db, json_integer_value(
		    json_object_get(c, "job_id")), "failed", NULL,
		    "Cancelled before it started.");
	json_decref(c);
	if (rc != DB_OK) {
		db_rollback(r->db);
		if (rc == DB_CONFLICT)
			return req_error(r, 409, "conflict", "This campaign is "
			    "already over.");
		return req_error(r, 500, "internal", "Database error.");
	}
	if (db_commit(r->db) != 0)
		return req_error(r, 500, "internal", "Database busy.");
	snprintf(target, sizeof(target), "reboot campaign %lld",
	    (long long)id);
	req_audit(r, "reboot.cancel", target, true, NULL);
	reboot_runner_wake();
	r->out = reboot_store_get(r->db, id);
	return 200;
}

/* POST /api/v1/reboots/{id}/retry: a new campaign, now, of the phones
 * whose NOTIFY failed, at the same pace. 201; 409 if none failed. */
int
api_reboots_retry(struct req *r)
{
	json_t *c, *failed, *v;
	int64_t id, *ids;
	size_t n, i;
	int status;

	if ((status = campaign(r, &id, &c)) != 0)
		return status;
	failed = reboot_store_failed_phones(r->db, id);
	if ((n = json_array_size(failed)) == 0) {
		json_decref(c);
		json_decref(failed);
		return req_error(r, 409, "conflict", "No phone of this "
		    "campaign failed: there is nothing to retry.");
	}
	ids = xcalloc(n, sizeof(*ids));
	json_array_foreach(failed, i, v)
		ids[i] = json_integer_value(v);
	status = create(r, ids, n, "now", now_unix(),
	    json_number_value(json_object_get(c, "rate")),
	    (int)json_integer_value(json_object_get(c, "max_concurrent")), id);
	free(ids);
	json_decref(failed);
	json_decref(c);
	return status;
}

/* GET /api/v1/phones/{id}/reboots: the phone's last 20 reboots. */
int
api_phone_reboots(struct req *r)
{
	int64_t id;
	json_t *items;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	items = reboot_store_phone_history(r->db, id, 20);
	r->out = json_pack("{s:o,s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return 200;
}
