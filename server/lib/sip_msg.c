/* Switchboard — the requests the appliance writes and the responses it
 * reads. */
#include "sip_msg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

void
sip_request_uri(const struct sip_request *n, char *out, size_t len)
{
	const char *scheme = strcmp(n->transport, "TLS") == 0 ? "sips" : "sip";
	const char *bl = strchr(n->host, ':') ? "[" : "";
	const char *br = strchr(n->host, ':') ? "]" : "";

	if (n->user && n->user[0])
		snprintf(out, len, "%s:%s@%s%s%s:%d", scheme, n->user, bl,
		    n->host, br, n->port);
	else
		snprintf(out, len, "%s:%s%s%s:%d", scheme, bl, n->host, br,
		    n->port);
}

size_t
sip_request_build(const struct sip_request *n, char *out, size_t len)
{
	char uri[400], auth[700], event[300];
	const char *scheme = strcmp(n->transport, "TLS") == 0 ? "sips" : "sip";
	const char *method = n->method ? n->method : "NOTIFY";
	int w;

	sip_request_uri(n, uri, sizeof(uri));
	auth[0] = '\0';
	if (n->auth_header && n->auth_value)
		snprintf(auth, sizeof(auth), "%s: %s\r\n", n->auth_header,
		    n->auth_value);
	/* Only a NOTIFY names its event package (RFC 6665). */
	event[0] = '\0';
	if (strcmp(method, "NOTIFY") == 0)
		snprintf(event, sizeof(event), "Event: %s\r\n"
		    "Subscription-State: terminated\r\n", n->event);
	w = snprintf(out, len,
	    "%s %s SIP/2.0\r\n"
	    "Via: SIP/2.0/%s %s:%d;branch=%s;rport\r\n"
	    "Max-Forwards: 70\r\n"
	    "From: \"Provisioning\" <%s:prov@%s:%d>;tag=%s\r\n"
	    "To: <%s>\r\n"
	    "Call-ID: %s\r\n"
	    "CSeq: %u %s\r\n"
	    "Contact: <%s:prov@%s:%d;transport=%s>\r\n"
	    "%s"
	    "%s"
	    "User-Agent: Switchboard\r\n"
	    "Content-Length: 0\r\n"
	    "\r\n",
	    method, uri, n->transport, n->local_host, n->local_port,
	    n->branch, scheme, n->local_host, n->local_port, n->from_tag, uri,
	    n->call_id, n->cseq, method, scheme, n->local_host, n->local_port,
	    n->transport, event, auth);
	if (w < 0 || (size_t)w >= len)
		return 0;
	return (size_t)w;
}

/* Copy the n bytes at v (trimmed) into dst; -1 if they do not fit. */
static int
copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return mem_copy_whole(dst, cap, v, n);
}

static int
is_name(const char *s, size_t n, const char *full, const char *compact)
{
	return (strlen(full) == n && strncasecmp(s, full, n) == 0) ||
	    (compact && n == 1 && tolower((unsigned char)*s) == *compact);
}

/* The branch parameter of the first Via value. */
static int
via_branch(const char *v, size_t n, char *out, size_t cap)
{
	const char *end = v + n, *p, *comma;
	size_t k;

	comma = memchr(v, ',', n);
	if (comma)
		end = comma;
	for (p = v; p + 8 <= end; p++) {
		if (*p != ';')
			continue;
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) > 7 && strncasecmp(p, "branch=", 7) == 0) {
			p += 7;
			for (k = 0; p + k < end && (isalnum((unsigned char)p[k]) ||
			    strchr("-.!%*_+`'~", p[k])); k++)
				;
			return k == 0 ? -1 : copy_value(out, cap, p, k);
		}
	}
	return -1;
}

static int
parse_status_line(const char *s, size_t n, struct sip_response *r)
{
	size_t i;

	if (n < 12 || memcmp(s, "SIP/2.0 ", 8) != 0 ||
	    !isdigit((unsigned char)s[8]) || !isdigit((unsigned char)s[9]) ||
	    !isdigit((unsigned char)s[10]) || (n > 11 && s[11] != ' '))
		return -1;
	r->status = (s[8] - '0') * 100 + (s[9] - '0') * 10 + (s[10] - '0');
	if (r->status < 100 || r->status > 699)
		return -1;
	for (i = 12; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return -1;
	n = n - 12 >= sizeof(r->reason) ? sizeof(r->reason) - 1 : n - 12;
	memcpy(r->reason, s + 12, n);
	r->reason[n] = '\0';
	return 0;
}

static int
parse_cseq(const char *v, size_t n, struct sip_response *r)
{
	char tmp[48], *end;
	unsigned long num;

	if (copy_value(tmp, sizeof(tmp), v, n) != 0 ||
	    !isdigit((unsigned char)tmp[0]))
		return -1;
	num = strtoul(tmp, &end, 10);
	if (num > 0x7fffffffUL || (*end != ' ' && *end != '\t'))
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end == '\0' || strlen(end) >= sizeof(r->cseq_method))
		return -1;
	r->cseq = (unsigned)num;
	strcpy(r->cseq_method, end);
	return 0;
}

/* One header line: name, colon, value. */
static int
parse_header(const char *s, size_t n, struct sip_response *r, long *clen,
    int *seen_via)
{
	const char *colon = memchr(s, ':', n), *v;
	size_t nl, vl, i;

	if (colon == NULL || colon == s)
		return -1;
	nl = (size_t)(colon - s);
	while (nl > 0 && (s[nl - 1] == ' ' || s[nl - 1] == '\t'))
		nl--;
	for (i = 0; i < nl; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-.!%*_+`'~", s[i]))
			return -1;
	for (i = nl + 1; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return -1;
	v = colon + 1;
	vl = n - (size_t)(v - s);
	if (is_name(s, nl, "via", "v")) {
		if (!*seen_via) {
			*seen_via = 1;
			if (via_branch(v, vl, r->branch, sizeof(r->branch)))
				return -1;
		}
	} else if (is_name(s, nl, "call-id", "i")) {
		if (copy_value(r->call_id, sizeof(r->call_id), v, vl))
			return -1;
	} else if (is_name(s, nl, "cseq", NULL)) {
		if (parse_cseq(v, vl, r))
			return -1;
	} else if (is_name(s, nl, "content-length", "l")) {
		char tmp[16], *end;

		if (copy_value(tmp, sizeof(tmp), v, vl) || tmp[0] == '\0')
			return -1;
		*clen = strtol(tmp, &end, 10);
		if (*end || *clen < 0 || *clen > SIP_MAX_MESSAGE)
			return -1;
	} else if (is_name(s, nl, "www-authenticate", NULL) ||
	    is_name(s, nl, "proxy-authenticate", NULL)) {
		/* The first challenge is the one answered. */
		if (r->challenge[0] == '\0') {
			if (copy_value(r->challenge, sizeof(r->challenge), v, vl))
				return -1;
			r->proxy_challenge = tolower((unsigned char)s[0]) == 'p';
		}
	}
	return 0;
}

int
sip_response_parse(const char *buf, size_t len, struct sip_response *r,
    const char **why)
{
	const char *p = buf, *end = buf + len, *eol;
	long clen = -1;
	int nheaders = 0, seen_via = 0, first = 1;
	size_t head;

	memset(r, 0, sizeof(*r));
	*why = NULL;
	if (len > SIP_MAX_MESSAGE)
		len = SIP_MAX_MESSAGE + 1, end = buf + len;
	/* Stream keep-alives (RFC 5626) between messages are skipped. */
	while (p + 1 < end && p[0] == '\r' && p[1] == '\n')
		p += 2;
	for (;;) {
		size_t n;

		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			if (len > SIP_MAX_MESSAGE) {
				*why = "message too long";
				return -1;
			}
			return 1;
		}
		n = (size_t)(eol - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 && !first)
			break;
		if (memchr(p, '\0', n)) {
			*why = "NUL byte in the header";
			return -1;
		}
		if (first) {
			if (parse_status_line(p, n, r)) {
				*why = "not a SIP/2.0 status line";
				return -1;
			}
			first = 0;
		} else if (*p == ' ' || *p == '\t') {
			*why = "folded header line";
			return -1;
		} else if (++nheaders > SIP_MAX_HEADERS) {
			*why = "too many header lines";
			return -1;
		} else if (parse_header(p, n, r, &clen, &seen_via)) {
			*why = "malformed header line";
			return -1;
		}
		p = eol + 1;
	}
	head = (size_t)(eol + 1 - buf);
	if (!seen_via || r->call_id[0] == '\0' || r->cseq_method[0] == '\0') {
		*why = "Via, Call-ID or CSeq missing";
		return -1;
	}
	if (clen < 0)		/* a datagram: the body is the rest */
		clen = (long)(len - head);
	if (head + (size_t)clen > SIP_MAX_MESSAGE) {
		*why = "message too long";
		return -1;
	}
	if (head + (size_t)clen > len)
		return 1;
	r->length = head + (size_t)clen;
	return 0;
}
