/* Unit tests of server/phones/catalog.c: model name matching and MAC addresses,
 * with the seed's rules quoted in the test names. */
#include "phones/catalog.h"
#include "test.h"

static void
mac_ok(const char *in, const char *want)
{
	char out[MAC_TEXT], what[160];

	snprintf(what, sizeof(what), "MAC accepted as '%s'", in);
	CHECK(mac_normalize(in, out) == 0 && strcmp(out, want) == 0, what);
}

static void
mac_bad(const char *in)
{
	char out[MAC_TEXT], what[160];

	snprintf(what, sizeof(what), "not a MAC: '%s'", in);
	CHECK(mac_normalize(in, out) != 0, what);
}

int
main(void)
{
	char a[CATALOG_KEY_MAX], b[CATALOG_KEY_MAX], c[CATALOG_KEY_MAX];

	CHECK(catalog_match_key("VVX 410", a) == 0 &&
	    catalog_match_key("VVX410", b) == 0 &&
	    catalog_match_key("vvx_410", c) == 0 && strcmp(a, b) == 0 &&
	    strcmp(b, c) == 0 && strcmp(a, "vvx410") == 0,
	    "Model names match tolerantly (\"VVX 410\" = \"VVX410\" = "
	    "\"vvx_410\")");
	CHECK(catalog_match_key("Interaction SIP Station II", a) == 0 &&
	    strcmp(a, "interactionsipstationii") == 0, "ININ model key");
	CHECK(catalog_match_key(" - ", a) != 0, "no letters: no key");

	mac_ok("0004F2AABBCC", "00:04:f2:aa:bb:cc");
	mac_ok("00:04:f2:aa:bb:cc", "00:04:f2:aa:bb:cc");
	mac_ok("00-04-F2-AA-BB-CC", "00:04:f2:aa:bb:cc");
	mac_ok("0004.f2aa.bbcc", "00:04:f2:aa:bb:cc");
	mac_ok("00.26.fd.fd.00.20", "00:26:fd:fd:00:20");
	mac_ok("00:90:8F:12:34:56", "00:90:8f:12:34:56");
	mac_bad("");
	mac_bad("0004F2AABB");
	mac_bad("0004F2AABBCCDD");
	mac_bad("00:04:f2:aa:bb:cg");
	mac_bad("00:04-f2:aa:bb:cc");
	mac_bad("00:04:f2:aa:bb:cc:");
	mac_bad("000:4f2:aab:bcc");
	mac_bad("00::04:f2:aa:bb:cc");
	mac_bad("00 04 f2 aa bb cc");
	mac_bad("0004F2AABBCC ");

	CHECK(mac_prefix_matches("00:04:f2:aa:bb:cc",
	    "00:04:f2,64:16:7f,48:25:67"),
	    "Polycom addresses start with 00:04:f2");
	CHECK(mac_prefix_matches("64:16:7f:00:00:01",
	    "00:04:f2,64:16:7f,48:25:67"), "Polycom's newer range 64:16:7f");
	CHECK(mac_prefix_matches("00:26:fd:fd:00:20", "00:26:fd"),
	    "Interaction SIP Station MAC addresses start with 00:26:fd");
	CHECK(!mac_prefix_matches("00:26:fd:fd:00:20", "00:90:8f"),
	    "AudioCodes and Genesys addresses start with 00:90:8f");
	return test_done();
}
