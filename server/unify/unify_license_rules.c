/* Switchboard — the OpenScape Business licenses of Unify Phone. */
#include "unify_license_rules.h"

#include <stdio.h>
#include <string.h>

/* How many users the shortfall names before "and N more". */
#define SHORTFALL_NAMED 3

const struct unify_license_pool_info unify_license_pools[UNIFY_LIC_POOLS] = {
	{ "mobility_user", "IP User (Mobility User)", true,
	    "a Unify Phone user" },
	{ "unify_phone", "Unify Phone", true, "a Unify Phone user" },
	/* Activated on the Unify Phone user whose Team (MULAP) holds the
	 * desk phone it is twinned with. */
	{ "desk_phone", "IP User (Desk Phone)", false,
	    "the desk phone twinned with a Unify Phone user" },
	{ "voicemail", "Voicemail", false, "a Unify Phone user" },
};

int
unify_license_pool_of(const char *key)
{
	int p;

	for (p = 0; key && p < UNIFY_LIC_POOLS; p++)
		if (strcmp(unify_license_pools[p].key, key) == 0)
			return p;
	return -1;
}

json_t *
unify_license_pools_json(const struct unify_license_count *c)
{
	json_t *out = json_array();
	int p;

	for (p = 0; p < UNIFY_LIC_POOLS; p++) {
		const struct unify_license_pool_info *i =
		    &unify_license_pools[p];

		json_array_append_new(out, json_pack("{s:s,s:s,s:b,s:s,s:I,"
		    "s:I,s:I}", "key", i->key, "name", i->name, "required",
		    i->required, "held_by", i->held_by, "total",
		    (json_int_t)c[p].total, "used", (json_int_t)c[p].used,
		    "free", (json_int_t)(c[p].total > c[p].used ?
		    c[p].total - c[p].used : 0)));
	}
	return out;
}

json_t *
unify_license_flags(json_t *held)
{
	json_t *out = json_object(), *k;
	size_t i;
	int p;

	for (p = 0; p < UNIFY_LIC_POOLS; p++)
		json_object_set_new(out, unify_license_pools[p].key,
		    json_false());
	json_array_foreach(held, i, k)
		if ((p = unify_license_pool_of(json_string_value(k))) >= 0)
			json_object_set_new(out, unify_license_pools[p].key,
			    json_true());
	return out;
}

void
unify_license_mark(json_t *users, json_t *holdings)
{
	json_t *u;
	size_t i;
	char id[24];

	json_array_foreach(users, i, u) {
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(
		    json_object_get(u, "id")));
		json_object_set_new(u, "licenses", unify_license_flags(
		    json_object_get(holdings, id)));
	}
}

/* The held flags of a user's "licenses" object. */
static void
held_of(json_t *u, bool *held)
{
	json_t *f = json_object_get(u, "licenses");
	int p;

	for (p = 0; p < UNIFY_LIC_POOLS; p++)
		held[p] = json_is_true(json_object_get(f,
		    unify_license_pools[p].key));
}

/* What body gives for pool p: NULL when it leaves the pool out (or null). */
static json_t *
given(json_t *body, int p)
{
	json_t *v = json_object_get(body, unify_license_pools[p].key);

	return json_is_null(v) ? NULL : v;
}

int
unify_license_rules_totals(json_t *body, const struct unify_license_count *c,
    int64_t *totals, struct refusals *rs)
{
	size_t before = rs->n;
	int p;

	for (p = 0; p < UNIFY_LIC_POOLS; p++) {
		const struct unify_license_pool_info *i =
		    &unify_license_pools[p];
		json_t *v = given(body, p);
		char msg[300];

		totals[p] = c[p].total;
		if (v == NULL)
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > UNIFY_LICENSE_TOTAL_MAX) {
			refuse(rs, "invalid_field", i->key, "The total of %s "
			    "licenses is a whole number from 0 to %d.",
			    i->name, UNIFY_LICENSE_TOTAL_MAX);
			continue;
		}
		totals[p] = json_integer_value(v);
		if (totals[p] < c[p].used) {
			snprintf(msg, sizeof(msg), "%lld %s license%s in "
			    "use; the total cannot be lower. Deactivate some "
			    "first.", (long long)c[p].used, i->name,
			    c[p].used == 1 ? " is" : "s are");
			refuse_about(rs, "in_use", i->key, "license", i->name,
			    msg);
		}
	}
	return rs->n > before ? -1 : 0;
}

int
unify_license_rules_activate(json_t *body, const char *user,
    const bool *held, const struct unify_license_count *c, bool *want,
    struct refusals *rs)
{
	size_t before = rs->n;
	int p;

	for (p = 0; p < UNIFY_LIC_POOLS; p++) {
		const struct unify_license_pool_info *i =
		    &unify_license_pools[p];
		json_t *v = given(body, p);
		char msg[300];

		want[p] = held[p];
		if (v == NULL)
			continue;
		if (!json_is_boolean(v)) {
			refuse(rs, "invalid_field", i->key, "Activate (true) "
			    "or deactivate (false) the %s license.", i->name);
			continue;
		}
		want[p] = json_is_true(v);
		if (want[p] && !held[p] && c[p].used >= c[p].total) {
			snprintf(msg, sizeof(msg), "No %s license is free for "
			    "%s: %lld of %lld in use. Raise the total in "
			    "License Management, or deactivate one.", i->name,
			    user, (long long)c[p].used, (long long)c[p].total);
			refuse_about(rs, "license_exhausted", i->key,
			    "license", i->name, msg);
		}
	}
	if (rs->n == before)
		return 0;
	refusals_summary(rs, "licenses", "Some or all licenses could not be "
	    "activated.");
	return -1;
}

/* What [Apply] did, in a sentence: how many users were served, how many
 * not and which pools ran out. */
static json_t *
apply_message(json_t *granted, json_t *lacking)
{
	size_t g = json_array_size(granted), s = json_array_size(lacking), i;
	char msg[400], pools[200] = "";
	size_t at = 0;
	json_t *u;
	int p;

	if (g == 0 && s == 0)
		return json_string("Every Unify Phone user has the IP User "
		    "(Mobility User) and Unify Phone licenses.");
	/* The pools that ran out, each once, in the seed's order. */
	for (p = 0; p < UNIFY_LIC_POOLS; p++)
		json_array_foreach(lacking, i, u)
			if (strcmp(json_string_value(json_object_get(u,
			    "license")), unify_license_pools[p].name) == 0) {
				at += snprintf(pools + at, at < sizeof(pools) ?
				    sizeof(pools) - at : 0, "%s%s", at ?
				    " or " : "", unify_license_pools[p].name);
				break;
			}
	if (s == 0)
		snprintf(msg, sizeof(msg), "%zu user%s got the required "
		    "licenses.", g, g == 1 ? "" : "s");
	else
		snprintf(msg, sizeof(msg), "%zu user%s got the required "
		    "licenses; %zu user%s could not: no %s license is free. "
		    "Raise the total.", g, g == 1 ? "" : "s", s, s == 1 ? "" :
		    "s", pools);
	return json_string(msg);
}

json_t *
unify_license_rules_apply(json_t *users, struct unify_license_count *c)
{
	json_t *granted = json_array(), *lacking = json_array(), *u;
	json_int_t complete = 0;
	size_t i;

	json_array_foreach(users, i, u) {
		bool held[UNIFY_LIC_POOLS];
		json_t *pools = json_array(), *missing = json_array();
		const char *out_of = NULL;
		int p;

		held_of(u, held);
		for (p = 0; p < UNIFY_LIC_POOLS; p++) {
			if (!unify_license_pools[p].required || held[p])
				continue;
			json_array_append_new(pools, json_string(
			    unify_license_pools[p].key));
			json_array_append_new(missing, json_string(
			    unify_license_pools[p].name));
			if (out_of == NULL && c[p].used >= c[p].total)
				out_of = unify_license_pools[p].name;
		}
		if (json_array_size(pools) == 0)
			complete++;
		else if (out_of)
			json_array_append_new(lacking, json_pack("{s:O,s:O,"
			    "s:O,s:s}", "id", json_object_get(u, "id"), "name",
			    json_object_get(u, "name"), "missing", missing,
			    "license", out_of));
		else {
			for (p = 0; p < UNIFY_LIC_POOLS; p++)
				if (unify_license_pools[p].required &&
				    !held[p])
					c[p].used++;
			json_array_append_new(granted, json_pack("{s:O,s:O,"
			    "s:O}", "id", json_object_get(u, "id"), "name",
			    json_object_get(u, "name"), "pools", pools));
		}
		json_decref(pools);
		json_decref(missing);
	}
	return json_pack("{s:o,s:o,s:I,s:o}", "granted", granted, "short",
	    lacking, "complete", complete, "message", apply_message(granted,
	    lacking));
}

size_t
unify_license_shortfall(json_t *users, char *text, size_t len)
{
	size_t i, n = 0, at = 0;
	json_t *u;

	if (len)
		text[0] = '\0';
	json_array_foreach(users, i, u) {
		bool held[UNIFY_LIC_POOLS], first = true;
		int p;

		held_of(u, held);
		if (held[UNIFY_LIC_MOBILITY_USER] && held[UNIFY_LIC_UNIFY_PHONE])
			continue;
		if (++n > SHORTFALL_NAMED)
			continue;
		at += snprintf(text + at, at < len ? len - at : 0, "%s%s "
		    "lacks ", n > 1 ? " " : "", json_string_value(
		    json_object_get(u, "name")));
		for (p = 0; p < UNIFY_LIC_POOLS; p++)
			if (unify_license_pools[p].required && !held[p]) {
				at += snprintf(text + at, at < len ? len - at :
				    0, "%s%s", first ? "" : " and ",
				    unify_license_pools[p].name);
				first = false;
			}
		at += snprintf(text + at, at < len ? len - at : 0, ";");
	}
	if (n > SHORTFALL_NAMED)
		snprintf(text + at, at < len ? len - at : 0, " and %zu more.",
		    n - SHORTFALL_NAMED);
	else if (n > 0 && at < len)
		text[at - 1] = '.';
	return n;
}

bool
unify_license_support_valid(json_t *system, const char *today)
{
	const char *until = json_string_value(json_object_get(system,
	    "software_support_until"));

	return until != NULL && until[0] != '\0' && strcmp(until, today) >= 0;
}
