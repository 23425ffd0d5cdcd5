/* Switchboard — the FAQ table of seed 003 (5.3) as live checks, and the
 * trace settings of 5.1. */
#include "diagnostics.h"

#include <stdio.h>
#include <string.h>

#include "../lib/util.h"
#include "connector_check.h"
#include "unify_rules.h"
#include "unify_license_rules.h"

#define PASS "pass"
#define FAIL "fail"
#define NOT_YET "not checked yet"

/* What part 2 (users, licenses) will bring; until then its checks say
 * so rather than guess. */
/* The seed's way to a JWT (6.1). */
#define JWT_REMEDY "Create a JWT in the JWT creation portal (chapter 6.1): " \
	"sign in with your Unify Video administration account, add a name " \
	"in the Label field, create the JWT, copy it and paste it into the " \
	"JWT token field (OpenScape Business > Unify Phone JWT)."

static json_t *
item(const char *id, const char *check, const char *result,
    const char *detail, const char *remedy)
{
	return json_pack("{s:s,s:s,s:s,s:s?,s:s?}", "id", id, "check", check,
	    "result", result, "detail", detail, "remedy", remedy);
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_t *
itsp(const struct unify_diag_input *in)
{
	json_t *sip = json_object_get(in->status, "sip");
	const char *check = "The connector answers SIP over TLS (ITSP status "
	    "of " UNIFY_TRUNK_NAME ")", *reason = str(in->status, "reason");
	char d[400];

	if (in->guard)
		return item("itsp_registered", check, FAIL, str(in->guard,
		    "reason"), "Re-enable the connector in the Service Center "
		    "once the original system's connector is uninstalled.");
	if (!json_is_object(sip))
		return item("itsp_registered", check, reason && strcmp(reason,
		    "Not checked yet.") == 0 ? NOT_YET : FAIL, reason, NULL);
	if (json_is_true(json_object_get(sip, "ok"))) {
		snprintf(d, sizeof(d), "%s answered %s.", str(sip, "target"),
		    str(sip, "answer"));
		return item("itsp_registered", check, PASS, d, NULL);
	}
	snprintf(d, sizeof(d), "%s: %s%s%s.", str(sip, "target"),
	    str(sip, "error"), str(sip, "answer") ? " — " : "",
	    str(sip, "answer") ? str(sip, "answer") : "");
	return item("itsp_registered", check, FAIL, d,
	    connector_unreached_remedy(str(sip, "error")));
}

static json_t *
api_key(const struct unify_diag_input *in)
{
	json_t *rest = json_object_get(in->status, "rest");
	const char *check = "API key invalid or regenerated";
	char d[400];

	if (!json_object_get(in->conn, "api_key_sealed"))
		return item("api_key", check, FAIL, "No API key is stored.",
		    "Paste the API key from the Unify Phone admin portal in "
		    "the Unify Phone Connectivity wizard.");
	if (in->guard)
		return item("api_key", check, NOT_YET, "Not checked while the "
		    "clone guard keeps the connector disabled.", NULL);
	if (!json_is_object(rest))
		return item("api_key", check, NOT_YET, str(in->status,
		    "reason"), NULL);
	if (json_is_true(json_object_get(rest, "ok"))) {
		snprintf(d, sizeof(d), "%s accepted the API key (%s).",
		    str(rest, "target"), str(rest, "answer"));
		return item("api_key", check, PASS, d, NULL);
	}
	if (str(rest, "answer") == NULL) {	/* the key was never tried */
		snprintf(d, sizeof(d), "The REST API was not reached (%s: "
		    "%s), so the key was not tried.", str(rest, "target"),
		    str(rest, "error"));
		return item("api_key", check, NOT_YET, d,
		    connector_unreached_remedy(str(rest, "error")));
	}
	snprintf(d, sizeof(d), "%s: %s.", str(rest, "target"),
	    str(rest, "error"));
	return item("api_key", check, FAIL, d, "Copy the current API key "
	    "from the Unify Phone admin portal and paste it in the Unify "
	    "Phone Connectivity wizard.");
}

static json_t *
support(const struct unify_diag_input *in)
{
	const char *until = str(in->system, "software_support_until"),
	    *check = "OpenScape Business is not under Software support";
	char d[160];

	if (in->system == NULL)
		return item("software_support", check, FAIL, "The OpenScape "
		    "Business system is not set.", "Set the system, with "
		    "the date its Software Support is valid until.");
	if (until == NULL || until[0] == '\0' || strcmp(until, in->today) < 0) {
		snprintf(d, sizeof(d), until && until[0] ? "Software Support "
		    "ended on %s." : "Software Support is not set.",
		    until ? until : "");
		return item("software_support", check, FAIL, d, "Renew the "
		    "Software Support and set its date on the system.");
	}
	snprintf(d, sizeof(d), "Software Support is valid until %s.", until);
	return item("software_support", check, PASS, d, NULL);
}

static json_t *
trunk_lines(const struct unify_diag_input *in)
{
	json_t *t = in->trunk;
	json_int_t n = json_integer_value(json_object_get(json_object_get(t,
	    "config"), "simultaneous_calls"));
	const char *check = "no Unify Phone trunk lines are configured, or all "
	    "Unify Phone trunk lines resp. shared trunk lines are busy";
	char d[240];

	if (t == NULL || n < 1)
		return item("trunk_lines", check, FAIL, "There is no trunk \""
		    UNIFY_TRUNK_NAME "\" with lines.", "Run the Unify Phone "
		    "Connectivity wizard with the number of simultaneous "
		    "circuit calls.");
	snprintf(d, sizeof(d), "The trunk \"%s\" has %lld lines. Whether all "
	    "are busy shows only on the system while calls are made.",
	    UNIFY_TRUNK_NAME, (long long)n);
	return item("trunk_lines", check, PASS, d, NULL);
}

static json_t *
route_flag(const struct unify_diag_input *in)
{
	json_t *r = in->route;
	const char *check = "Route parameter \"Trusted external User\" is "
	    "deactivated";

	if (r == NULL)
		return item("route_flag", check, FAIL, "There is no route \""
		    UNIFY_TRUNK_NAME "\".", "Run the Unify Phone Connectivity "
		    "wizard.");
	if (!json_is_true(json_object_get(json_object_get(r, "config"),
	    "trusted_external_users")))
		return item("route_flag", check, FAIL, "The route's \"Trusted "
		    "External Users\" flag is off.", "Run the Unify Phone "
		    "Connectivity wizard: it sets the flag.");
	return item("route_flag", check, PASS, "The route \"" UNIFY_TRUNK_NAME
	    "\" has \"Trusted External Users\" on.", NULL);
}

/* Every Unify Phone user holds the two licenses it needs, under valid
 * Software Support (without which the Unify Phone licenses do not work). */
static json_t *
user_license(const struct unify_diag_input *in)
{
	const char *check = "assigned Mobility User does not have a license "
	    "or Unify Phone license is expired", *until = str(in->system,
	    "software_support_until");
	size_t n = json_array_size(in->users), lacking;
	char text[600], d[700];

	if (n == 0)
		return item("user_license", check, NOT_YET, "There are no "
		    "Unify Phone users yet.", NULL);
	if (!unify_license_support_valid(in->system, in->today)) {
		snprintf(d, sizeof(d), "Software Support %s%s: the Unify Phone "
		    "licenses need valid Software Support.", until && until[0] ?
		    "ended on " : "is not set", until && until[0] ? until : "");
		return item("user_license", check, FAIL, d, "Renew the "
		    "Software Support and set its date on the system.");
	}
	if ((lacking = unify_license_shortfall(in->users, text,
	    sizeof(text))) == 0) {
		snprintf(d, sizeof(d), "All %zu Unify Phone users have the IP "
		    "User (Mobility User) and Unify Phone licenses.", n);
		return item("user_license", check, PASS, d, NULL);
	}
	snprintf(d, sizeof(d), "%zu of %zu Unify Phone users %s a license: "
	    "%s", lacking, n, lacking == 1 ? "lacks" : "lack", text);
	return item("user_license", check, FAIL, d, "Activate the IP User "
	    "(Mobility User) and Unify Phone licenses in License Management "
	    "([Apply]); raise a pool's total first when none is free.");
}

/* The wizard's entries as it would make them now, against what is
 * stored: a difference means a change it did not make, or input it has
 * not applied. The ids it links them by are not compared. */
static json_t *
wizard_only(const struct unify_diag_input *in)
{
	const char *check = "configuration changes are applied via Expert Mode "
	    "and not via the Wizard(s)";
	json_t *e;
	size_t i;
	char d[300];

	if (in->update_detected)
		return item("wizard_only", check, FAIL, UNIFY_UPDATE_BANNER,
		    "Run the Unify Phone Connectivity wizard without changing "
		    "the configuration.");
	if (in->plan == NULL) {
		snprintf(d, sizeof(d), "The wizard cannot run with the input "
		    "saved: %s", in->plan_refusal ? in->plan_refusal :
		    "it is not complete.");
		return item("wizard_only", check, FAIL, d, "Complete and run "
		    "the Unify Phone Connectivity wizard.");
	}
	json_array_foreach(in->plan, i, e) {
		json_t *m = json_object_get(in->made, str(e, "key")), *cfg;
		bool same;

		if (!json_is_object(m)) {
			snprintf(d, sizeof(d), "The %s \"%s\" the wizard makes "
			    "is missing.", str(e, "kind"), str(e, "name"));
			return item("wizard_only", check, FAIL, d, "Run the "
			    "Unify Phone Connectivity wizard.");
		}
		cfg = json_deep_copy(json_object_get(m, "config"));
		json_object_del(cfg, "trunk_id");
		json_object_del(cfg, "route_id");
		same = json_equal(cfg, json_object_get(e, "config")) &&
		    json_equal(json_object_get(m, "name"),
		    json_object_get(e, "name"));
		json_decref(cfg);
		if (!same) {
			snprintf(d, sizeof(d), "The %s \"%s\" differs from "
			    "what the wizard makes of its saved input.",
			    str(e, "kind"), str(e, "name"));
			return item("wizard_only", check, FAIL, d, "Run the "
			    "Unify Phone Connectivity wizard: changes outside "
			    "it are not handled.");
		}
	}
	return item("wizard_only", check, PASS, "The trunk, route and LCR "
	    "entries are as the wizard made them.", NULL);
}

/* An ISO 8601 time of the API as a sentence writes it ("2026-11-21
 * 19:30 UTC"); as it came when it does not read. */
static void
time_text(const char *iso, char *buf, size_t len)
{
	int64_t t;

	if (iso && parse_utc(iso, &t) == 0)
		format_utc_text(t, buf, len);
	else
		snprintf(buf, len, "%s", iso ? iso : "?");
}

/* The JWT's status word; "Not set" when none was given. */
static const char *
jwt_state(const struct unify_diag_input *in)
{
	const char *s = str(in->jwt, "status");

	return s ? s : "Not set";
}

static bool
jwt_is(const struct unify_diag_input *in, const char *status)
{
	return strcmp(jwt_state(in), status) == 0;
}

/* The failure of check id when no token that can work is stored (none,
 * or an Invalid token); NULL when one is. */
static json_t *
jwt_missing(const struct unify_diag_input *in, const char *id,
    const char *check)
{
	if (jwt_is(in, "Not set"))
		return item(id, check, FAIL, "No JWT is stored.", JWT_REMEDY);
	if (jwt_is(in, "Invalid token"))
		return item(id, check, FAIL, str(in->jwt, "reason"),
		    JWT_REMEDY);
	return NULL;
}

/* Pass when a token is stored that reads and is valid by its nbf. */
static json_t *
jwt_configured(const struct unify_diag_input *in)
{
	const char *check = "Unify Phone JWT is not configured";
	json_t *missing = jwt_missing(in, "jwt_configured", check);
	char d[200];

	if (missing)
		return missing;
	snprintf(d, sizeof(d), "A JWT is stored (status %s).", jwt_state(in));
	return item("jwt_configured", check, PASS, d, NULL);
}

/* Pass while the stored token has not expired; Expiring passes with the
 * remedy, to renew it in time. */
static json_t *
jwt_expired(const struct unify_diag_input *in)
{
	const char *check = "Unify Phone JWT expired";
	json_t *missing = jwt_missing(in, "jwt_expired", check);
	char d[200], exp[32], from[32];

	if (missing)
		return missing;
	time_text(str(in->jwt, "expires_at"), exp, sizeof(exp));
	if (jwt_is(in, "Expired")) {
		snprintf(d, sizeof(d), "The JWT expired at %s.", exp);
		return item("jwt_expired", check, FAIL, d, JWT_REMEDY);
	}
	if (jwt_is(in, "Expiring")) {
		time_text(str(in->jwt, "expiring_from"), from, sizeof(from));
		snprintf(d, sizeof(d), "The JWT expires at %s (Expiring since "
		    "%s).", exp, from);
		return item("jwt_expired", check, PASS, d, JWT_REMEDY);
	}
	snprintf(d, sizeof(d), "The JWT is valid until %s.", exp);
	return item("jwt_expired", check, PASS, d, NULL);
}

/* User provisioning needs a JWT that works now: Active or Expiring. */
static json_t *
jwt_provisioning(const struct unify_diag_input *in)
{
	const char *check = "a JSON Web Token (JWT) is needed for user "
	    "provisioning in Unify Phone and the former used bot method for "
	    "authenticating to RingCentral API was replaced";
	char d[200];

	if (jwt_is(in, "Active") || jwt_is(in, "Expiring")) {
		snprintf(d, sizeof(d), "The JWT's status is %s.", jwt_state(in));
		return item("jwt_for_provisioning", check, PASS, d, NULL);
	}
	snprintf(d, sizeof(d), "The JWT's status is %s: user provisioning in "
	    "Unify Phone is not possible.", jwt_state(in));
	return item("jwt_for_provisioning", check, FAIL, d, JWT_REMEDY);
}

/* "Anna Berg, Ben Kurz and 3 more" of the users test picks (at most
 * three named); the count in *n. */
static void
names_of(json_t *users, bool (*test)(json_t *), char *out, size_t len,
    size_t *n)
{
	json_t *u;
	size_t i, at = 0;

	*n = 0;
	out[0] = '\0';
	json_array_foreach(users, i, u) {
		if (!test(u))
			continue;
		if (++*n <= 3 && at < len)
			at += (size_t)snprintf(out + at, len - at, "%s%s",
			    *n > 1 ? ", " : "", str(u, "name"));
	}
	if (*n > 3 && at < len)
		snprintf(out + at, len - at, " and %zu more", *n - 3);
}

static bool
not_teu(json_t *u)
{
	return strcmp(str(u, "type"), "Trusted External User") != 0;
}

static bool
bad_number(json_t *u)
{
	return str(u, "number_problem")[0] != '\0' ||
	    json_is_true(json_object_get(u, "needs_validation"));
}

static bool
bad_alternative(json_t *u)
{
	return json_is_string(json_object_get(u, "destinations_problem"));
}

/* A check over the users: not checked while there are none, pass when
 * test picks none, fail naming those it picks. */
static json_t *
over_users(const struct unify_diag_input *in, const char *id,
    const char *check, bool (*test)(json_t *), const char *ok,
    const char *bad, const char *remedy)
{
	char who[300], d[400];
	size_t n;

	if (json_array_size(in->users) == 0)
		return item(id, check, NOT_YET, "There are no Unify Phone users "
		    "yet.", NULL);
	names_of(in->users, test, who, sizeof(who), &n);
	if (n == 0) {
		snprintf(d, sizeof(d), ok, json_array_size(in->users));
		return item(id, check, PASS, d, NULL);
	}
	snprintf(d, sizeof(d), bad, who);
	return item(id, check, FAIL, d, remedy);
}

static json_t *
trusted_external(const struct unify_diag_input *in)
{
	return over_users(in, "trusted_external_user", "Mobility User is not "
	    "of type \"Trusted external User\"", not_teu, "All %zu Unify "
	    "Phone users are Trusted External Users.", "Not a Trusted "
	    "External User: %s.", "Configure the user with the Unify Phone "
	    "user instance wizard; a Trusted External User made in Expert "
	    "Mode does not update the Unify Phone Telephony Connector.");
}

static json_t *
call_numbers(const struct unify_diag_input *in)
{
	return over_users(in, "call_numbers", "the Mobile call number does "
	    "not match the Unify Phone numbering plan", bad_number, "The "
	    "call numbers of all %zu users fit the numbering schema.",
	    "Not validated or not valid: %s.", "Click [Validate Numbers] in "
	    "the Unify Phone user instance wizard; if a number does not fit "
	    "the E.164 length, update the Unify Phone route location "
	    "number.");
}

static json_t *
alternative_number(const struct unify_diag_input *in)
{
	return over_users(in, "alternative_number", "Alternative Number: "
	    "target 2 of the call destination list is not \"** User "
	    "defined\"", bad_alternative, "None of the %zu users wants "
	    "Alternative Number without target 2 \"** User defined\".",
	    "Target 2 is not \"** User defined\" for: %s.", "Set target 2 "
	    "of the call destination list to \"** User defined\".");
}

static json_t *
group(const char *symptom, json_t *checks)
{
	return json_pack("{s:s,s:o}", "symptom", symptom, "checks", checks);
}

/* The trace settings to send with an error report (5.1). */
static json_t *
trace(void)
{
	return json_pack("{s:[s,s,s,s,s],s:[s,s,s],s:[s,s,s,s]}",
	    "profiles", "Basic", "Voice Fax Connections",
	    "SIP_Interconnection_Subscriber_ITSP",
	    "SIP_Registration (for registration problems)",
	    "License_problem (for license issues, e.g. client login)",
	    "components", "FP_API-CTI level 9", "FP_API_IWU level 9",
	    "PCC level 9",
	    "additional", "OpenScape Diagnosis Logs (incl. Application "
	    "Protocols)", "Wireshark traces", "OpenScape Business TCP Dump",
	    "Diagnostic data Service Center >> Status >> ITSP >> Unify Phone "
	    "(Cloud) >> Diagnose");
}

json_t *
unify_diagnostics(const struct unify_diag_input *in)
{
	json_t *groups, *g, *c;
	size_t i, j;
	int pass = 0, fail = 0, later = 0;

	groups = json_pack("[o,o,o,o]",
	    group("ITSP Status of Unify Phone (Cloud): not registered",
	    json_pack("[o]", itsp(in))),
	    group("no connection to REST API", json_pack("[o,o,o]",
	    api_key(in), jwt_configured(in), jwt_expired(in))),
	    group("no calls with Unify Phone-Client possible",
	    json_pack("[o,o,o,o,o,o,o,o]", support(in), trunk_lines(in),
	    user_license(in),
	    trusted_external(in), route_flag(in), call_numbers(in),
	    alternative_number(in), wizard_only(in))),
	    group("provisioning of new users is not possible",
	    json_pack("[o]", jwt_provisioning(in))));
	json_array_foreach(groups, i, g)
		json_array_foreach(json_object_get(g, "checks"), j, c) {
			const char *r = str(c, "result");

			if (strcmp(r, PASS) == 0)
				pass++;
			else if (strcmp(r, FAIL) == 0)
				fail++;
			else
				later++;
		}
	return json_pack("{s:o,s:{s:i,s:i,s:i},s:o}", "groups", groups,
	    "summary", "pass", pass, "fail", fail, "not_checked", later,
	    "trace", trace());
}
