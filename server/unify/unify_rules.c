/* Switchboard — the rules of Unify Phone on OpenScape Business. */
#include "unify_rules.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/netaddr.h"

/* The seed (3.3) gives 50, 150 and 500 users and says "model dependent"
 * for the rest; this is the table we chose and publish. Edition "" means
 * any edition. */
static const struct users_row {
	const char	*model, *mainboard, *edition;
	int		 max;
} users_rows[] = {
	{ "X1W/R", "V3", "", 150 },
	{ "X3", "V3", "basic", 150 }, { "X3", "V3", "advanced", 500 },
	{ "X5", "V3", "basic", 150 }, { "X5", "V3", "advanced", 500 },
	{ "X8", "V3", "basic", 150 }, { "X8", "V3", "advanced", 500 },
	{ "X1W/R", "V2", "", 50 },
	{ "X3", "V2", "", 150 }, { "X5", "V2", "", 150 }, { "X8", "V2", "", 150 },
	{ "OpenScape Business S", "", "basic", 150 },
	{ "OpenScape Business S", "", "standard", 300 },
	{ "OpenScape Business S", "", "advanced", 500 },
};
#define NUSERS (sizeof(users_rows) / sizeof(users_rows[0]))

static const char *const models[] = {
	"X1W/R", "X3", "X5", "X8", "OpenScape Business S", NULL
};
static const char *const editions[] = { "basic", "standard", "advanced",
	NULL };
static const char *const flavours[] = { "Unify Phone for OpenScape",
	"Unify Phone for Unify Video", NULL };

/* Bandwidth per call we assume on the upstream: 20 ms packets, SRTP over
 * UDP/IPv4 and Ethernet framing. */
static const struct codec_kbps {
	const char	*codec;
	int		 kbps;
} codecs[] = { { "G.711", 90 }, { "G.729", 32 } };

static int
one_of(json_t *body, const char *name, const char *const *allowed,
    bool required, const char **out, const char *msg, struct refusals *rs)
{
	int i;

	if (refusal_string(body, name, 64, required, false, out, rs) != 0)
		return -1;
	if (*out == NULL)
		return 0;
	for (i = 0; allowed[i]; i++)
		if (strcmp(*out, allowed[i]) == 0)
			return 0;
	return refuse(rs, "invalid_field", name, "%s", msg);
}

static bool
digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A location number: country code (1 to 3 digits, not starting with 0),
 * local area code (up to 6 digits) and PABX number (up to 10), each ""
 * when not sent. Copied into out under prefix + name. */
static void
location(json_t *body, const char *prefix, json_t *out, struct refusals *rs)
{
	static const struct {
		const char	*name, *msg;
		size_t		 max;
	} part[] = {
		{ "country_code", "The country code is 1 to 3 digits and does "
		    "not start with 0.", 3 },
		{ "local_area_code", "The local area code is up to 6 digits.",
		    6 },
		{ "pabx_number", "The PABX number is up to 10 digits.", 10 },
	};
	char field[64];
	const char *s;
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(field, sizeof(field), "%s%s", prefix, part[i].name);
		if (refusal_string(body, field, 16, false, false, &s, rs) != 0)
			continue;
		if (s == NULL)
			s = "";
		if (!digits(s, 0, part[i].max) || (i == 0 && s[0] == '0'))
			refuse(rs, "invalid_field", field, "%s", part[i].msg);
		else
			json_object_set_new(out, field, json_string(s));
	}
}

static bool
date_ok(const char *s)
{
	int y, m, d, n = 0;

	return strlen(s) == 10 && strspn(s, "0123456789-") == 10 &&
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 &&
	    y >= 2000 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int
unify_version_rank(const char *v)
{
	int major, minor, fr = 0, n = 0, m = 0;

	if (v == NULL)
		return 0;
	if (sscanf(v, "V%dR%d%n", &major, &minor, &n) != 2)
		return 0;
	if (v[n] != '\0' && (sscanf(v + n, " FR%d%n", &fr, &m) != 1 ||
	    v[n + m] != '\0' || fr < 1 || fr > 99))
		return 0;
	if (major < 1 || major > 99 || minor < 0 || minor > 99)
		return 0;
	return major * 10000 + minor * 100 + fr;
}

bool
unify_update_detected(json_t *system, json_t *run)
{
	const char *ran = json_string_value(json_object_get(run,
	    "software_version"));

	return ran && system && unify_version_rank(json_string_value(
	    json_object_get(system, "software_version"))) >
	    unify_version_rank(ran);
}

void
unify_wizard_key(char *out, size_t n, const char *kind, size_t i,
    const char *system_id)
{
	snprintf(out, n, "%s:%zu:%s", kind, i, system_id);
}

bool
unify_from_fr1(json_t *system)
{
	return unify_version_rank(json_string_value(json_object_get(system,
	    "software_version"))) >= unify_version_rank("V3R3 FR1");
}

json_t *
unify_rules_system(json_t *body, struct refusals *rs)
{
	const char *model = NULL, *board = NULL, *edition = NULL, *ver = NULL,
	    *flavour = NULL, *ip = NULL, *until = NULL, *media = NULL;
	json_t *out = json_object(), *up = json_object_get(body,
	    "upstream_kbps");
	struct in_addr a;
	size_t before = rs->n;

	one_of(body, "model", models, true, &model, "Models are X1W/R, X3, "
	    "X5, X8 and OpenScape Business S.", rs);
	if (refusal_string(body, "mainboard", 8, false, false, &board,
	    rs) == 0 && model) {
		if (strcmp(model, "OpenScape Business S") == 0) {
			if (board && board[0])
				refuse(rs, "invalid_field", "mainboard",
				    "OpenScape Business S has no mainboard.");
			board = "";
		} else if (board == NULL || (strcmp(board, "V3") != 0 &&
		    strcmp(board, "V2") != 0))
			refuse(rs, "invalid_field", "mainboard", "Choose the "
			    "V3 or the V2 mainboard family.");
	}
	one_of(body, "edition", editions, true, &edition, "Editions are "
	    "basic, standard and advanced.", rs);
	if (model && edition && strcmp(edition, "standard") == 0 &&
	    strcmp(model, "OpenScape Business S") != 0)
		refuse(rs, "invalid_field", "edition", "The X models come in "
		    "the basic or the advanced edition.");
	if (refusal_string(body, "software_version", 16, true, false, &ver,
	    rs) == 0 && unify_version_rank(ver) < unify_version_rank("V3R2"))
		refuse(rs, "invalid_field", "software_version", "Use a version "
		    "such as V3R2, V3R3 or V3R3 FR1 (V3R2 or later).");
	location(body, "", out, rs);
	if (refusal_string(body, "public_ip", 15, false, false, &ip,
	    rs) == 0 && ip && ip[0] && inet_pton(AF_INET, ip, &a) != 1)
		refuse(rs, "invalid_field", "public_ip", "Use an IPv4 address "
		    "such as 203.0.113.10.");
	/* Optional: the firewall rules name them where the seed says
	 * "OpenScape Business media ports" (4). */
	if (refusal_string(body, "media_ports", 11, false, false, &media,
	    rs) == 0 && media && media[0] && !netaddr_ports_ok(media))
		refuse(rs, "invalid_field", "media_ports", "Use a port or a "
		    "range of ports such as 20000-20999 (1 to 65535).");
	if (up && (!json_is_integer(up) || json_integer_value(up) < 0 ||
	    json_integer_value(up) > 10000000))
		refuse(rs, "invalid_field", "upstream_kbps", "The upstream is "
		    "a number of Kbps from 0 to 10000000.");
	if (refusal_string(body, "software_support_until", 10, false, false,
	    &until, rs) == 0 && until && until[0] && !date_ok(until))
		refuse(rs, "invalid_field", "software_support_until", "Use a "
		    "date such as 2027-12-31.");
	one_of(body, "flavour", flavours, true, &flavour, "Choose Unify Phone "
	    "for OpenScape or Unify Phone for Unify Video.", rs);
	if (rs->n > before) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "model", json_string(model));
	json_object_set_new(out, "mainboard", json_string(board));
	json_object_set_new(out, "edition", json_string(edition));
	json_object_set_new(out, "software_version", json_string(ver));
	json_object_set_new(out, "public_ip", json_string(ip ? ip : ""));
	json_object_set_new(out, "media_ports", json_string(media ? media :
	    ""));
	json_object_set_new(out, "upstream_kbps", json_integer(up ?
	    json_integer_value(up) : 0));
	json_object_set_new(out, "software_support_until", json_string(until ?
	    until : ""));
	json_object_set_new(out, "flavour", json_string(flavour));
	return out;
}

int
unify_max_users(json_t *system)
{
	const char *m = json_string_value(json_object_get(system, "model")),
	    *b = json_string_value(json_object_get(system, "mainboard")),
	    *e = json_string_value(json_object_get(system, "edition"));
	size_t i;

	if (m == NULL || b == NULL || e == NULL)
		return 0;
	for (i = 0; i < NUSERS; i++)
		if (strcmp(users_rows[i].model, m) == 0 &&
		    strcmp(users_rows[i].mainboard, b) == 0 &&
		    (users_rows[i].edition[0] == '\0' ||
		    strcmp(users_rows[i].edition, e) == 0))
			return users_rows[i].max;
	return 0;
}

json_t *
unify_users_table(void)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < NUSERS; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:i}",
		    "model", users_rows[i].model, "mainboard",
		    users_rows[i].mainboard, "edition",
		    users_rows[i].edition[0] ? users_rows[i].edition : "any",
		    "max_users", users_rows[i].max));
	return a;
}

json_t *
unify_bandwidth(int64_t upstream_kbps)
{
	json_t *per = json_object(), *max = json_object();
	size_t i;

	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		json_object_set_new(per, codecs[i].codec,
		    json_integer(codecs[i].kbps));
		json_object_set_new(max, codecs[i].codec,
		    json_integer(upstream_kbps / codecs[i].kbps));
	}
	return json_pack("{s:I,s:o,s:o,s:[sss]}", "upstream_kbps",
	    (json_int_t)upstream_kbps, "per_call_kbps", per,
	    "max_internet_calls", max, "shared_with", "Unify Phone", "ITSP",
	    "Device@Home");
}

/* The number of concurrent internet calls the upstream carries (G.711,
 * the bigger share). */
static int64_t
max_calls(json_t *system)
{
	return json_integer_value(json_object_get(system, "upstream_kbps")) /
	    codecs[0].kbps;
}

json_t *
unify_rules_connectivity(json_t *body, json_t *stored, json_t *system,
    bool have_key, const char **api_key, struct refusals *rs)
{
	static const char *const schemas[] = { "international", "internal",
		NULL };
	json_t *out = json_object(), *v;
	const char *domain = NULL, *schema = NULL, *key = NULL;
	size_t before = rs->n;
	bool enabled;
	int64_t calls = 0;
	json_t *merged = json_deep_copy(stored ? stored : out);

	/* A field not sent keeps the value saved before. */
	json_object_update(merged, body);
	*api_key = NULL;
	v = json_object_get(merged, "enabled");
	if (v && !json_is_boolean(v))
		refuse(rs, "invalid_field", "enabled", "Enable Unify Phone is "
		    "true or false.");
	enabled = json_is_true(v);
	if (refusal_string(merged, "domain", 253, false, false, &domain,
	    rs) == 0 && domain && !netaddr_domain_ok(domain))
		refuse(rs, "invalid_field", "domain", "Use a domain such as "
		    UNIFY_DEFAULT_DOMAIN ".");
	if (refusal_string(body, "api_key", 512, false, false, &key,
	    rs) == 0 && key) {
		if (strlen(key) < 16 || strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_.=+/") !=
		    strlen(key))
			refuse(rs, "invalid_field", "api_key", "Paste the API "
			    "key from the Unify Phone tenant (at least 16 "
			    "characters, no spaces).");
		else
			*api_key = key;
	}
	if (enabled && key == NULL && !have_key)
		refuse(rs, "required", "api_key", "Paste the API key from the "
		    "Unify Phone tenant Administrator.");
	v = json_object_get(merged, "circuit_calls");
	/* Saved as 0 while not set (before this was kept apart): not set. */
	if (v && json_is_integer(v) && json_integer_value(v) == 0 &&
	    json_object_get(body, "circuit_calls") == NULL)
		v = NULL;
	if (v && (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 250))
		refuse(rs, "invalid_field", "circuit_calls", "The number of "
		    "simultaneous circuit calls is from 1 to 250.");
	else if (v) {
		calls = json_integer_value(v);
		if (system && calls > max_calls(system))
			refuse(rs, "invalid_field", "circuit_calls", "The "
			    "upstream of %lld Kbps carries at most %lld "
			    "concurrent internet calls, shared with ITSP and "
			    "Device@Home calls.", (long long)json_integer_value(
			    json_object_get(system, "upstream_kbps")),
			    (long long)max_calls(system));
	} else if (enabled)
		refuse(rs, "required", "circuit_calls", "Select the number of "
		    "simultaneous circuit calls.");
	one_of(merged, "numbering_schema", schemas, false, &schema, "The "
	    "numbering schema is international or internal.", rs);
	if (schema == NULL)
		schema = "international";
	/* Before V3R3 FR1 there is no choice: international (E.164). */
	if (strcmp(schema, "internal") == 0 && !unify_from_fr1(system)) {
		if (json_object_get(body, "numbering_schema"))
			refuse(rs, "invalid_field", "numbering_schema", "The "
			    "numbering schema is new in OpenScape Business "
			    "V3R3 FR1.");
		schema = "international";
	}
	location(merged, "route_", out, rs);
	/* Checked on the schema page (which sends numbering_schema) and
	 * again by [Execute Function]. */
	if (enabled && strcmp(schema, "international") == 0 &&
	    unify_from_fr1(system) && json_object_get(body,
	    "numbering_schema") && !refusals_name(rs,
	    "route_country_code") && json_string_value(json_object_get(out,
	    "route_country_code"))[0] == '\0')
		refuse(rs, "required", "route_country_code", "For international "
		    "numbering the Unify Phone route location number incoming "
		    "is mandatory (Country Code is mandatory).");
	if (rs->n > before) {
		json_decref(merged);
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "enabled", json_boolean(enabled));
	json_object_set_new(out, "domain", json_string(domain ? domain :
	    UNIFY_DEFAULT_DOMAIN));
	if (calls > 0)	/* not set until the wizard's first page sets it */
		json_object_set_new(out, "circuit_calls", json_integer(calls));
	json_object_set_new(out, "numbering_schema", json_string(schema));
	/* domain and schema are borrowed from merged. */
	json_decref(merged);
	return out;
}

int
unify_rules_execute(json_t *system, json_t *conn, bool have_key,
    const char *today, struct refusals *rs)
{
	const char *until;
	bool intl;

	if (system == NULL)
		return refuse(rs, "not_configured", "system", "Enter the "
		    "OpenScape Business system first.");
	if (conn == NULL || !json_is_true(json_object_get(conn, "enabled")))
		return refuse(rs, "invalid_field", "enabled", "Check \"Enable "
		    "Unify Phone\" first.");
	if (!have_key)
		refuse(rs, "required", "api_key", "Paste the API key from the "
		    "Unify Phone tenant Administrator.");
	until = json_string_value(json_object_get(system,
	    "software_support_until"));
	if (until == NULL || until[0] == '\0' || strcmp(until, today) < 0)
		refuse(rs, "invalid_field", "software_support_until", "Unify "
		    "Phone requires valid OpenScape Business Software "
		    "Support.");
	intl = strcmp(json_string_value(json_object_get(conn,
	    "numbering_schema")), "international") == 0;
	if (intl && unify_from_fr1(system) && json_string_value(
	    json_object_get(conn, "route_country_code"))[0] == '\0')
		refuse(rs, "required", "route_country_code", "For international "
		    "numbering the Unify Phone route location number incoming "
		    "is mandatory (Country Code is mandatory).");
	else if (intl && !unify_from_fr1(system) && json_string_value(
	    json_object_get(system, "country_code"))[0] == '\0')
		refuse(rs, "required", "country_code", "For international "
		    "numbering the country code of the gateway location number "
		    "is mandatory.");
	return rs->n ? -1 : 0;
}

static json_t *
lcr(const char *name, const char *digits_, const char *rule)
{
	return json_pack("{s:s,s:s,s:{s:s,s:s}}", "kind", "lcr", "name", name,
	    "config", "dialed_digits", digits_, "dial_rule", rule);
}

json_t *
unify_wizard_plan(json_t *system, json_t *conn, const char *system_id,
    int sip_port)
{
	bool intl = strcmp(json_string_value(json_object_get(conn,
	    "numbering_schema")), "international") == 0;
	const char *p = unify_from_fr1(system) ? "route_" : "";
	json_t *src = p[0] ? conn : system, *plan, *e;
	char key[96];
	size_t i;

	plan = json_pack("[{s:s,s:s,s:{s:s,s:s,s:s,s:i,s:s,s:i,s:I,s:b}},"
	    "{s:s,s:s,s:{s:b,s:s,s:s,s:s,s:s,s:{s:O,s:O,s:O}}}]",
	    "kind", "trunk", "name", UNIFY_TRUNK_NAME, "config",
	    "system_id", system_id, "domain", json_string_value(
	    json_object_get(conn, "domain")), "transport", "TLS", "sip_port",
	    sip_port, "stun_turn_server", UNIFY_TURN_ADDRESS,
	    "stun_turn_port", UNIFY_STUN_PORT, "simultaneous_calls",
	    (json_int_t)json_integer_value(json_object_get(conn,
	    "circuit_calls")), "enabled", 1,
	    "kind", "route", "name", UNIFY_TRUNK_NAME, "config",
	    "trusted_external_users", 1, "numbering_schema", intl ?
	    "international" : "internal", "route_type", intl ? "CO" : "PABX",
	    "no_and_type_outgoing", intl ? "International" : "Internal",
	    "call_number_type", intl ? "International" : "Internal",
	    "location_incoming", "country_code", json_object_get(src,
	    p[0] ? "route_country_code" : "country_code"), "local_area_code",
	    json_object_get(src, p[0] ? "route_local_area_code" :
	    "local_area_code"), "pabx_number", json_object_get(src, p[0] ?
	    "route_pabx_number" : "pabx_number"));
	/* The dial plan reformats what users dial to E.164 (3.6.1). */
	json_array_append_new(plan, lcr("Unify Phone E.164 international",
	    "0C00-Z", "+ and the number as dialled after 00"));
	json_array_append_new(plan, lcr("Unify Phone E.164 national",
	    "0C0-Z", "+ country code and the number after 0"));
	json_array_append_new(plan, lcr("Unify Phone E.164 local", "0C-Z",
	    "+ country code, local area code and the number"));
	json_array_foreach(plan, i, e) {
		unify_wizard_key(key, sizeof(key), json_string_value(
		    json_object_get(e, "kind")), i, system_id);
		json_object_set_new(e, "key", json_string(key));
	}
	return plan;
}
