/* Unit tests of the Unify Phone rules: software versions in order, the
 * users per model, the bandwidth share, the system's media ports and the
 * wizard's plan per schema. */
#include "lib/netaddr.h"
#include "unify/unify_rules.h"
#include "test.h"

/* The system with media_ports set to ports (NULL: not sent): the stored
 * value, or "refused". */
static const char *
media_ports(const char *ports)
{
	static char out[32];
	struct refusals rs;
	json_t *body = json_pack("{s:s,s:s,s:s,s:s,s:s}", "model", "X3",
	    "mainboard", "V3", "edition", "basic", "software_version", "V3R3",
	    "flavour", "Unify Phone for OpenScape"), *v;

	if (ports)
		json_object_set_new(body, "media_ports", json_string(ports));
	refusals_init(&rs);
	v = unify_rules_system(body, &rs);
	snprintf(out, sizeof(out), "%s", v ? (json_string_value(
	    json_object_get(v, "media_ports")) ? json_string_value(
	    json_object_get(v, "media_ports")) : "(missing)") :
	    refusals_name(&rs, "media_ports") ? "refused" :
	    "refused elsewhere");
	refusals_release(&rs);
	json_decref(v);
	json_decref(body);
	return out;
}

static int
users(const char *model, const char *board, const char *edition)
{
	json_t *s = json_pack("{s:s,s:s,s:s}", "model", model, "mainboard",
	    board, "edition", edition);
	int n = unify_max_users(s);

	json_decref(s);
	return n;
}

int
main(void)
{
	json_t *sys, *conn, *plan, *b;

	CHECK(unify_version_rank("V3R2") < unify_version_rank("V3R3"),
	    "V3R2 before V3R3");
	CHECK(unify_version_rank("V3R3") < unify_version_rank("V3R3 FR1"),
	    "V3R3 before V3R3 FR1");
	CHECK(unify_version_rank("V3R3 FR1") < unify_version_rank("V3R3 FR2"),
	    "FR1 before FR2");
	CHECK(unify_version_rank("V3R3 FR2") < unify_version_rank("V3R4"),
	    "V3R3 FR2 before V3R4");
	CHECK_INT(unify_version_rank("V3R3 FR"), 0, "FR without a number");
	CHECK_INT(unify_version_rank("3.3"), 0, "not a version");
	CHECK_INT(unify_version_rank("V3R3 FR1x"), 0, "trailing text");

	CHECK_INT(users("X1W/R", "V2", "basic"), 50, "V2 X1: 50");
	CHECK_INT(users("X8", "V2", "advanced"), 150, "V2 X8: 150");
	CHECK_INT(users("X5", "V3", "advanced"), 500, "V3 X5 advanced: 500");
	CHECK_INT(users("X5", "V3", "basic"), 150, "V3 X5 basic: 150");
	CHECK_INT(users("OpenScape Business S", "", "standard"), 300,
	    "S standard: 300");
	CHECK_INT(users("X5", "V3", "standard"), 0, "no standard X5");

	b = unify_bandwidth(2000);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(b,
	    "max_internet_calls"), "G.711")), 22, "2000 Kbps: 22 G.711 calls");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(b,
	    "max_internet_calls"), "G.729")), 62, "2000 Kbps: 62 G.729 calls");
	json_decref(b);

	CHECK(netaddr_ports_ok("5004") && netaddr_ports_ok("20000-20999") &&
	    netaddr_ports_ok("1-65535") && netaddr_ports_ok("7-7"),
	    "a port, or a range of ports");
	CHECK(!netaddr_ports_ok("") && !netaddr_ports_ok("0") &&
	    !netaddr_ports_ok("65536") && !netaddr_ports_ok("3000-2000") &&
	    !netaddr_ports_ok("20000-") && !netaddr_ports_ok("-5") &&
	    !netaddr_ports_ok(" 5") && !netaddr_ports_ok("5 ") &&
	    !netaddr_ports_ok("000005004") && !netaddr_ports_ok("1-2-3"),
	    "not a port or a range of ports");
	CHECK_STR(media_ports(NULL), "", "media ports: not sent, not set");
	CHECK_STR(media_ports(""), "", "media ports: empty, not set");
	CHECK_STR(media_ports("20000-20999"), "20000-20999",
	    "media ports: a range is kept");
	CHECK_STR(media_ports("20000-70000"), "refused",
	    "media ports: past 65535 refused, naming the field");

	sys = json_pack("{s:s,s:s,s:s,s:s}", "software_version", "V3R3 FR1",
	    "country_code", "49", "local_area_code", "89", "pabx_number",
	    "7007");
	conn = json_pack("{s:s,s:s,s:i,s:s,s:s,s:s}", "numbering_schema",
	    "internal", "domain", "phoneapp.unify.com", "circuit_calls", 4,
	    "route_country_code", "49", "route_local_area_code", "",
	    "route_pabx_number", "1");
	plan = unify_wizard_plan(sys, conn, "abc123", UNIFY_SIP_TLS_PORT);
	CHECK_INT(json_array_size(plan), 5, "trunk, route and three LCR");
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(plan, 1), "config"), "call_number_type")),
	    "Internal", "internal schema: Call Number Type Internal");
	CHECK_STR(json_string_value(json_object_get(json_array_get(plan, 0),
	    "key")), "trunk:0:abc123", "the trunk is keyed by the system");
	json_decref(plan);
	json_decref(conn);
	json_decref(sys);
	return test_done();
}
