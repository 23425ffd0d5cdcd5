/* Switchboard — business hours. */
#include "business_hours.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/timezone.h"

/* "HH:MM" in minutes; "24:00" ends a day that runs to midnight. */
static int
minutes_of(const char *s)
{
	if (s && strcmp(s, "24:00") == 0)
		return 24 * 60;
	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');

	return h > 23 ? -1 : h * 60 + m;
}

json_t *
business_hours_check(json_t *in, const char **field, const char **msg)
{
	json_t *days = json_object_get(in, "days"), *d;
	const char *start = json_string_value(json_object_get(in, "start"));
	const char *end = json_string_value(json_object_get(in, "end"));
	const char *tz = json_string_value(json_object_get(in, "time_zone"));
	int seen[7] = { 0 };
	size_t i;

	if (!json_is_array(days) || json_array_size(days) > 7) {
		*field = "days";
		*msg = "Days are a list of weekdays, 0 (Sunday) to 6.";
		return NULL;
	}
	json_array_foreach(days, i, d) {
		if (!json_is_integer(d) || json_integer_value(d) < 0 ||
		    json_integer_value(d) > 6 || seen[json_integer_value(d)]++) {
			*field = "days";
			*msg = "Days are a list of weekdays, 0 (Sunday) to 6, "
			    "each once.";
			return NULL;
		}
	}
	if (minutes_of(start) < 0 || minutes_of(end) < 0) {
		*field = minutes_of(start) < 0 ? "start" : "end";
		*msg = "Times are HH:MM, 00:00 to 24:00.";
		return NULL;
	}
	if (minutes_of(start) >= minutes_of(end)) {
		*field = "end";
		*msg = "Business hours end after they start.";
		return NULL;
	}
	if ((json_object_get(in, "time_zone") && !json_is_null(json_object_get(
	    in, "time_zone")) && tz == NULL) || (tz && !timezone_ok(tz))) {
		*field = "time_zone";
		*msg = "Unknown time zone; use a name like Europe/Berlin, or "
		    "empty for the appliance's.";
		return NULL;
	}
	return json_pack("{s:O,s:s,s:s,s:s}", "days", days, "start", start,
	    "end", end, "time_zone", tz ? tz : "");
}

bool
business_hours_contains(json_t *hours, int64_t t)
{
	const char *tz = json_string_value(json_object_get(hours, "time_zone"));
	time_t tt = (time_t)t;
	struct tm tm;
	json_t *d;
	size_t i;
	int now, in_day = 0;

	/* localtime_r follows TZ; the appliance's own zone when empty. The
	 * switch is serialised here, and nothing else in the daemon reads
	 * local time (logs and the database use UTC). */
	if (tz && *tz) {
		static pthread_mutex_t tz_mu = PTHREAD_MUTEX_INITIALIZER;

		pthread_mutex_lock(&tz_mu);
		char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

		setenv("TZ", tz, 1);
		tzset();
		localtime_r(&tt, &tm);
		if (old) {
			setenv("TZ", old, 1);
			free(old);
		} else {
			unsetenv("TZ");
		}
		tzset();
		pthread_mutex_unlock(&tz_mu);
	} else {
		localtime_r(&tt, &tm);
	}
	json_array_foreach(json_object_get(hours, "days"), i, d)
		if (json_integer_value(d) == tm.tm_wday)
			in_day = 1;
	now = tm.tm_hour * 60 + tm.tm_min;
	return in_day && now >= minutes_of(json_string_value(json_object_get(
	    hours, "start"))) && now < minutes_of(json_string_value(
	    json_object_get(hours, "end")));
}
