/* Switchboard — the Unify Phone connector status: when to check, keeping
 * the result, and the watcher thread. */
#include "connector_status.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "../../db/unify_store.h"
#include "../lib/log.h"
#include "../lib/seal.h"
#include "../lib/util.h"
#include "clone_guard.h"
#include "connector_check.h"
#include "unify_rules.h"

/* One check at a time: a caller who comes while one is under way waits
 * for it and takes its result, so checks never queue up behind each other
 * (each takes up to two timeouts). */
static pthread_mutex_t checking = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t checked = PTHREAD_COND_INITIALIZER;
static bool running;
static unsigned long rounds;

/* The wizard's trunk of this system, or NULL. New reference. */
static json_t *
wizard_trunk(struct db *db)
{
	json_t *id = unify_store_get(db, "identity"),
	    *list = unify_store_list(db, "trunk"), *t, *out = NULL;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, t) {
		json_t *cfg = json_object_get(t, "config");

		if (json_is_true(json_object_get(t, "wizard_owned")) &&
		    json_equal(json_object_get(cfg, "system_id"),
		    json_object_get(id, "system_id"))) {
			out = json_incref(t);
			break;
		}
	}
	json_decref(list);
	json_decref(id);
	return out;
}

/* Check, or say why not. The key is opened only for the check. */
static json_t *
check_or_reason(struct db *db, const struct config *cfg)
{
	json_t *conn = unify_store_get(db, "connectivity"),
	    *guard = clone_guard_get(db), *trunk = NULL, *out;
	const char *sealed = json_string_value(json_object_get(conn,
	    "api_key_sealed"));
	char *key = NULL;
	size_t n = 0;

	if (guard)
		out = connector_not_checked(json_string_value(
		    json_object_get(guard, "reason")));
	else if (!json_is_true(json_object_get(conn, "enabled")))
		out = connector_not_checked("Unify Phone is not enabled in the "
		    "Unify Phone Connectivity wizard.");
	else if ((trunk = wizard_trunk(db)) == NULL)
		out = connector_not_checked("The Unify Phone Connectivity "
		    "wizard has not been executed: there is no trunk \""
		    UNIFY_TRUNK_NAME "\" yet.");
	else if (sealed == NULL)
		out = connector_not_checked("No API key: paste it in the Unify "
		    "Phone Connectivity wizard.");
	else if ((key = seal_open(UNIFY_KEY_CONTEXT, sealed, &n)) == NULL)
		out = connector_not_checked("The stored API key cannot be "
		    "opened with this appliance's secret.key: paste it again "
		    "in the Unify Phone Connectivity wizard.");
	else {
		json_t *tc = json_object_get(trunk, "config");
		struct connector_target t = {
			json_string_value(json_object_get(tc, "domain")),
			(int)json_integer_value(json_object_get(tc,
			    "sip_port")),
			json_string_value(json_object_get(conn, "domain")),
			(int)cfg->unify_rest_port, key,
			cfg->unify_ca_file[0] ? cfg->unify_ca_file : NULL,
			(int)cfg->unify_check_timeout_ms,
		};

		out = connector_check(&t);
		seal_free(key, n);
	}
	json_decref(trunk);
	json_decref(guard);
	json_decref(conn);
	return out;
}

json_t *
connector_status_refresh(struct db *db, const struct config *cfg)
{
	json_t *out;
	char at[32];

	pthread_mutex_lock(&checking);
	if (running) {
		unsigned long round = rounds;

		while (running && rounds == round)
			pthread_cond_wait(&checked, &checking);
		pthread_mutex_unlock(&checking);
		return connector_status_last(db, cfg);
	}
	running = true;
	pthread_mutex_unlock(&checking);
	out = check_or_reason(db, cfg);
	format_utc(now_unix(), at, sizeof(at));
	json_object_set_new(out, "checked_at", json_string(at));
	if (unify_store_put(db, "status", out) != DB_OK) {
		json_decref(out);
		out = NULL;
	} else
		log_event(LOG_INFO, "unify.status", "status",
		    json_string_value(json_object_get(out, "code")), NULL);
	pthread_mutex_lock(&checking);
	running = false;
	rounds++;
	pthread_cond_broadcast(&checked);
	pthread_mutex_unlock(&checking);
	return out;
}

json_t *
connector_status_last(struct db *db, const struct config *cfg)
{
	json_t *out = unify_store_get(db, "status"),
	    *guard = clone_guard_get(db);

	/* A status checked before the guard rose (maybe on the original
	 * system) means nothing here. */
	if (guard) {
		json_decref(out);
		out = connector_not_checked(json_string_value(
		    json_object_get(guard, "reason")));
		json_object_set(out, "checked_at", json_object_get(guard,
		    "detected_at"));
		json_decref(guard);
	} else if (out == NULL) {
		out = connector_not_checked("Not checked yet.");
		json_object_set_new(out, "checked_at", json_null());
	}
	json_object_set_new(out, "checking_every_minutes",
	    json_integer(cfg->unify_check_minutes));
	return out;
}

/* The watcher: sleeps on a condition so stopping does not wait out the
 * interval. */
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_cond = PTHREAD_COND_INITIALIZER;
static pthread_t watch_thread;
static bool watching;
static struct db *watch_db;
static const struct config *watch_cfg;

/* Whether there is anything to check: the watcher leaves a system without
 * Unify Phone alone (and its log quiet). */
static bool
worth_checking(struct db *db)
{
	json_t *conn = unify_store_get(db, "connectivity"),
	    *guard = clone_guard_get(db);
	bool yes = guard == NULL && json_is_true(json_object_get(conn,
	    "enabled"));

	json_decref(conn);
	json_decref(guard);
	return yes;
}

static void *
watch(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&watch_lock);
	while (watching) {
		struct timespec ts;

		/* First at start-up, then every so many minutes. */
		pthread_mutex_unlock(&watch_lock);
		if (worth_checking(watch_db))
			json_decref(connector_status_refresh(watch_db,
			    watch_cfg));
		pthread_mutex_lock(&watch_lock);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += watch_cfg->unify_check_minutes * 60;
		while (watching && pthread_cond_timedwait(&watch_cond,
		    &watch_lock, &ts) == 0)
			;	/* woken early, but not to stop */
	}
	pthread_mutex_unlock(&watch_lock);
	return NULL;
}

int
connector_watch_start(const char *db_path, const struct config *cfg,
    char *err, size_t errlen)
{
	if (cfg->unify_check_minutes == 0)
		return 0;
	if ((watch_db = db_open(db_path, err, errlen)) == NULL)
		return -1;
	watch_cfg = cfg;
	watching = true;
	if (thread_start(&watch_thread, watch, NULL, "sb-unify") != 0) {
		watching = false;
		db_close(watch_db);
		watch_db = NULL;
		snprintf(err, errlen, "cannot start the connector watcher");
		return -1;
	}
	return 0;
}

void
connector_watch_stop(void)
{
	pthread_mutex_lock(&watch_lock);
	if (!watching) {
		pthread_mutex_unlock(&watch_lock);
		return;
	}
	watching = false;
	pthread_cond_signal(&watch_cond);
	pthread_mutex_unlock(&watch_lock);
	pthread_join(watch_thread, NULL);
	db_close(watch_db);
	watch_db = NULL;
}
