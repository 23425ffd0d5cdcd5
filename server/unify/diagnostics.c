/* Switchboard — the FAQ table of seed 003 (5.3) as live checks, and the
 * trace settings of 5.1. */
#include "diagnostics.h"

#include <stdio.h>
#include <string.h>

#include "unify_rules.h"
#include "unify_license_rules.h"

#define PASS "pass"
#define FAIL "fail"
#define NOT_YET "not checked yet"

/* What part 2 (users, licenses, JWT) will bring; until then its checks
 * say so rather than guess. */
#define NEEDS_USERS "The appliance does not hold the Unify Phone users yet."
#define NEEDS_JWT "The appliance does not hold the tenant's JWT yet."

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
	    "please check for correct firewall settings");
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
	snprintf(d, sizeof(d), "%s: %s.", str(rest, "target"),
	    str(rest, "error"));
	return item("api_key", check, FAIL, d, str(rest, "answer") ?
	    "Copy the current API key from the Unify Phone admin portal "
	    "and paste it in the Unify Phone Connectivity wizard." :
	    "please check for correct firewall settings");
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
	size_t n = json_array_size(in->license_users), lacking;
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
	if ((lacking = unify_license_shortfall(in->license_users, text,
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
	    api_key(in),
	    item("jwt_configured", "Unify Phone JWT is not configured",
	    NOT_YET, NEEDS_JWT, NULL),
	    item("jwt_expired", "Unify Phone JWT expired", NOT_YET,
	    NEEDS_JWT, NULL))),
	    group("no calls with Unify Phone-Client possible",
	    json_pack("[o,o,o,o,o,o,o]", support(in), trunk_lines(in),
	    user_license(in),
	    item("trusted_external_user", "Mobility User is not of type "
	    "\"Trusted external User\"", NOT_YET, NEEDS_USERS, NULL),
	    route_flag(in),
	    item("call_numbers", "the Mobile call number does not match the "
	    "Unify Phone numbering plan", NOT_YET, NEEDS_USERS, NULL),
	    wizard_only(in))),
	    group("provisioning of new users is not possible",
	    json_pack("[o]", item("jwt_for_provisioning", "a JSON Web Token "
	    "(JWT) is needed for user provisioning in Unify Phone and the "
	    "former used bot method for authenticating to RingCentral API "
	    "was replaced", NOT_YET, NEEDS_JWT, NULL))));
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
