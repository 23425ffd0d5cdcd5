/* Unit tests of the Unify Phone diagnostics: each FAQ cause judged from
 * plain data (pass, fail, not checked yet), the comparison of the wizard's
 * entries with its plan ignoring the ids that link them, and the counts. */
#include <string.h>

#include "unify/diagnostics.h"
#include "unify/unify_rules.h"
#include "test.h"

static void	licenses(void);

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
	CHECK_INT(json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "fail")), 1, "one failure counted");
	json_decref(d);

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

	/* Nothing checked yet, no system, no wizard. */
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
	json_decref(d);
	json_decref(in.status);

	json_decref(made);
	json_decref(plan);
	json_decref(status);
	json_decref(conn);
	json_decref(sys);
	licenses();
	return test_done();
}

/* The users' licenses: not checked without users; a user without the
 * Unify Phone license fails, named with the pool; then every user has
 * both, unless Software Support has ended. */
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
	in.license_users = json_array();
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "not checked yet",
	    "no users: not checked yet");
	pass = json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "pass"));
	json_decref(d);
	json_decref(in.license_users);
	in.license_users = json_pack("[{s:s,s:{s:b,s:b}},{s:s,s:{s:b,s:b}}]",
	    "name", "Dora Ek", "licenses", "mobility_user", 1, "unify_phone",
	    1, "name", "Ben Kurz", "licenses", "mobility_user", 1,
	    "unify_phone", 0);
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "fail", "a user lacks a license");
	CHECK_STR(detail(d, "user_license"), "1 of 2 Unify Phone users lacks "
	    "a license: Ben Kurz lacks Unify Phone.", "named, with the pool");
	CHECK(strstr(json_string_value(json_object_get(check(d,
	    "user_license"), "remedy")), "[Apply]") != NULL,
	    "the remedy is License Management's [Apply]");
	json_decref(d);
	json_object_set_new(json_object_get(json_array_get(in.license_users,
	    1), "licenses"), "unify_phone", json_true());
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "pass", "both users licensed");
	CHECK_STR(detail(d, "user_license"), "All 2 Unify Phone users have "
	    "the IP User (Mobility User) and Unify Phone licenses.",
	    "and says so");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(d,
	    "summary"), "pass")), pass + 1, "one more check passes");
	json_decref(d);
	in.today = "2031-01-01";
	d = unify_diagnostics(&in);
	CHECK_STR(result(d, "user_license"), "fail", "support ended: fails");
	CHECK_STR(detail(d, "user_license"), "Software Support ended on "
	    "2030-06-30: the Unify Phone licenses need valid Software "
	    "Support.", "and says why");
	json_decref(d);
	json_decref(in.license_users);
	json_decref(sys);
}
