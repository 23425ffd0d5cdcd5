/* Unit tests of the provisioning server's pure parts: digest
 * authentication, time zone rules, trusted networks, Polycom files. */
#include <stdlib.h>

#include "lib/digest.h"
#include "lib/netaddr.h"
#include "provisioning/provision_polycom.h"
#include "lib/strbuf.h"
#include "test.h"
#include "lib/tz_rules.h"

/* A client's answer to our challenge, as a header. */
static void
answer(const char *challenge, const char *user, const char *pw,
    const char *uri, char *out, size_t len)
{
	const char *n = strstr(challenge, "nonce=\"") + 7;
	char nonce[80], resp[33];
	size_t k = strcspn(n, "\"");

	snprintf(nonce, sizeof(nonce), "%.*s", (int)k, n);
	digest_response(user, "R", pw, "GET", uri, nonce, "auth", "00000001",
	    "abc", resp);
	snprintf(out, len, "Digest username=\"%s\", realm=\"R\", nonce=\"%s\", "
	    "uri=\"%s\", qop=auth, nc=00000001, cnonce=\"abc\", "
	    "response=\"%s\", algorithm=MD5", user, nonce, uri, resp);
}

/* a answered again with nc (password "secret-pass", realm "R"). */
static void
with_nc(struct digest_auth *a, const char *nc)
{
	char resp[33];

	snprintf(a->nc, sizeof(a->nc), "%s", nc);
	digest_response(a->username, "R", "secret-pass", "GET", a->uri,
	    a->nonce, "auth", a->nc, a->cnonce, resp);
	snprintf(a->response, sizeof(a->response), "%s", resp);
}

static void
tz(const char *posix, int off, int dst, int sm, int sw, int sd, int sh,
    int em, int ew)
{
	struct tz_rules r;
	char what[200];

	snprintf(what, sizeof(what), "TZ \"%s\"", posix);
	CHECK(tz_rules_parse(posix, &r) == 0 && r.utc_offset == off &&
	    r.dst == dst && (!dst || (r.start.month == sm && r.start.week ==
	    sw && r.start.weekday == sd && r.start.hour == sh &&
	    r.end.month == em && r.end.week == ew)), what);
}

int
main(void)
{
	struct digest_auth a;
	struct tz_rules r;
	char ch[200], hdr[600], rfc[33], *f;
	size_t len;

	digest_init();
	/* RFC 2617 section 3.5's worked example. */
	digest_response("Mufasa", "testrealm@host.com", "Circle Of Life",
	    "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
	    "auth", "00000001", "0a4f113b", rfc);
	CHECK_STR(rfc, "6629fae49393a05397450978507c4ef1", "the RFC 2617 "
	    "example response");

	digest_challenge(ch, sizeof(ch), "R", 1000000);
	answer(ch, "0004f2aabbcc", "secret-pass", "/phone/x.cfg", hdr,
	    sizeof(hdr));
	CHECK(digest_parse(hdr, &a) == 0 && strcmp(a.username,
	    "0004f2aabbcc") == 0 && strcmp(a.uri, "/phone/x.cfg") == 0,
	    "an Authorization header is parsed");
	CHECK(digest_verify(&a, "R", "GET", "secret-pass", 1000010) == 0,
	    "the right password is accepted");
	CHECK(digest_verify(&a, "R", "GET", "secret-pass", 1000011) ==
	    DIGEST_STALE, "the same header again is a replay: stale");
	{
		struct digest_auth b = a;

		with_nc(&b, "00000003");
		CHECK(digest_verify(&b, "R", "GET", "secret-pass", 1000012) ==
		    0, "the next nc on the same nonce is accepted");
		with_nc(&b, "00000002");
		CHECK(digest_verify(&b, "R", "GET", "secret-pass", 1000012) ==
		    0, "an nc that overtook a lower one is accepted once");
		CHECK(digest_verify(&b, "R", "GET", "secret-pass", 1000012) ==
		    DIGEST_STALE, "and refused the second time");
	}
	{
		char ch2[200], hdr2[600];
		struct digest_auth c;

		digest_challenge(ch2, sizeof(ch2), "R", 1000000);
		CHECK(strcmp(ch, ch2) != 0, "two challenges in the same second "
		    "carry different nonces");
		answer(ch2, "0004f2aabbcc", "secret-pass", "/phone/x.cfg",
		    hdr2, sizeof(hdr2));
		CHECK(digest_parse(hdr2, &c) == 0 && digest_verify(&c, "R",
		    "GET", "secret-pass", 1000010) == 0, "the same user's "
		    "answer to a new nonce is accepted");
	}
	CHECK(digest_verify(&a, "R", "GET", "other-pass", 1000010) != 0,
	    "a wrong password is refused");
	CHECK(digest_verify(&a, "R", "GET", "secret-pass", 1000000 +
	    DIGEST_NONCE_TTL + 1) != 0, "an old nonce is refused");
	CHECK(digest_verify(&a, "Other", "GET", "secret-pass", 1000010) != 0,
	    "another realm is refused");
	a.nonce[20] = a.nonce[20] == 'a' ? 'b' : 'a';
	CHECK(digest_verify(&a, "R", "GET", "secret-pass", 1000010) ==
	    DIGEST_INVALID, "a nonce we did not make is invalid, not stale");
	CHECK(digest_verify(&a, "R", "GET", "secret-pass", 1000010) != 0,
	    "a nonce we did not make is refused");
	CHECK(digest_parse("Basic dXNlcjpwYXNz", &a) != 0, "Basic is not "
	    "digest");
	CHECK(digest_parse("Digest username=\"unterminated", &a) != 0,
	    "an unterminated value is refused");
	memset(hdr, 'a', sizeof(hdr) - 1);
	hdr[sizeof(hdr) - 1] = '\0';
	memcpy(hdr, "Digest username=\"", 17);
	CHECK(digest_parse(hdr, &a) != 0, "an over-long value is refused");

	{
		struct strbuf sb = STRBUF_INIT;
		char *x;

		strbuf_xml(&sb, "a\x01" "b\tc<\x1f");
		x = strbuf_detach(&sb, NULL);
		CHECK_STR(x, "ab&#9;c&lt;", "XML text drops control characters "
		    "and keeps a tab");
		free(x);
	}

	tz("EST5EDT,M3.2.0,M11.1.0", -18000, 1, 3, 2, 0, 2, 11, 1);
	tz("CET-1CEST,M3.5.0,M10.5.0/3", 3600, 1, 3, 5, 0, 2, 10, 5);
	tz("AEST-10AEDT,M10.1.0,M4.1.0/3", 36000, 1, 10, 1, 0, 2, 4, 1);
	tz("IST-5:30", 19800, 0, 0, 0, 0, 0, 0, 0);
	tz("<+0530>-5:30", 19800, 0, 0, 0, 0, 0, 0, 0);
	CHECK(tz_rules_parse("garbage", &r) != 0, "a bad TZ string");
	CHECK(tz_rules_parse("EST5EDT,M13.2.0,M11.1.0", &r) != 0,
	    "month 13 is refused");
	CHECK(tz_rules_get("America/New_York", &r) == 0 && r.utc_offset ==
	    -18000 && r.dst && r.start.month == 3, "America/New_York from "
	    "tzdata");
	CHECK(tz_rules_get("../../etc/passwd", &r) != 0, "not a zone");

	CHECK(netaddr_in_cidr("10.20.3.4", "10.20.0.0/16"), "inside a v4 net");
	CHECK(!netaddr_in_cidr("10.21.3.4", "10.20.0.0/16"), "outside it");
	CHECK(netaddr_in_cidr("::ffff:10.20.3.4", "10.20.0.0/16"),
	    "a v4-mapped v6 address counts as v4");
	CHECK(netaddr_in_cidr("2001:db8:1::5", "2001:db8::/32"), "inside v6");
	CHECK(!netaddr_in_cidr("2001:db9::5", "2001:db8::/32"), "outside v6");
	CHECK(netaddr_in_cidr("192.0.2.7", "192.0.2.7"), "a single address");
	CHECK(!netaddr_cidr_ok("10.0.0.0/33") && !netaddr_cidr_ok("10.0.0/8") &&
	    !netaddr_cidr_ok("10.0.0.0/") && !netaddr_cidr_ok(""),
	    "malformed networks are refused");

	polycom_group_file_name("<Default Registration Group>", ch,
	    sizeof(ch));
	CHECK_STR(ch, "_Default_Registration_Group_", "group file name");
	f = polycom_master(NULL, "0004f2aabbcc", NULL, &len);
	CHECK(strstr(f, "CONFIG_FILES=\"server/cert/ca.cfg, server/xic.cfg, "
	    "phone1.cfg, sip.cfg\"") && !strstr(f, "phone/"), "an unknown "
	    "MAC's master lists no file with a credential");
	free(f);
	f = polycom_ca_file("-----BEGIN PRIVATE KEY-----\nAAA\n-----END "
	    "PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nBBB\n-----END "
	    "CERTIFICATE-----\n", &len);
	CHECK(strstr(f, "BBB") && !strstr(f, "AAA") && !strstr(f, "PRIVATE"),
	    "ca.cfg carries the certificate, never the key");
	free(f);
	return test_done();
}
