/* Switchboard — the reboot campaign runner. */
#include "reboot_runner.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../db/audit_store.h"
#include "../../db/db.h"
#include "../../db/job_store.h"
#include "../../db/phone_store.h"
#include "../../db/reboot_store.h"
#include "../lib/log.h"
#include "reboots.h"
#include "sip_notifier.h"
#include "../lib/util.h"

#define TICK_MS			10
#define COLLECT_MS		10	/* outcomes written in batches */
#define BATCH			2048
#define COOKIE_SHIFT		40	/* cookie: campaign << 40 | item */

/* Items handed to the notifier are written "sent" only once they have
 * been in flight for a moment (at the next whole second): most are
 * answered within milliseconds and go from pending to their outcome in
 * one write. Until then the campaign's cursor keeps them from being
 * read again; the cursor restarts from the beginning only after they
 * are marked. */
struct active {
	struct reboot_campaign	c;
	double			tokens;
	int64_t			last_ms;
	int			inflight;
	int64_t			rebooting;
	int64_t			total;
	int			done_check;	/* look for the end */
	struct reboot_cursor	cursor;		/* last item read */
	int64_t			*unmarked;	/* sent, still "pending" */
	size_t			nunmarked, unmarked_cap;
};

static pthread_t	 thread;
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cond = PTHREAD_COND_INITIALIZER;
static bool		 running, woken;
static struct db	*db;
static struct active	*act;
static size_t		 nact;

static struct active *
find(int64_t id)
{
	size_t i;

	for (i = 0; i < nact; i++)
		if (act[i].c.id == id)
			return &act[i];
	return NULL;
}

/* Write "sent" for the items in flight that have no outcome yet, and
 * read the campaign from its beginning again (postponed and retried
 * items come due behind the cursor). */
static void
mark_sent(struct active *a)
{
	if (a->nunmarked > 0)
		reboot_store_sent(db, a->unmarked, a->nunmarked,
		    now_unix_ms());
	a->nunmarked = 0;
	memset(&a->cursor, 0, sizeof(a->cursor));
}

static void
forget(struct active *a)
{
	free(a->unmarked);
	*a = act[--nact];
}

/* Running campaigns and scheduled ones that are due. */
static void
refresh(void)
{
	struct reboot_campaign *due;
	int64_t now_ms = now_unix_ms();
	size_t n, i;

	if (reboot_store_due(db, now_ms / 1000, &due, &n) != DB_OK) {
		free(due);
		return;
	}
	for (i = 0; i < n; i++) {
		struct active *a = find(due[i].id);
		char id[24];

		if (a) {
			a->c.cancelled = due[i].cancelled;
			a->done_check = 1;
			continue;
		}
		if (strcmp(due[i].state, "scheduled") == 0 &&
		    reboot_store_start(db, &due[i], now_ms / 1000) != DB_OK)
			continue;
		act = xrealloc(act, (nact + 1) * sizeof(*act));
		a = &act[nact++];
		memset(a, 0, sizeof(*a));
		a->c = due[i];
		a->last_ms = now_mono_ms();
		/* A tick's worth to begin with, not one phone and a wait. */
		a->tokens = a->c.rate * TICK_MS / 1000.0 > 1 ?
		    a->c.rate * TICK_MS / 1000.0 : 1;
		a->done_check = 1;
		a->total = reboot_store_count(db, a->c.id, NULL);
		snprintf(id, sizeof(id), "%lld", (long long)a->c.id);
		log_event(LOG_INFO, "reboot.start", "campaign", id, NULL);
	}
	free(due);
}

static const char *
outcome_state(enum sip_outcome o)
{
	switch (o) {
	case SIP_ACCEPTED:
		return "accepted";
	case SIP_REJECTED:
		return "rejected";
	case SIP_NO_ANSWER:
		return "no answer";
	default:
		return "failed";
	}
}

/* Write a batch of the notifier's finished transactions, in one
 * transaction. One batch a turn: sending comes first. */
static void
collect(void)
{
	static struct sip_result r[BATCH];	/* runner thread only */
	size_t n, i;

	if ((n = sip_notifier_results(r, BATCH)) > 0) {
		db_begin(db);
		for (i = 0; i < n; i++) {
			int64_t item = (int64_t)(r[i].cookie &
			    ((1ULL << COOKIE_SHIFT) - 1));
			struct active *a = find((int64_t)(r[i].cookie >>
			    COOKIE_SHIFT));

			struct reboot_outcome o = { outcome_state(
			    r[i].outcome), r[i].status, r[i].reason,
			    r[i].retransmits, r[i].authenticated, r[i].sent_ms,
			    r[i].done_ms, r[i].target, r[i].transport };

			reboot_store_result(db, item, &o);
			if (a) {
				a->inflight--;
				a->done_check = 1;
			}
		}
		db_commit(db);
	}
}

/* The location's window check for after-hours campaigns: the next time
 * this item may go, or now. */
static int64_t
window_next(int64_t location_id, int64_t now)
{
	struct reboot_phone p;

	if (reboot_store_location(db, location_id, &p) != DB_OK)
		return now;
	return reboots_window_next(p.time_zone, p.after_start, p.after_end,
	    now);
}

/* An item that could not be sent. */
static void
not_sent(int64_t item, const char *why)
{
	int64_t now = now_unix_ms();
	struct reboot_outcome o = { "failed", 0, why, 0, 0, now, now, NULL,
	    NULL };

	reboot_store_result(db, item, &o);
}

/* Hand one item to the notifier. 0 sent, 1 not sent (recorded), -1 the
 * notifier is full (item left pending). */
static int
dispatch(struct active *a, const struct reboot_item *it)
{
	const struct reboot_contact *c = &it->contact;
	struct sip_target t;
	char why[200];

	if (it->phone_id == 0) {
		not_sent(it->id, "The phone was deleted.");
		return 1;
	}
	memset(&t, 0, sizeof(t));
	if (reboots_target(c, &t, why, sizeof(why)) != 0) {
		not_sent(it->id, why);
		return 1;
	}
	t.cookie = ((uint64_t)a->c.id << COOKIE_SHIFT) | (uint64_t)it->id;
	if (c->sealed_password[0] && c->sip_username[0]) {
		str_copy(t.seal_context, PHONE_STATION_SECRET_CONTEXT,
		    sizeof(t.seal_context));
		str_copy(t.sealed_password, c->sealed_password,
		    sizeof(t.sealed_password));
		str_copy(t.auth_user, c->sip_username, sizeof(t.auth_user));
	}
	if (sip_notifier_submit(&t) != 0)
		return -1;
	return 0;
}

static void
pace(struct active *a, int64_t now_ms)
{
	static struct reboot_item items[BATCH];	/* runner thread only */
	double cap = a->c.rate / 4 > 1 ? a->c.rate / 4 : 1;
	int64_t room, k, now_s = now_unix_ms() / 1000;
	size_t n, i;

	a->tokens += a->c.rate * (double)(now_ms - a->last_ms) / 1000.0;
	a->last_ms = now_ms;
	if (a->tokens > cap)
		a->tokens = cap;
	if (a->c.cancelled)
		return;
	room = a->c.max_concurrent - a->inflight - a->rebooting;
	k = (int64_t)a->tokens;
	if (k > room)
		k = room;
	if (k > BATCH)
		k = BATCH;
	if (k <= 0)
		return;
	db_begin(db);
	n = reboot_store_next(db, a->c.id, now_s, &a->cursor, items,
	    (size_t)k);
	for (i = 0; i < n; i++) {
		int rc;

		if (strcmp(a->c.when, "after-hours") == 0) {
			int64_t next = window_next(items[i].location_id, now_s);

			if (next > now_s) {
				reboot_store_postpone(db, items[i].id, next);
				continue;
			}
		}
		if ((rc = dispatch(a, &items[i])) < 0)
			break;
		a->tokens -= 1;
		if (rc == 0) {
			a->inflight++;
			if (a->nunmarked == a->unmarked_cap) {
				a->unmarked_cap = a->unmarked_cap ?
				    a->unmarked_cap * 2 : BATCH;
				a->unmarked = xrealloc(a->unmarked,
				    a->unmarked_cap * sizeof(*a->unmarked));
			}
			a->unmarked[a->nunmarked++] = items[i].id;
		} else
			a->done_check = 1;
	}
	/* The cursor passes what was handled: postponed items got a later
	 * not_before and come round again; one the notifier had no room
	 * for is read again next time. */
	if (i > 0) {
		a->cursor.not_before = items[i - 1].not_before;
		a->cursor.id = items[i - 1].id;
	}
	db_commit(db);
	if (n == 0)
		a->done_check = 1;
}

/* The end of a campaign: nothing pending, nothing in flight. */
static bool
maybe_finish(struct active *a)
{
	const char *state = a->c.cancelled ? "cancelled" : "done";
	int64_t left;
	json_t *summary, *result;
	struct audit_entry e;
	char target[40], msg[200];

	a->done_check = 0;
	if (a->inflight > 0)
		return false;
	left = reboot_store_count(db, a->c.id, "pending") +
	    reboot_store_count(db, a->c.id, "sent");
	job_store_progress(db, a->c.job_id, a->total - left, a->total);
	if (left > 0)
		return false;
	summary = reboot_store_summary(db, a->c.id);
	result = json_pack("{s:I,s:I,s:O}", "campaign_id",
	    (json_int_t)a->c.id, "total", (json_int_t)a->total, "counts",
	    summary ? json_object_get(summary, "counts") : json_null());
	reboot_store_finish(db, a->c.id, state, now_unix_ms() / 1000);
	snprintf(msg, sizeof(msg), "Cancelled; the phones not yet notified "
	    "were left alone.");
	job_store_finish(db, a->c.job_id, a->c.cancelled ? "failed" : "done",
	    result, a->c.cancelled ? msg : NULL);
	snprintf(target, sizeof(target), "reboot campaign %lld",
	    (long long)a->c.id);
	memset(&e, 0, sizeof(e));
	e.actor = a->c.created_by_name;
	e.actor_id = a->c.created_by;
	e.via = "campaign";
	e.address = "";
	e.action = "reboot.finish";
	e.target = target;
	e.success = !a->c.cancelled;
	e.detail = result;
	audit_store_add(db, &e);
	log_event(LOG_INFO, "reboot.finish", "campaign", target + 16, "state",
	    state, NULL);
	json_decref(result);
	json_decref(summary);
	return true;
}

static void
tick(int64_t now_ms, bool look, bool second)
{
	static int64_t last_collect;
	size_t i;

	if (look || second)
		refresh();
	/* Phones waiting to be notified first, then what came back: the
	 * notifier is never left idle while outcomes are written. */
	for (i = 0; i < nact; i++) {
		struct active *a = &act[i];

		if (look || second)
			mark_sent(a);	/* retried items may lie behind */
		if (second) {
			a->rebooting = reboot_store_rebooting(db, a->c.id,
			    now_unix_ms() - REBOOT_WINDOW_MS);
			job_store_progress(db, a->c.job_id, a->total -
			    reboot_store_count(db, a->c.id, "pending") -
			    reboot_store_count(db, a->c.id, "sent"), a->total);
		}
		pace(a, now_ms);
	}
	if (now_ms - last_collect >= COLLECT_MS) {
		collect();
		last_collect = now_ms;
	}
	for (i = 0; i < nact; i++) {
		struct active *a = &act[i];

		if (a->done_check && maybe_finish(a)) {
			forget(a);
			i--;
			continue;
		}
	}
}

static void
on_result(void)
{
	pthread_mutex_lock(&lock);
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

static void *
loop(void *unused)
{
	int64_t last_second = 0;

	(void)unused;
	pthread_mutex_lock(&lock);
	while (running) {
		struct timespec ts;
		bool look;
		int64_t now;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (!woken)
			pthread_cond_timedwait(&cond, &lock, &ts);
		look = woken;
		woken = false;
		if (!running)
			break;
		pthread_mutex_unlock(&lock);
		now = now_mono_ms();
		tick(now, look, now - last_second >= 1000);
		if (now - last_second >= 1000)
			last_second = now;
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int
reboot_runner_start(const char *db_path, char *err, size_t errlen)
{
	if ((db = db_open(db_path, err, errlen)) == NULL)
		return -1;
	/* Outcomes are written in small batches many times a second: in WAL
	 * mode NORMAL keeps them safe from a crash of the process, and a
	 * power cut can lose only the last few (the phones were notified;
	 * their rows would say "pending" and be sent again). */
	db_exec(db, "PRAGMA synchronous=NORMAL");
	/* Sent before a restart and never answered: send again. */
	reboot_store_resume(db);
	sip_notifier_on_result(on_result);
	running = true;
	if (thread_start(&thread, loop, NULL, "sb-reboots") != 0) {
		running = false;
		db_close(db);
		db = NULL;
		snprintf(err, errlen, "cannot start the reboot runner");
		return -1;
	}
	return 0;
}

void
reboot_runner_stop(void)
{
	pthread_mutex_lock(&lock);
	if (!running) {
		pthread_mutex_unlock(&lock);
		return;
	}
	running = false;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	sip_notifier_on_result(NULL);
	db_close(db);
	db = NULL;
	while (nact > 0)
		forget(&act[0]);
	free(act);
	act = NULL;
}

void
reboot_runner_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}
