/* Switchboard — provisioning listeners, CivetWeb side. */
#include "provision_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "../lib/log.h"
#include "provision.h"
#include "../lib/util.h"

#define PROVISION_PATH_MAX 1024

/* The Host header without its port ("[v6]" kept whole). */
static void
host_of(const char *h, char *out, size_t len)
{
	const char *colon;

	out[0] = '\0';
	if (h == NULL || strlen(h) >= len)
		return;
	if (h[0] == '[') {
		const char *end = strchr(h, ']');

		if (end)
			snprintf(out, len, "%.*s", (int)(end - h + 1), h);
		return;
	}
	colon = strchr(h, ':');
	snprintf(out, len, "%.*s", colon ? (int)(colon - h) : (int)strlen(h),
	    h);
}

/* A PUT body of at most PROVISION_UPLOAD_MAX + 1 bytes (one more tells
 * "too large"). 0, or the status that refuses it: 400 when the body ends
 * before its Content-Length (nothing of it is kept), 408 when it has not
 * arrived within provision_upload_seconds() (a body that trickles in). */
static int
read_upload(struct mg_connection *c, char **out, size_t *len)
{
	long long want = mg_get_request_info(c)->content_length;
	int64_t deadline = now_mono_ms() + provision_upload_seconds() * 1000LL;
	size_t cap = 64 * 1024, n = 0;
	char *buf = xmalloc(cap);
	int got = 0, status = 0;

	while (n <= PROVISION_UPLOAD_MAX && (want < 0 || (long long)n < want)) {
		if (now_mono_ms() > deadline) {
			status = 408;
			break;
		}
		if ((got = mg_read(c, buf + n, cap - n)) <= 0)
			break;
		n += (size_t)got;
		if (n == cap && cap <= PROVISION_UPLOAD_MAX)
			buf = xrealloc(buf, cap *= 2);
		else if (n == cap)
			break;
	}
	if (status == 0 && (got < 0 || (want >= 0 && (long long)n < want &&
	    n <= PROVISION_UPLOAD_MAX)))
		status = 400;
	if (status != 0) {
		free(buf);
		buf = NULL;
		n = 0;
	}
	*out = buf;
	*len = n;
	return status;
}

/* Stream the part of a stored file the reply names. */
static void
send_part(struct mg_connection *c, const struct provision_reply *out)
{
	char buf[64 * 1024];
	int64_t off = out->file_start, left = out->file_len;
	FILE *f = fopen(out->file, "rb");

	if (f == NULL || fseeko(f, off, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return;
	}
	while (left > 0) {
		size_t want = left > (int64_t)sizeof(buf) ? sizeof(buf) :
		    (size_t)left;
		size_t got = fread(buf, 1, want, f);

		if (got == 0 || mg_write(c, buf, got) <= 0)
			break;
		left -= (int64_t)got;
	}
	fclose(f);
}

/* The whole reply head in one buffer and one write: CivetWeb's header
 * functions write each line on its own, which over TLS is one record (and
 * with TCP_NODELAY one packet) per header. */
static void
send_reply(struct mg_connection *c, const struct provision_req *q,
    const struct provision_reply *out)
{
	const char *conn_hdr = mg_get_header(c, "Connection");
	const char *ver = mg_get_request_info(c)->http_version;
	/* A body refused unread ends the connection (CivetWeb closes it
	 * too: it keeps a connection only when the body was all read). */
	bool keep = out->status != 400 && out->status != 408 &&
	    out->status != 413 && (conn_hdr ? strstr(conn_hdr, "eep-alive") !=
	    NULL : ver && strcmp(ver, "1.1") == 0);
	char head[1024], date[64];
	time_t now = time(NULL);
	struct tm tm;
	int n;
	long long len = out->file[0] ? (long long)out->file_len :
	    (long long)out->len;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	/* Shared files may be kept by a branch's cache if it revalidates
	 * (README, "A provisioning proxy at a remote site"). A phone's own
	 * file says no-store, and Vary: * keeps it out of a cache told to
	 * ignore Cache-Control (nginx's proxy_ignore_headers). */
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nDate: %s\r\n"
	    "Content-Type: %s\r\nContent-Length: %lld\r\nCache-Control: "
	    "%s\r\nConnection: %s\r\n", out->status,
	    mg_get_response_code_text(c, out->status), date, out->type ?
	    out->type : "text/plain", out->status == 304 ? 0LL : len,
	    out->private_file ? "private, no-store\r\nVary: *" : "no-cache",
	    keep ? "keep-alive" : "close");
	if (out->etag[0])
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "ETag: %s\r\n", out->etag);
	if (out->challenge[0])
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "WWW-Authenticate: %s\r\n", out->challenge);
	if (out->retry_after > 0)
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "Retry-After: %d\r\n", out->retry_after);
	if (out->file[0]) {
		n += snprintf(head + n, sizeof(head) - (size_t)n,
		    "Accept-Ranges: bytes\r\n");
		if (out->status == 206)
			n += snprintf(head + n, sizeof(head) - (size_t)n,
			    "Content-Range: bytes %lld-%lld/%lld\r\n",
			    (long long)out->file_start, (long long)(
			    out->file_start + out->file_len - 1),
			    (long long)out->file_total);
		else if (out->status == 416)
			n += snprintf(head + n, sizeof(head) - (size_t)n,
			    "Content-Range: bytes */%lld\r\n",
			    (long long)out->file_total);
	}
	n += snprintf(head + n, sizeof(head) - (size_t)n, "\r\n");
	if ((size_t)n >= sizeof(head))
		n = (int)sizeof(head) - 1;
	if (strcmp(q->method, "HEAD") == 0 || out->status == 304 ||
	    (out->file[0] == '\0' && out->len == 0)) {
		mg_write(c, head, (size_t)n);
	} else if (out->file[0]) {
		mg_write(c, head, (size_t)n);
		if (out->status == 200 || out->status == 206)
			send_part(c, out);
	} else {
		char *all = xmalloc((size_t)n + out->len);

		memcpy(all, head, (size_t)n);
		memcpy(all + n, out->body, out->len);
		mg_write(c, all, (size_t)n + out->len);
		free(all);
	}
}

int
provision_http_handle(struct mg_connection *c, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	struct provision_req q;
	struct provision_reply out;
	char path[PROVISION_PATH_MAX], host[300], st[8], ms[24];
	char *body = NULL;
	int64_t t0 = now_mono_ms();
	int n, refused = 0;

	(void)cbdata;
	n = mg_url_decode(ri->local_uri, (int)strlen(ri->local_uri), path,
	    (int)sizeof(path), 0);
	host_of(mg_get_header(c, "Host"), host, sizeof(host));
	memset(&q, 0, sizeof(q));
	q.method = ri->request_method;
	q.path = path;
	q.uri = ri->local_uri;
	q.user_agent = mg_get_header(c, "User-Agent");
	q.client_addr = ri->remote_addr;
	q.host = host[0] ? host : NULL;
	q.port = ri->server_port;
	q.range = mg_get_header(c, "Range");
	q.authorization = mg_get_header(c, "Authorization");
	q.if_none_match = mg_get_header(c, "If-None-Match");
	q.tls = ri->is_ssl;
	if (strcmp(q.method, "PUT") == 0)
		refused = read_upload(c, &body, &q.body_len);
	q.body = body;
	if (refused || n < 0 || (size_t)n != strlen(path) || path[0] != '/') {
		static const char *const why[] = { "Bad request.\n",
		    "The body ended before its Content-Length; nothing was "
		    "stored.\n", "The body did not arrive in time; nothing "
		    "was stored.\n" };
		const char *text = why[refused == 400 ? 1 : refused == 408 ?
		    2 : 0];

		memset(&out, 0, sizeof(out));
		out.status = refused ? refused : 400;
		out.type = "text/plain; charset=utf-8";
		out.body = xstrdup(text);
		out.len = strlen(text);
	} else {
		provision_handle(NULL, mg_get_user_data(mg_get_context(c)), &q,
		    &out);
	}
	send_reply(c, &q, &out);
	snprintf(st, sizeof(st), "%d", out.status);
	snprintf(ms, sizeof(ms), "%lld", (long long)(now_mono_ms() - t0));
	/* Every refusal and miss is worth a line; files served are many
	 * (a boot storm), so they are logged at debug level. */
	log_event(out.status == 200 || out.status == 206 || out.status == 304 ?
	    LOG_DEBUG : LOG_INFO, "provision.request", "method", q.method, "path",
	    n < 0 ? "(bad)" : path, "status", st, "ms", ms, "address",
	    q.client_addr, "agent", q.user_agent, NULL);
	provision_reply_free(&out);
	free(body);
	return out.status;
}
