/* Unit tests of server/phones/reg_rules.c: one test per seed rule, the rule
 * quoted in the test name. */
#include "phones/reg_rules.h"
#include "test.h"

static int
check(const char *kind, const char *json, struct reg_error *err)
{
	struct registration regs[REG_MAX];
	json_t *arr = json_loads(json, 0, NULL);
	int n = reg_rules_parse(arr, regs, err);

	json_decref(arr);
	if (n < 0)
		return -2;
	return reg_rules_check(kind, regs, n, err);
}

#define LINE "{\"type\":\"line\",\"line_id\":1}"
#define SRV "{\"type\":\"dns_srv\",\"domain\":\"voice.example.com\"," \
	"\"transport\":\"TLS\"}"
#define MAN "{\"type\":\"manual\",\"address\":\"10.1.2.3\",\"port\":5060," \
	"\"transport\":\"UDP\"}"
#define PROXY "{\"type\":\"managed_proxy\",\"proxy_id\":3," \
	"\"transport\":\"TCP\"}"

int
main(void)
{
	struct reg_error e;

	CHECK(check("regular", "[" LINE "," MAN "," PROXY "]", &e) == 0,
	    "a Line first, then Manual and Managed Proxy fallbacks");
	CHECK(check("regular", "[" LINE "," LINE "]", &e) == -1 &&
	    strstr(e.message, "cannot have more than one SIP Line") &&
	    strcmp(e.field, "registrations[1].type") == 0,
	    "\"A registration group cannot have more than one SIP Line "
	    "registration.\"");
	CHECK(check("regular", "[" MAN "," LINE "]", &e) == -1 &&
	    strstr(e.message, "must be the first entry"),
	    "\"If a registration group does have a SIP Line registration, it "
	    "must be the first entry in the list.\"");
	CHECK(check("regular", "[" SRV "," MAN "," SRV "]", &e) == -1 &&
	    strstr(e.message, "more than one DNS SRV"),
	    "\"A registration group cannot have more than one DNS SRV "
	    "registration.\"");
	CHECK(check("regular", "[" MAN "," SRV "]", &e) == -1 &&
	    strstr(e.message, "DNS SRV registration, it must be the first"),
	    "\"If a registration group does have a DNS SRV registration, it "
	    "must be the first entry in the list.\"");
	CHECK(check("regular", "[" LINE "," SRV "]", &e) == -1,
	    "a Line and a DNS SRV cannot both be first");
	CHECK(check("external", "[" SRV "," MAN "]", &e) == 0,
	    "an External group with DNS SRV and Manual registrations");
	CHECK(check("external", "[" LINE "]", &e) == -1 &&
	    strstr(e.message, "only Manual and DNS SRV"),
	    "External groups: \"the only registration types allowed are "
	    "Manual and DNS SRV\" (Line refused)");
	CHECK(check("external", "[" MAN "," PROXY "]", &e) == -1 &&
	    strcmp(e.field, "registrations[1].type") == 0,
	    "External groups refuse a Managed Proxy");
	CHECK(check("regular", "[]", &e) == -1,
	    "\"Each registration group consists of an ordered list of one or "
	    "more registrations\"");
	CHECK(check("regular", "[{\"type\":\"manual\",\"address\":\"10.1.2.3\","
	    "\"transport\":\"UDP\"}]", &e) == -2 &&
	    strcmp(e.field, "registrations[0].port") == 0,
	    "Manual: \"You must specify the address, port, and transport "
	    "protocol\" (port missing)");
	CHECK(check("regular", "[{\"type\":\"manual\",\"address\":\"bad host!\","
	    "\"port\":5060,\"transport\":\"UDP\"}]", &e) == -2 &&
	    strcmp(e.field, "registrations[0].address") == 0,
	    "Manual: the address is a hostname, FQDN or IP address");
	CHECK(check("regular", "[{\"type\":\"manual\",\"address\":\"sip.example."
	    "com\",\"port\":5060,\"transport\":\"SCTP\"}]", &e) == -2 &&
	    strcmp(e.field, "registrations[0].transport") == 0,
	    "transport is UDP, TCP or TLS");
	CHECK(check("regular", "[{\"type\":\"managed_proxy\",\"proxy_id\":3}]",
	    &e) == -2 && strcmp(e.field, "registrations[0].transport") == 0,
	    "Managed Proxy: \"You must specify the transport protocol\"");
	CHECK(check("regular", "[{\"type\":\"dns_srv\",\"transport\":\"TLS\"}]",
	    &e) == -2 && strcmp(e.field, "registrations[0].domain") == 0,
	    "DNS SRV needs a domain");
	CHECK(check("regular", "[{\"type\":\"fax\"}]", &e) == -2,
	    "unknown registration type refused");

	CHECK(!reg_rules_main_group_ok("external", &e) &&
	    strstr(e.message, "not available for selection as the main"),
	    "\"you can only use the external registration group for external "
	    "registrations. It is not available for selection as the main "
	    "Registration Group\"");
	CHECK(reg_rules_main_group_ok("regular", &e), "regular group as main");
	CHECK(reg_rules_phone_accepts("audiocodes", "latest", 2, false, &e) == -1,
	    "\"AudioCodes, and Genesys phones do not support multiple "
	    "entries\"");
	CHECK(reg_rules_phone_accepts("iss1", "2.0.4.15.7", 2, false, &e) == -1,
	    "\"Interaction SIP Station I and II … do not support multiple "
	    "entries\" on older firmware");
	CHECK(reg_rules_phone_accepts("iss2", "2.2.2.77", 2, false, &e) == 0,
	    "\"firmware updates with a version of 2.2.2.77 or higher … remove "
	    "the constraint\"");
	CHECK(reg_rules_phone_accepts("iss1", "latest", 3, false, &e) == 0,
	    "ISS on <Latest> firmware takes several registrations");
	CHECK(reg_rules_phone_accepts("audiocodes", "latest", 1, false, &e) == 0,
	    "a single registration is fine everywhere");
	CHECK(reg_rules_phone_accepts("polycom", "5.9.6.2327", 4, false, &e) == 0,
	    "Polycom phones take several registrations");
	CHECK(reg_rules_phone_accepts("iss2", "2.0.3.9", 1, true, &e) == -1 &&
	    strstr(e.message, "2.0.4.15.7") && strcmp(e.field,
	    "registration_group") == 0 &&
	    reg_rules_phone_accepts("iss2", "2.0.4.15.7", 1, true, &e) == 0 &&
	    reg_rules_phone_accepts("iss2", "2.0.3.9", 1, false, &e) == 0,
	    "ISS II: DNS SRV from v.2.0.4.15.7 (the seed's minimum), a line "
	    "before it");
	CHECK(reg_rules_phone_accepts("iss1", "1.2.1.5", 1, true, &e) == -1 &&
	    reg_rules_phone_accepts("iss1", "1.2.2._p10_build_17", 1, true,
	    &e) == 0 && reg_rules_phone_accepts("audiocodes", "1.8.0", 1,
	    true, &e) == -1 && reg_rules_phone_accepts("audiocodes",
	    "2.2.16.643", 1, true, &e) == 0 && reg_rules_phone_accepts(
	    "audiocodes", "latest", 1, true, &e) == 0 &&
	    reg_rules_phone_accepts("polycom", "3.1.0", 1, true, &e) == 0,
	    "ISS I from 1.2.2 p10, AudioCodes/Genesys from 2.0.0.18, latest "
	    "and Polycom always");
	CHECK(version_cmp("2.2.2.77", "2.0.4.15.7") > 0 &&
	    version_cmp("2.2.2.77", "2.2.2.77") == 0 &&
	    version_cmp("5.9.3.2857 Rev G", "5.9.6.2327") < 0 &&
	    version_cmp("1.2.2_p10_build_17", "2.2.2.77") < 0,
	    "firmware versions compare numerically");
	CHECK(netaddr_host_ok("10.1.2.3") && netaddr_host_ok("::1") &&
	    netaddr_host_ok("sip.example.com") && !netaddr_host_ok("999.1.1.1")
	    && !netaddr_host_ok("a..b") && !netaddr_host_ok("-x.com"),
	    "host names and addresses");
	return test_done();
}
