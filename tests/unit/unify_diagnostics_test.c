/* Unit tests of the Unify Phone diagnostics: each FAQ cause judged from
 * plain data (pass, fail, not checked yet), the comparison of the wizard's
 * entries with its plan ignoring the ids that link them, the JWT checks
 * following its status, and the counts. */
#include <string.h>

#include "unify/connector_check.h"
#include "unify/diagnostics.h"
#include "unify/jwt_status.h"
#include "unify/unify_rules.h"
#include "test.h"

static void	licenses(void);
static void	unreached(void);

/* The check of id in d. Borrowed. */
static json_t *
check(json_t *d, const char *id)
{
	json_t *g, *c;
	size_t i, j;

	json_array_foreach(json_object_get(d, "groups"), i, g)
		json_array_foreach(json_object_get(g, "checks"), j, c)
			if (strcmp(json_string_value(json_object_get(c, "id")),
			    id) == 0)
				return c;
	return NULL;
}

static const char *
result(json_t *d, const char *id)
{
	return json_string_value(json_object_get(check(d, id), "result"));
}

static const char *
detail(json_t *d, const char *id)
{
	return json_string_value(json_object_get(check(d, id), "detail"));
}

static const char *
remedy(json_t *d, const char *id)
{
	return json_string_value(json_object_get(check(d, id), "remedy"));
}

/* The JWT's status at now for a token expiring at exp (no nbf, or nbf). */
static json_t *
jwt_at(long long exp, long long nbf, long long now)
{
	json_t *c = json_pack("{s:I}", "exp", (json_int_t)exp), *out;

	if (nbf)
		json_object_set_new(c, "nbf", json_integer(nbf));
	out = jwt_status_of(c, now);
	json_decref(c);
	return out;
}

/* 2030-06-30T00:00:00Z, and 2026-12-06T00:00:00Z. */
#define EXP_2030 1909008000LL
#define DEC_2026 1796515200LL

int
main(void)
{
	json_t *sys = json_pack("{s:s,s:s,s:s,s:s,s:s}", "software_version",
	    "V3R3 FR1", "country_code", "49", "local_area_code", "89",
	    "pabx_number", "7007", "software_support_until", "2030-06-30");
	json_t *conn = json_pack("{s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:b}",
	    "numbering_schema", "international", "domain", "localhost",
	    "circuit_calls", 8, "route_country_code", "49",
	    "route_local_area_code", "89", "route_pabx_number", "7007",
	    "api_key_sealed", "sb1:x", "enabled", 1);
	json_t *status = json_pack("{s:s,s:{s:s,s:b,s:s},s:{s:s,s:b,s:s,"
	    "s:s}}", "code", "no_rest_api", "sip", "target",
	    "sips:localhost:65061", "ok", 1, "answer", "200 OK", "rest",
	    "target", "https://localhost/", "ok", 0, "answer", "HTTP 401",
	    "error", "the API key was refused: invalid or regenerated");
	json_t *plan = unify_wizard_plan(sys, conn, "abc", 65061), *made, *e,
	    *d;
	struct unify_diag_input in;
	size_t i;

	made = json_object();
	json_array_foreach(plan, i, e) {
		/* A copy: the ids set below must not reach the plan. */
		json_t *m = json_pack("{s:O,s:o}", "name", json_object_get(e,
		    "name"), "config", json_deep_copy(json_object_get(e,
		    "config")));

		/* As stored: linked by ids the plan does not know. */
		json_object_set_new(json_object_get(m, "config"), "trunk_id",
		    json_integer(7));
		json_object_set_new(made, json_string_value(json_object_get(e,
		    "key")), m);
	}
	memset(&in, 0, sizeof(in));
	in.system = sys;
	in.conn = conn;
	in.status = status;
	in.plan = plan;
	in.made = made;
	in.trunk = json_object_get(made, "trunk:0:abc");
	in.route = json_object_get(made, "route:1:abc");
	in.today = "2026-12-06";
	in.jwt = jwt_at(EXP_2030, 0, DEC_2026);

	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "itsp_registered"), "pass", "SIP 200: passes");
	CHECK_STR(result(d, "api_key"), "fail", "a refused key fails");
	CHECK_STR(detail(d, "api_key"), "https://localhost/: the API key was "
	    "refused: invalid or regenerated.", "and says where and why");
	CHECK_STR(result(d, "software_support"), "pass", "support till 2030");
	CHECK_STR(result(d, "trunk_lines"), "pass", "8 lines");
	CHECK_STR(result(d, "route_flag"), "pass", "the route's flag is on");
	CHECK_STR(result(d, "wizard_only"), "pass",
	    "stored as planned, ids aside");
	CHECK_STR(result(d, "user_license"), "not checked yet",
	    "users are part 2");
	CHECK_STR(result(d, "jwt_configured"), "pass", "an Active JWT is "
	    "configured");
	CHECK_STR(detail(d, "jwt_expired"), "The JWT is valid until "
	    "2030-06-30 00:00 UTC.", "and valid until its exp");
	CHECK_STR(result(d, "jwt_for_provisioning"), "pass",
	    "user provisioning can use it");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "fail")), 1, "one failure counted");
	json_decref(d);

	/* Expiring passes with the remedy; Expired fails. */
	json_decref(in.jwt);
	in.jwt = jwt_at(EXP_2030, 0, EXP_2030 - 86400);
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "jwt_expired"), "pass", "Expiring: not expired");
	CHECK(strstr(detail(d, "jwt_expired"), "Expiring since "
	    "2030-05-30 00:00 UTC") != NULL, "and since when it is Expiring");
	CHECK(strstr(remedy(d, "jwt_expired"), "JWT creation portal") != NULL,
	    "with the way to a new one");
	json_decref(d);
	json_decref(in.jwt);
	in.jwt = jwt_at(EXP_2030, 0, EXP_2030);
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "jwt_expired"), "fail", "Expired: fails");
	CHECK_STR(detail(d, "jwt_expired"), "The JWT expired at "
	    "2030-06-30 00:00 UTC.", "and says when");
	CHECK_STR(result(d, "jwt_configured"), "pass", "it is still set");
	CHECK_STR(result(d, "jwt_for_provisioning"), "fail",
	    "no provisioning with an expired JWT");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "fail")), 3, "three failures counted");
	json_decref(d);

	/* A token not valid yet is an Invalid token: configured fails. */
	json_decref(in.jwt);
	in.jwt = jwt_at(EXP_2030, DEC_2026 + 3600, DEC_2026);
	d = unify_diagnostics(&in);
	CHECK_STR(detail(d, "jwt_configured"), "The token is not valid before "
	    "2026-12-06 01:00 UTC (nbf).", "Invalid token: the reason");
	CHECK_STR(result(d, "jwt_for_provisioning"), "fail",
	    "no provisioning with an invalid token");
	json_decref(d);
	json_decref(in.jwt);
	in.jwt = jwt_at(EXP_2030, 0, DEC_2026);

	/* The users: one whose station was made a TDM one, another whose
	 * number waits for validation; four more unnamed. */
	in.users = json_pack("[{s:s,s:s,s:s,s:b},{s:s,s:s,s:s,s:b},"
	    "{s:s,s:s,s:s,s:b}]", "name", "Anna Berg", "type", "TDM",
	    "number_problem", "", "needs_validation", 0, "name", "Ben Kurz",
	    "type", "Trusted External User", "number_problem", "",
	    "needs_validation", 1, "name", "Cora Lind", "type",
	    "Trusted External User", "number_problem", "", "needs_validation",
	    0);
	d = unify_diagnostics(&in);
	CHECK_STR(detail(d, "trusted_external_user"), "Not a Trusted External "
	    "User: Anna Berg.", "names the user that is not one");
	CHECK_STR(detail(d, "call_numbers"), "Not validated or not valid: Ben "
	    "Kurz.", "names the number to validate");
	CHECK_STR(result(d, "alternative_number"), "pass",
	    "nobody wants Alternative Number");
	json_decref(d);
	json_decref(in.users);
	in.users = NULL;

	/* A change the wizard did not make, and expired support. */
	json_object_set_new(json_object_get(in.route, "config"),
	    "trusted_external_users", json_false());
	in.today = "2031-01-01";
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "route_flag"), "fail", "flag off: fails");
	CHECK_STR(result(d, "wizard_only"), "fail", "the route differs");
	CHECK_STR(detail(d, "software_support"), "Software Support ended on "
	    "2030-06-30.", "the day it ended");
	json_decref(d);

	/* A software update since the last run outranks the comparison. */
	in.update_detected = true;
	d = unify_diagnostics(&in);
	CHECK_STR(detail(d, "wizard_only"), UNIFY_UPDATE_BANNER,
	    "the seed's banner");
	json_decref(d);

	/* Nothing checked yet, no system, no wizard, no JWT. */
	json_decref(in.jwt);
	memset(&in, 0, sizeof(in));
	in.today = "2026-12-06";
	in.status = json_pack("{s:s,s:n,s:n}", "reason", "Not checked yet.",
	    "sip", "rest");
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "itsp_registered"), "not checked yet",
	    "never checked");
	CHECK_STR(result(d, "trunk_lines"), "fail", "no trunk");
	CHECK_STR(detail(d, "wizard_only"), "The wizard cannot run with the "
	    "input saved: it is not complete.", "no plan, no reason given");
	CHECK_STR(json_string_value(json_array_get(json_object_get(
	    json_object_get(d, "trace"), "profiles"), 2)),
	    "SIP_Interconnection_Subscriber_ITSP", "the trace profiles");
	CHECK_STR(detail(d, "jwt_configured"), "No JWT is stored.",
	    "no JWT: not configured");
	CHECK(strstr(remedy(d, "jwt_for_provisioning"), "JWT creation portal "
	    "(chapter 6.1)") != NULL, "the remedy points at the portal");
	CHECK_STR(result(d, "user_license"), "not checked yet",
	    "users are still part 2");
	json_decref(d);
	json_decref(in.status);

	json_decref(made);
	json_decref(plan);
	json_decref(status);
	json_decref(conn);
	json_decref(sys);
	licenses();
	unreached();
	return test_done();
}

/* The users' licenses: not checked without users; a user without the
 * Unify Phone license fails, named with the pool; then every user has
 * both, unless Software Support has ended. */
/* A name that does not resolve points at DNS, not the firewall; a REST
 * API never reached leaves the key untried. */
static void
unreached(void)
{
	struct unify_diag_input in;
	json_t *d;

	memset(&in, 0, sizeof(in));
	in.today = "2026-12-06";
	in.conn = json_pack("{s:s}", "api_key_sealed", "sb1:x");
	in.status = json_pack("{s:{s:s,s:b,s:s},s:{s:s,s:b,s:s}}", "sip",
	    "target", "sips:phoneapp.unify.com:65061", "ok", 0, "error",
	    "could not resolve the name: Name or service not known", "rest",
	    "target", "https://phoneapp.unify.com/", "ok", 0, "error",
	    "connection refused");
	d = unify_diagnostics(&in);
	CHECK_STR(json_string_value(json_object_get(check(d,
	    "itsp_registered"), "remedy")), UNIFY_REMEDY_DNS,
	    "no name: check DNS");
	CHECK_STR(result(d, "api_key"), "not checked yet",
	    "the key was never tried");
	CHECK_STR(json_string_value(json_object_get(check(d, "api_key"),
	    "remedy")), UNIFY_REMEDY_FIREWALL, "refused: the firewall");
	json_decref(d);
	json_decref(in.status);
	json_decref(in.conn);
}

static void
licenses(void)
{
	struct unify_diag_input in;
	json_t *sys = json_pack("{s:s}", "software_support_until",
	    "2030-06-30"), *d;
	json_int_t pass;

	memset(&in, 0, sizeof(in));
	in.system = sys;
	in.today = "2026-12-06";
	in.users = json_array();
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "not checked yet",
	    "no users: not checked yet");
	pass = json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "pass"));
	json_decref(d);
	json_decref(in.users);
	in.users = json_pack("[{s:s,s:s,s:s,s:{s:b,s:b}},"
	    "{s:s,s:s,s:s,s:{s:b,s:b}}]", "name", "Dora Ek", "type",
	    "Trusted External User", "number_problem", "", "licenses",
	    "mobility_user", 1, "unify_phone", 1, "name", "Ben Kurz", "type",
	    "Trusted External User", "number_problem", "", "licenses",
	    "mobility_user", 1, "unify_phone", 0);
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "fail", "a user lacks a license");
	CHECK_STR(detail(d, "user_license"), "1 of 2 Unify Phone users lacks "
	    "a license: Ben Kurz lacks Unify Phone.", "named, with the pool");
	CHECK(strstr(json_string_value(json_object_get(check(d,
	    "user_license"), "remedy")), "[Apply]") != NULL,
	    "the remedy is License Management's [Apply]");
	json_decref(d);
	json_object_set_new(json_object_get(json_array_get(in.users,
	    1), "licenses"), "unify_phone", json_true());
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "pass", "both users licensed");
	CHECK_STR(detail(d, "user_license"), "All 2 Unify Phone users have "
	    "the IP User (Mobility User) and Unify Phone licenses.",
	    "and says so");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "pass")), pass + 4, "the license check passes, and "
	    "the users' three others");
	json_decref(d);
	in.today = "2031-01-01";
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "fail", "support ended: fails");
	CHECK_STR(detail(d, "user_license"), "Software Support ended on "
	    "2030-06-30: the Unify Phone licenses need valid Software "
	    "Support.", "and says why");
	json_decref(d);
	json_decref(in.users);
	json_decref(sys);
}
