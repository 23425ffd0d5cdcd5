/* Switchboard — checking the Unify Phone connector: SIP OPTIONS over TLS
 * and the REST API over HTTPS. */
#include "connector_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netdb.h>

#include <sodium.h>

#include "../lib/sip_msg.h"
#include "../lib/tls_dial.h"
#include "../lib/util.h"

#define ANSWER_MAX 8192

/* The final response in buf after any provisional ones: 1 and *r set, 0
 * when it has not all arrived, -1 when buf is not SIP. */
static int
final_response(const char *buf, size_t len, struct sip_response *r)
{
	const char *why;
	size_t off = 0;
	int rc;

	while (off < len) {
		if ((rc = sip_response_parse(buf + off, len - off, r,
		    &why)) != 0)
			return rc == 1 ? 0 : -1;
		if (r->status >= 200)
			return 1;
		off += r->length;
	}
	return 0;
}

static int
sip_complete(const char *buf, size_t len)
{
	struct sip_response r;

	return final_response(buf, len, &r) != 0;
}

static int
http_complete(const char *buf, size_t len)
{
	(void)len;
	return strstr(buf, "\r\n\r\n") != NULL;
}

static void
token(char *out, size_t n)
{
	unsigned char b[12];
	size_t i;

	randombytes_buf(b, sizeof(b));
	for (i = 0; i < sizeof(b) && 2 * i + 2 < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static json_t *
part(const char *target, int64_t started)
{
	return json_pack("{s:s,s:b,s:n,s:n,s:n,s:I}", "target", target, "ok",
	    0, "answer", "error", "address", "ms",
	    (json_int_t)(now_mono_ms() - started));
}

static void
set_ms(json_t *p, int64_t started)
{
	json_object_set_new(p, "ms", json_integer(now_mono_ms() - started));
}

/* Our address on the connection, for Via and Contact. */
static void
local_address(int fd, char *out, size_t n, int *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char serv[8];

	snprintf(out, n, "0.0.0.0");
	*port = 0;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    getnameinfo((struct sockaddr *)&ss, sl, out, n, serv,
	    sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) == 0)
		*port = atoi(serv);
}

static json_t *
check_sip(const struct connector_target *t)
{
	char target[320], local[64], call_id[64], tag[32], branch[48];
	char msg[2048], *answer;
	struct sip_request q;
	struct sip_response r;
	struct tls_dial d;
	int64_t started = now_mono_ms();
	json_t *p;
	ssize_t n;
	size_t len = 0;

	snprintf(target, sizeof(target), "sips:%s:%d", t->sip_host,
	    t->sip_port);
	p = part(target, started);
	if (tls_dial_open(&d, t->sip_host, t->sip_port, t->ca_file,
	    t->timeout_ms) != 0) {
		json_object_set_new(p, "error", json_string(d.err));
		set_ms(p, started);
		return p;
	}
	json_object_set_new(p, "address", json_string(d.peer));
	memset(&q, 0, sizeof(q));
	local_address(d.fd, local, sizeof(local), &q.local_port);
	token(call_id, sizeof(call_id));
	token(tag, sizeof(tag));
	memcpy(branch, "z9hG4bK", 7);
	token(branch + 7, sizeof(branch) - 7);
	q.transport = "TLS";
	q.local_host = local;
	q.user = "";
	q.host = t->sip_host;
	q.port = t->sip_port;
	q.call_id = call_id;
	q.from_tag = tag;
	q.branch = branch;
	q.cseq = 1;
	q.method = "OPTIONS";
	answer = malloc(ANSWER_MAX);
	if (answer == NULL || (len = sip_request_build(&q, msg,
	    sizeof(msg))) == 0 || tls_dial_write(&d, msg, len) != 0 ||
	    (n = tls_dial_read(&d, answer, ANSWER_MAX, sip_complete)) < 0) {
		json_object_set_new(p, "error", json_string(answer && len ?
		    d.err : "the OPTIONS request could not be written"));
	} else if (final_response(answer, (size_t)n, &r) != 1) {
		json_object_set_new(p, "error", json_string("the answer is "
		    "not a SIP response"));
	} else {
		char line[96];

		snprintf(line, sizeof(line), "%d %s", r.status, r.reason);
		json_object_set_new(p, "answer", json_string(line));
		if (r.status >= 200 && r.status < 300)
			json_object_set_new(p, "ok", json_true());
		else
			json_object_set_new(p, "error", json_string("the "
			    "connector refused the OPTIONS"));
	}
	free(answer);
	tls_dial_close(&d);
	set_ms(p, started);
	return p;
}

/* The key goes into a header: anything but visible ASCII would let it
 * add headers of its own. */
static int
header_safe(const char *s)
{
	for (; *s; s++)
		if (*s < 0x21 || *s > 0x7e)
			return 0;
	return 1;
}

static json_t *
check_rest(const struct connector_target *t)
{
	char url[320], host[300], msg[2048], answer[4096];
	struct tls_dial d;
	int64_t started = now_mono_ms();
	int status = 0, n, end = 0;
	json_t *p;
	ssize_t got;

	if (t->rest_port == 443)
		snprintf(host, sizeof(host), "%s", t->rest_host);
	else
		snprintf(host, sizeof(host), "%s:%d", t->rest_host,
		    t->rest_port);
	snprintf(url, sizeof(url), "https://%s%s", host,
	    UNIFY_REST_CHECK_PATH);
	p = part(url, started);
	if (!header_safe(t->api_key)) {
		json_object_set_new(p, "error", json_string("the stored API "
		    "key holds characters that cannot be sent"));
		return p;
	}
	if (tls_dial_open(&d, t->rest_host, t->rest_port, t->ca_file,
	    t->timeout_ms) != 0) {
		json_object_set_new(p, "error", json_string(d.err));
		set_ms(p, started);
		return p;
	}
	json_object_set_new(p, "address", json_string(d.peer));
	n = snprintf(msg, sizeof(msg), "GET %s HTTP/1.1\r\nHost: %s\r\n"
	    "Authorization: Bearer %s\r\nAccept: application/json\r\n"
	    "User-Agent: Switchboard/%s\r\nConnection: close\r\n\r\n",
	    UNIFY_REST_CHECK_PATH, host, t->api_key, SWITCHBOARD_VERSION);
	if (n < 0 || (size_t)n >= sizeof(msg)) {
		json_object_set_new(p, "error", json_string("the stored API "
		    "key is too long to send"));
	} else if (tls_dial_write(&d, msg, (size_t)n) != 0 ||
	    (got = tls_dial_read(&d, answer, sizeof(answer),
	    http_complete)) < 0) {
		json_object_set_new(p, "error", json_string(d.err));
	} else if (sscanf(answer, "HTTP/1.%*1[01] %3d%n", &status, &end) != 1 ||
	    end != 12 || status < 100 || status > 599) {
		json_object_set_new(p, "error", json_string("the answer is "
		    "not an HTTP response"));
	} else {
		char line[32];

		snprintf(line, sizeof(line), "HTTP %d", status);
		json_object_set_new(p, "answer", json_string(line));
		if (status == 401 || status == 403)
			json_object_set_new(p, "error", json_string("the API "
			    "key was refused: invalid or regenerated"));
		else if (status >= 400)
			json_object_set_new(p, "error", json_string("the REST "
			    "API answered with an error"));
		else
			json_object_set_new(p, "ok", json_true());
	}
	sodium_memzero(msg, sizeof(msg));	/* it held the key */
	tls_dial_close(&d);
	set_ms(p, started);
	return p;
}

const char *
connector_unreached_remedy(const char *error)
{
	static const char dns[] = "could not resolve the name";

	return error && strncmp(error, dns, sizeof(dns) - 1) == 0 ?
	    UNIFY_REMEDY_DNS : UNIFY_REMEDY_FIREWALL;
}

json_t *
connector_check(const struct connector_target *t)
{
	json_t *sip = check_sip(t), *rest = check_rest(t), *out;
	bool sip_ok = json_is_true(json_object_get(sip, "ok"));
	bool rest_ok = json_is_true(json_object_get(rest, "ok"));

	out = json_pack("{s:s,s:s,s:o,s:o}", "status", !sip_ok ?
	    UNIFY_NOT_REGISTERED : !rest_ok ? UNIFY_NO_REST_API :
	    UNIFY_REGISTERED, "code", !sip_ok ? "not_registered" : !rest_ok ?
	    "no_rest_api" : "registered", "sip", sip, "rest", rest);
	json_object_set_new(out, "remedy", !sip_ok ?
	    json_string(connector_unreached_remedy(json_string_value(
	    json_object_get(sip, "error")))) : !rest_ok ?
	    json_string(UNIFY_REMEDY_REST) : json_null());
	json_object_set_new(out, "reason", json_null());
	return out;
}

json_t *
connector_not_checked(const char *reason)
{
	return json_pack("{s:s,s:s,s:n,s:n,s:n,s:s}", "status",
	    UNIFY_NOT_REGISTERED, "code", "not_registered", "remedy", "sip",
	    "rest", "reason", reason);
}
