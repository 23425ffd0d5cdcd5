/* Unit tests of the SIP notifier: the NOTIFY it writes, the strict
 * response parser, and whole transactions against a scripted phone on a
 * loopback UDP socket (200; 401 then the authenticated retry; silence
 * with its retransmissions; 481). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../db/reboot_store.h"
#include "lib/digest.h"
#include "reboots/reboots.h"
#include "lib/seal.h"
#include "lib/sip_msg.h"
#include "reboots/sip_notifier.h"
#include "test.h"
#include "lib/util.h"

static int
parse(const char *msg, struct sip_response *r)
{
	const char *why;

	return sip_response_parse(msg, strlen(msg), r, &why);
}

static void
test_build(void)
{
	struct sip_request n = { "UDP", "192.0.2.1", 5060, "1001",
	    "192.0.2.55", 5060, "abc@x", "tag1", "z9hG4bK-1", 1,
	    "check-sync;reboot=true", NULL, NULL, NULL };
	char buf[2048];
	size_t len = sip_request_build(&n, buf, sizeof(buf));

	CHECK(len > 0 && strncmp(buf, "NOTIFY sip:1001@192.0.2.55:5060 "
	    "SIP/2.0\r\n", 41) == 0, "request line names the phone");
	CHECK(strstr(buf, "\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch="
	    "z9hG4bK-1;rport\r\n") != NULL, "Via with branch and rport");
	CHECK(strstr(buf, "\r\nEvent: check-sync;reboot=true\r\n") &&
	    strstr(buf, "\r\nSubscription-State: terminated\r\n") &&
	    strstr(buf, "\r\nCSeq: 1 NOTIFY\r\n") &&
	    strstr(buf, "\r\nMax-Forwards: 70\r\n"), "Event, state, CSeq");
	CHECK(len > 4 && strcmp(buf + len - 4, "\r\n\r\n") == 0 &&
	    strstr(buf, "Content-Length: 0\r\n"), "ends with an empty line");
	n.transport = "TLS";
	len = sip_request_build(&n, buf, sizeof(buf));
	CHECK(strncmp(buf, "NOTIFY sips:1001@", 17) == 0, "sips: over TLS");
	CHECK(sip_request_build(&n, buf, 100) == 0, "too small a buffer: 0");
	n.method = "OPTIONS";
	n.user = "";
	len = sip_request_build(&n, buf, sizeof(buf));
	CHECK(len > 0 && strncmp(buf, "OPTIONS sips:192.0.2.55:5060 SIP/2.0"
	    "\r\n", 38) == 0 && strstr(buf, "\r\nCSeq: 1 OPTIONS\r\n"),
	    "an OPTIONS names its method in the request line and CSeq");
	CHECK(strstr(buf, "Event:") == NULL &&
	    strstr(buf, "Subscription-State:") == NULL,
	    "an OPTIONS carries no event package");
}

static void
test_parse(void)
{
	struct sip_response r;
	char big[SIP_MAX_MESSAGE + 100];
	const char *why;

	CHECK(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 1.2.3.4:5060;"
	    "branch=z9hG4bK-abc;received=1.2.3.4\r\nCall-ID: c1\r\n"
	    "CSeq: 2 NOTIFY\r\nContent-Length: 0\r\n\r\n", &r) == 0 &&
	    r.status == 200 && strcmp(r.branch, "z9hG4bK-abc") == 0 &&
	    strcmp(r.call_id, "c1") == 0 && r.cseq == 2 &&
	    strcmp(r.cseq_method, "NOTIFY") == 0, "a 200 is read");
	CHECK(parse("SIP/2.0 401 Unauthorized\r\nv: SIP/2.0/UDP h;"
	    "branch=b1\r\ni: c\r\nCSeq: 1 NOTIFY\r\nWWW-Authenticate: Digest "
	    "realm=\"PolycomSPIP\", nonce=\"n\", qop=\"auth\"\r\nl: 0\r\n\r\n",
	    &r) == 0 && r.status == 401 && strstr(r.challenge, "PolycomSPIP")
	    && !r.proxy_challenge, "compact headers and a challenge");
	CHECK(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=b\r\n"
	    "Call-ID: c\r\nCSeq: 1 NOTIFY\r\nContent-Length: 10\r\n\r\nabc",
	    &r) == 1, "a body still to come: incomplete");
	CHECK(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=b\r\n",
	    &r) == 1, "headers still to come: incomplete");
	CHECK(parse("HTTP/1.1 200 OK\r\n\r\n", &r) == -1, "not SIP: refused");
	CHECK(parse("SIP/2.0 999 Odd\r\nVia: x;branch=b\r\nCall-ID: c\r\n"
	    "CSeq: 1 NOTIFY\r\n\r\n", &r) == -1, "status out of range");
	CHECK(parse("SIP/2.0 200 OK\r\nCall-ID: c\r\nCSeq: 1 NOTIFY\r\n\r\n",
	    &r) == -1, "no Via: refused");
	CHECK(parse("SIP/2.0 200 OK\r\nVia: x;branch=b\r\nCall-ID: c\r\n"
	    "CSeq: x NOTIFY\r\n\r\n", &r) == -1, "bad CSeq: refused");
	CHECK(parse("SIP/2.0 200 OK\r\nVia: x;branch=b\r\nCall-ID: c\r\n"
	    "CSeq: 1 NOTIFY\r\nContent-Length: -5\r\n\r\n", &r) == -1,
	    "negative length: refused");
	CHECK(parse("SIP/2.0 200 OK\r\nVia: x;branch=b\r\n folded\r\n"
	    "Call-ID: c\r\nCSeq: 1 NOTIFY\r\n\r\n", &r) == -1,
	    "folded line: refused");
	CHECK(parse("SIP/2.0 200 OK\r\nVia: x;branch=b\r\nCall-ID: c\x01"
	    "\r\nCSeq: 1 NOTIFY\r\n\r\n", &r) == -1, "control byte: refused");
	{
		char many[6000] = "SIP/2.0 200 OK\r\nVia: x;branch=b\r\n"
		    "Call-ID: c\r\nCSeq: 1 NOTIFY\r\n";
		int i;

		for (i = 0; i < 70; i++)
			strcat(many, "X-A: 1\r\n");
		strcat(many, "\r\n");
		CHECK(parse(many, &r) == -1, "70 header lines: refused");
	}
	memset(big, 'a', sizeof(big));
	memcpy(big, "SIP/2.0 200 OK\r\nX: ", 19);
	CHECK(sip_response_parse(big, sizeof(big), &r, &why) == -1 &&
	    why != NULL, "an endless header: refused, with a reason");
	{
		char nul[] = "SIP/2.0 200 OK\r\nVia: x;branch=b\r\nCall-ID: "
		    "c\0d\r\nCSeq: 1 NOTIFY\r\n\r\n";

		CHECK(sip_response_parse(nul, sizeof(nul) - 1, &r, &why) == -1,
		    "NUL byte: refused");
	}
}

/* ---- a scripted phone on loopback ---- */

static int phone;
static int phone_port;

static int
phone_recv(char *buf, size_t len, struct sockaddr_in *from, int ms)
{
	struct pollfd p = { phone, POLLIN, 0 };
	socklen_t fl = sizeof(*from);
	ssize_t n;

	if (poll(&p, 1, ms) != 1)
		return -1;
	n = recvfrom(phone, buf, len - 1, 0, (struct sockaddr *)from, &fl);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* Copy the request's header line "Name: value" (without CRLF). */
static void
header(const char *msg, const char *name, char *out, size_t len)
{
	const char *p = strstr(msg, name);
	size_t n;

	out[0] = '\0';
	if (p == NULL)
		return;
	n = strcspn(p, "\r");
	snprintf(out, len, "%.*s", (int)n, p);
}

static int reply_sock = -1;	/* answer from another address when set */

static void
reply(const char *req, const struct sockaddr_in *to, const char *status,
    const char *extra)
{
	char via[300], cid[200], cseq[100], from[300], tomsg[300], out[2000];

	header(req, "Via:", via, sizeof(via));
	header(req, "Call-ID:", cid, sizeof(cid));
	header(req, "CSeq:", cseq, sizeof(cseq));
	header(req, "From:", from, sizeof(from));
	header(req, "To:", tomsg, sizeof(tomsg));
	snprintf(out, sizeof(out), "SIP/2.0 %s\r\n%s\r\n%s\r\n%s;tag=ph\r\n"
	    "%s\r\n%s\r\n%sContent-Length: 0\r\n\r\n", status, via, from,
	    tomsg, cid, cseq, extra);
	sendto(reply_sock >= 0 ? reply_sock : phone, out, strlen(out), 0,
	    (const struct sockaddr *)to, sizeof(*to));
}

static int
wait_result(struct sip_result *r)
{
	int i;

	for (i = 0; i < 400; i++) {
		if (sip_notifier_results(r, 1) == 1)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* The password travels sealed, as the runner hands it over. */
static void
seal_sip_password(struct sip_target *t, const char *pw)
{
	char *sealed = seal_box("test.sip_password", pw, strlen(pw));

	strcpy(t->seal_context, "test.sip_password");
	snprintf(t->sealed_password, sizeof(t->sealed_password), "%s", sealed);
	free(sealed);
}

static void
target(struct sip_target *t, uint64_t cookie)
{
	memset(t, 0, sizeof(*t));
	t->cookie = cookie;
	strcpy(t->transport, "UDP");
	strcpy(t->host, "127.0.0.1");
	t->port = phone_port;
	strcpy(t->user, "1001");
	strcpy(t->event, "check-sync;reboot=true");
	strcpy(t->auth_user, "1001");
	strcpy(t->realm, "PolycomSPIP");
	seal_sip_password(t, "s3cret");
}

static void
test_transactions(void)
{
	struct sockaddr_in a = { 0 }, from;
	socklen_t al = sizeof(a);
	struct sip_target t;
	struct sip_result r;
	char err[300], req[4096], ev[200];
	int n;

	phone = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(phone, (struct sockaddr *)&a, sizeof(a));
	getsockname(phone, (struct sockaddr *)&a, &al);
	phone_port = ntohs(a.sin_port);
	CHECK(sip_notifier_start("127.0.0.1:0", 20, err, sizeof(err)) == 0,
	    "notifier starts on a free port");

	/* 200 */
	target(&t, 1);
	sip_notifier_submit(&t);
	n = phone_recv(req, sizeof(req), &from, 2000);
	header(req, "Event:", ev, sizeof(ev));
	CHECK(n > 0 && strcmp(ev, "Event: check-sync;reboot=true") == 0,
	    "the phone receives the NOTIFY");
	reply(req, &from, "200 OK", "");
	CHECK(wait_result(&r) == 0 && r.cookie == 1 && r.outcome ==
	    SIP_ACCEPTED && r.status == 200 && !r.authenticated,
	    "200: accepted");

	/* 401, then the authenticated retry is checked and accepted */
	target(&t, 2);
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	reply(req, &from, "401 Unauthorized", "WWW-Authenticate: Digest "
	    "realm=\"PolycomSPIP\", nonce=\"abc123\", qop=\"auth\"\r\n");
	n = phone_recv(req, sizeof(req), &from, 2000);
	{
		struct digest_auth da;
		char auth[1200], want[33], cseq[100];

		header(req, "Authorization:", auth, sizeof(auth));
		header(req, "CSeq:", cseq, sizeof(cseq));
		memset(&da, 0, sizeof(da));
		CHECK(n > 0 && auth[0] && digest_parse(auth + 15, &da) == 0,
		    "the retry carries Authorization");
		digest_response("1001", "PolycomSPIP", "s3cret", "NOTIFY",
		    da.uri, "abc123", "auth", da.nc, da.cnonce, want);
		CHECK(strcmp(da.response, want) == 0 && strcmp(da.qop,
		    "auth") == 0 && strcmp(da.uri, "sip:1001@127.0.0.1:") > 0,
		    "its digest (qop=auth) is right");
		CHECK(strcmp(cseq, "CSeq: 2 NOTIFY") == 0, "CSeq went up by 1");
	}
	reply(req, &from, "200 OK", "");
	CHECK(wait_result(&r) == 0 && r.outcome == SIP_ACCEPTED &&
	    r.authenticated, "401 then 200: accepted, authenticated");

	/* A 401 from another address than the phone's is not the phone's:
	 * ignored, and the phone's own 200 still counts. */
	target(&t, 21);
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	{
		struct sockaddr_in o = { 0 };

		reply_sock = socket(AF_INET, SOCK_DGRAM, 0);
		o.sin_family = AF_INET;
		o.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		bind(reply_sock, (struct sockaddr *)&o, sizeof(o));
		reply(req, &from, "401 Unauthorized", "WWW-Authenticate: "
		    "Digest realm=\"PolycomSPIP\", nonce=\"evil\", "
		    "qop=\"auth\"\r\n");
		close(reply_sock);
		reply_sock = -1;
	}
	n = phone_recv(req, sizeof(req), &from, 300);
	CHECK(n <= 0 || strstr(req, "Authorization:") == NULL, "a challenge "
	    "from another address gets no Authorization");
	reply(req, &from, "200 OK", "");
	CHECK(wait_result(&r) == 0 && r.cookie == 21 && r.outcome ==
	    SIP_ACCEPTED && !r.authenticated, "the phone's own 200 still "
	    "counts");

	/* A challenge of a realm the line does not use is not answered. */
	target(&t, 22);
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	reply(req, &from, "401 Unauthorized", "WWW-Authenticate: Digest "
	    "realm=\"attacker\", nonce=\"n9\", qop=\"auth\"\r\n");
	n = phone_recv(req, sizeof(req), &from, 300);
	CHECK(n <= 0 || strstr(req, "Authorization:") == NULL, "no digest "
	    "for another realm");
	CHECK(wait_result(&r) == 0 && r.cookie == 22 && r.outcome ==
	    SIP_REJECTED && strstr(r.reason, "realm") != NULL, "rejected, "
	    "naming the realm");

	/* A maker whose realm is not known: no challenge is answered. */
	target(&t, 23);
	t.realm[0] = '\0';
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	reply(req, &from, "401 Unauthorized", "WWW-Authenticate: Digest "
	    "realm=\"PolycomSPIP\", nonce=\"n10\", qop=\"auth\"\r\n");
	CHECK(wait_result(&r) == 0 && r.cookie == 23 && r.outcome ==
	    SIP_REJECTED && strstr(r.reason, "realm") != NULL, "no known "
	    "realm: rejected, naming the realm");

	/* 401 without qop (RFC 2069 form) */
	target(&t, 3);
	strcpy(t.realm, "r");
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	reply(req, &from, "401 Unauthorized", "WWW-Authenticate: Digest "
	    "realm=\"r\", nonce=\"n2\"\r\n");
	phone_recv(req, sizeof(req), &from, 2000);
	{
		struct digest_auth da;
		char auth[1200], want[33];

		header(req, "Authorization:", auth, sizeof(auth));
		memset(&da, 0, sizeof(da));
		if (auth[0])
			digest_parse(auth + 15, &da);
		digest_response("1001", "r", "s3cret", "NOTIFY", da.uri, "n2",
		    "", "", "", want);
		CHECK(strcmp(da.response, want) == 0 && da.qop[0] == '\0',
		    "digest without qop is right");
	}
	reply(req, &from, "401 Unauthorized", "WWW-Authenticate: Digest "
	    "realm=\"r\", nonce=\"n3\"\r\n");
	CHECK(wait_result(&r) == 0 && r.outcome == SIP_REJECTED &&
	    r.status == 401, "a second 401: rejected, no loop");

	/* silence: retransmissions, then no answer after 64 x T1 */
	target(&t, 4);
	sip_notifier_submit(&t);
	n = 0;
	while (phone_recv(req, sizeof(req), &from, 1000) > 0)
		n++;
	memset(&r, 0, sizeof(r));
	wait_result(&r);
	printf("# silence: cookie %llu outcome %d retransmits %d, %d seen\n",
	    (unsigned long long)r.cookie, r.outcome, r.retransmits, n);
	CHECK(r.outcome == SIP_NO_ANSWER &&
	    r.retransmits >= 4 && n == r.retransmits + 1,
	    "silence: retransmitted, then no answer");

	/* 481 */
	target(&t, 5);
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	reply(req, &from, "100 Trying", "");
	reply(req, &from, "481 Call/Transaction Does Not Exist", "");
	CHECK(wait_result(&r) == 0 && r.outcome == SIP_REJECTED &&
	    r.status == 481 && strstr(r.reason, "Does Not Exist"),
	    "481: rejected with its code");

	/* a stranger's answer and garbage are ignored */
	target(&t, 6);
	sip_notifier_submit(&t);
	phone_recv(req, sizeof(req), &from, 2000);
	sendto(phone, "garbage\r\n\r\n", 11, 0, (struct sockaddr *)&from,
	    sizeof(from));
	sendto(phone, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x;branch=z9hG4bK-"
	    "sbffff-1\r\nCall-ID: x\r\nCSeq: 1 NOTIFY\r\n\r\n", 86, 0,
	    (struct sockaddr *)&from, sizeof(from));
	usleep(50000);
	CHECK(sip_notifier_results(&r, 1) == 0, "garbage and strangers: "
	    "ignored");
	reply(req, &from, "200 OK", "");
	CHECK(wait_result(&r) == 0 && r.cookie == 6 && r.outcome ==
	    SIP_ACCEPTED, "then the real answer counts");

	/* TCP to a closed port fails at once */
	target(&t, 7);
	strcpy(t.transport, "TCP");
	t.port = 1;
	sip_notifier_submit(&t);
	CHECK(wait_result(&r) == 0 && r.outcome == SIP_FAILED,
	    "TCP to a closed port: failed");
	sip_notifier_stop();
	close(phone);
}

/* Where a NOTIFY goes: the Identification Address when it names an IP,
 * else the last provisioning address and the SIP receive port. */
static void
test_targets(void)
{
	struct reboot_contact c;
	struct sip_target t;
	char why[200], small[4];

	memset(&c, 0, sizeof(c));
	strcpy(c.identification, "sip:1001@10.1.2.3:5070");
	strcpy(c.client_address, "10.9.9.9");
	strcpy(c.manufacturer, "Polycom");
	strcpy(c.transport, "TCP");
	CHECK(reboots_target(&c, &t, why, sizeof(why)) == 0 &&
	    strcmp(t.host, "10.1.2.3") == 0 && t.port == 5070 &&
	    strcmp(t.user, "1001") == 0 && strcmp(t.transport, "TCP") == 0 &&
	    strcmp(t.event, "check-sync") == 0,
	    "target: the identification address that names an IP");
	strcpy(c.identification, "sip:1001@phone.example.com");
	strcpy(c.manufacturer, "AudioCodes");
	c.transport[0] = '\0';
	c.sip_port = 5062;
	CHECK(reboots_target(&c, &t, why, sizeof(why)) == 0 &&
	    strcmp(t.host, "10.9.9.9") == 0 && t.port == 5062 &&
	    strcmp(t.transport, "UDP") == 0 &&
	    strcmp(t.event, "check-sync;reboot=true") == 0,
	    "target: a host name falls back to the provisioning address");
	c.client_address[0] = '\0';
	CHECK(reboots_target(&c, &t, why, sizeof(why)) != 0 &&
	    strstr(why, "No contact") != NULL,
	    "target: no address at all is said so");
	str_copy(small, "abcdef", sizeof(small));
	CHECK_STR(small, "abc", "str_copy cuts to fit and terminates");
	str_copy(small, "", sizeof(small));
	CHECK_STR(small, "", "str_copy of an empty string");
}

int
main(void)
{
	char dir[] = "/tmp/sb-sip-XXXXXX", key[64], err[256];

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(key, sizeof(key), "%s/secret.key", dir);
	CHECK(seal_init(key, err, sizeof(err)) == 0, "sealing key");
	test_build();
	test_parse();
	test_targets();
	test_transactions();
	seal_shutdown();
	unlink(key);
	rmdir(dir);
	return test_done();
}
