/* Switchboard — nightly whole-system backups. */
#include "nightly_backup.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../db/settings_store.h"
#include "../lib/log.h"
#include "../lib/util.h"
#include "backups.h"
#include "jobs.h"

#define LAST_KEY	"system_backups_last"

json_t *
nightly_settings_get(struct db *db)
{
	json_t *v = settings_store_get(db, NIGHTLY_SETTINGS_KEY);

	if (v == NULL)
		v = json_pack("{s:b,s:i,s:i}", "enabled", 0, "hour", 2, "keep",
		    7);
	json_object_set_new(v, "include_key", json_false());
	return v;
}

json_t *
nightly_settings_check(const json_t *body, const char **field,
    const char **message)
{
	json_t *en = json_object_get(body, "enabled");
	json_t *hour = json_object_get(body, "hour");
	json_t *keep = json_object_get(body, "keep");
	json_t *key = json_object_get(body, "include_key");

	if (!json_is_boolean(en)) {
		*field = "enabled";
		*message = "Say whether nightly backups run (true or false).";
		return NULL;
	}
	if (!json_is_integer(hour) || json_integer_value(hour) < 0 ||
	    json_integer_value(hour) > 23) {
		*field = "hour";
		*message = "An hour from 0 to 23 (the appliance's local time).";
		return NULL;
	}
	if (!json_is_integer(keep) || json_integer_value(keep) < 1 ||
	    json_integer_value(keep) > 90) {
		*field = "keep";
		*message = "Keep from 1 to 90 nightly backups.";
		return NULL;
	}
	if (json_is_true(key)) {
		*field = "include_key";
		*message = "A nightly backup never holds the secret key: its "
		    "passphrase would have to be stored on the appliance.";
		return NULL;
	}
	return json_pack("{s:O,s:O,s:O}", "enabled", en, "hour", hour, "keep",
	    keep);
}

void
nightly_backup_tick(struct db *db, int64_t now)
{
	json_t *s = nightly_settings_get(db), *last;
	struct backups_system_arg *arg;
	time_t t = (time_t)now;
	struct tm tm;
	char today[16];
	int64_t id;

	localtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (!json_is_true(json_object_get(s, "enabled")) ||
	    json_integer_value(json_object_get(s, "hour")) != tm.tm_hour)
		goto out;
	last = settings_store_get(db, LAST_KEY);
	if (last && strcmp(json_string_value(json_object_get(last, "date")) ?
	    json_string_value(json_object_get(last, "date")) : "", today) ==
	    0) {
		json_decref(last);
		goto out;
	}
	json_decref(last);
	last = json_pack("{s:s}", "date", today);
	if (settings_store_put(db, LAST_KEY, last) != DB_OK ||
	    (id = jobs_create(db, "system_backup", 0)) < 0) {
		json_decref(last);
		log_event(LOG_ERROR, "backup.nightly", "error", "cannot queue "
		    "the nightly backup", NULL);
		goto out;
	}
	json_decref(last);
	arg = xcalloc(1, sizeof(*arg));
	arg->nightly = true;
	arg->keep = (int)json_integer_value(json_object_get(s, "keep"));
	jobs_run(id, backups_system_job, arg, backups_system_arg_free);
	log_event(LOG_INFO, "backup.nightly", "date", today, NULL);
out:
	json_decref(s);
}
