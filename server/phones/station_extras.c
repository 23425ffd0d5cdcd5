/* Switchboard — the Auto Conference PIN, Call Forwarding and Station
 * Options of a station appearance. */
#include "station_extras.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

#define DIGITS "0123456789"
#define RINGS_MAX 20

static const char *const forward_kinds[] = { "all", "busy", "no_answer",
    NULL };
/* The options and their defaults: call waiting is what a phone does
 * unless told otherwise; the others are off. */
static const struct { const char *name; bool def; } options[] = {
	{ "call_waiting", true }, { "do_not_disturb", false },
	{ "auto_answer", false }, { NULL, false }
};

/* Refuse prefix + name with msg; -1. */
static int
refused(struct refusals *rs, const char *prefix, const char *name,
    const char *msg)
{
	char field[96];

	snprintf(field, sizeof(field), "%s%s", prefix, name);
	return refuse(rs, "invalid_field", field, "%s", msg);
}

bool
station_extras_destination_ok(const char *v)
{
	const char *d = *v == '+' ? v + 1 : v;
	size_t n = strlen(d);

	return n >= 1 && n <= STATION_DEST_MAX && strspn(d, DIGITS) == n;
}

static bool
listed(const char *key, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(key, *names) == 0)
			return true;
	return false;
}

/* An object member that is given and not null. */
static json_t *
given(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_null(v) ? NULL : v;
}

/* The Auto Conference PIN: a plain field in the seed's dialog, kept as
 * digits; never logged (json_diff leaves "conference_pin" out). */
static void
pin(json_t *s, const char *prefix, struct station_extras *ex,
    struct refusals *rs)
{
	json_t *v = given(s, "auto_conference_pin");
	const char *t = json_string_value(v);
	size_t n = t ? strlen(t) : 0;

	if (v == NULL || (t && n == 0))
		return;
	if (t == NULL || n < STATION_PIN_MIN || n > STATION_PIN_MAX ||
	    strspn(t, DIGITS) != n) {
		refused(rs, prefix, "auto_conference_pin", "The Auto "
		    "Conference PIN has 4 to 10 digits (or is empty for "
		    "none).");
		return;
	}
	memcpy(ex->pin, t, n + 1);
}

/* Call Forwarding: each kind off ("") or to a destination; no answer
 * after a number of rings. */
static json_t *
forwarding(json_t *s, const char *prefix, struct refusals *rs)
{
	json_t *in = given(s, "call_forwarding"), *out = json_object(), *v;
	const char *const *k;
	const char *key;
	char name[64];
	json_int_t rings = STATION_RINGS_DEFAULT;

	if (in && !json_is_object(in)) {
		refused(rs, prefix, "call_forwarding", "Call forwarding is an "
		    "object: all, busy, no_answer, no_answer_rings.");
		in = NULL;
	}
	json_object_foreach(in, key, v) {
		if (strcmp(key, "no_answer_rings") == 0)
			continue;
		snprintf(name, sizeof(name), "call_forwarding.%.40s", key);
		if (!listed(key, forward_kinds)) {
			refused(rs, prefix, name, "Call forwarding knows all, "
			    "busy, no_answer and no_answer_rings.");
			continue;
		}
		if (!json_is_null(v) && (!json_is_string(v) || (
		    json_string_length(v) > 0 && !station_extras_destination_ok(
		    json_string_value(v)))))
			refused(rs, prefix, name, "Forward to an extension or a "
			    "number: 1 to 20 digits, + first for an "
			    "international one (empty: off).");
	}
	for (k = forward_kinds; *k; k++) {
		const char *t = json_string_value(given(in, *k));

		json_object_set_new(out, *k, json_string(t &&
		    station_extras_destination_ok(t) ? t : ""));
	}
	if ((v = given(in, "no_answer_rings")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > RINGS_MAX)
			refused(rs, prefix, "call_forwarding.no_answer_rings",
			    "Forward on no answer after 1 to 20 rings.");
		else
			rings = json_integer_value(v);
	}
	json_object_set_new(out, "no_answer_rings", json_integer(rings));
	return out;
}

/* Station Options: each true or false, defaults for those left out. */
static json_t *
station_options(json_t *s, const char *prefix, struct refusals *rs)
{
	json_t *in = given(s, "station_options"), *out = json_object(), *v;
	const char *key;
	char name[64];
	int i;

	if (in && !json_is_object(in)) {
		refused(rs, prefix, "station_options", "Station options are an "
		    "object of true/false settings.");
		in = NULL;
	}
	json_object_foreach(in, key, v) {
		snprintf(name, sizeof(name), "station_options.%.40s", key);
		for (i = 0; options[i].name; i++)
			if (strcmp(key, options[i].name) == 0)
				break;
		if (options[i].name == NULL)
			refused(rs, prefix, name, "Station options are "
			    "call_waiting, do_not_disturb and auto_answer.");
		else if (!json_is_boolean(v) && !json_is_null(v))
			refused(rs, prefix, name, "A station option is true or "
			    "false.");
	}
	for (i = 0; options[i].name; i++) {
		v = given(in, options[i].name);
		json_object_set_new(out, options[i].name, json_boolean(
		    json_is_boolean(v) ? json_is_true(v) : options[i].def));
	}
	return out;
}

int
station_extras_parse(json_t *s, const char *prefix,
    struct station_extras *ex, struct refusals *rs)
{
	size_t before = rs->n;
	json_t *o;

	memset(ex, 0, sizeof(*ex));
	pin(s, prefix, ex, rs);
	o = forwarding(s, prefix, rs);
	ex->call_forwarding = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	o = station_options(s, prefix, rs);
	ex->station_options = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return rs->n > before ? -1 : 0;
}

void
station_extras_release(struct station_extras *ex)
{
	free(ex->call_forwarding);
	free(ex->station_options);
	memset(ex, 0, sizeof(*ex));
}
