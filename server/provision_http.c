/* Switchboard — provisioning listeners, CivetWeb side. */
#include "provision_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "provision.h"
#include "util.h"

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
 * "too large"). */
static char *
read_upload(struct mg_connection *c, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = xmalloc(cap);
	int got;

	while (n <= PROVISION_UPLOAD_MAX && (got = mg_read(c, buf + n,
	    cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap && cap <= PROVISION_UPLOAD_MAX)
			buf = xrealloc(buf, cap *= 2);
		else if (n == cap)
			break;
	}
	*len = n;
	return buf;
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

int
provision_http_handle(struct mg_connection *c, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	struct provision_req q;
	struct provision_reply out;
	char path[PROVISION_PATH_MAX], host[300], st[8], ms[24], len[24];
	char *body = NULL;
	int64_t t0 = now_mono_ms();
	int n;

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
	if (strcmp(q.method, "PUT") == 0) {
		body = read_upload(c, &q.body_len);
		q.body = body;
	}
	if (n < 0 || (size_t)n != strlen(path) || path[0] != '/') {
		memset(&out, 0, sizeof(out));
		out.status = 400;
		out.type = "text/plain; charset=utf-8";
	} else {
		provision_handle(mg_get_thread_pointer(c), &q, &out);
	}
	snprintf(len, sizeof(len), "%lld", out.file[0] ? (long long)
	    out.file_len : (long long)out.len);
	mg_response_header_start(c, out.status);
	mg_response_header_add(c, "Content-Type", out.type, -1);
	mg_response_header_add(c, "Content-Length", len, -1);
	mg_response_header_add(c, "Cache-Control", "no-cache", -1);
	if (out.etag[0])
		mg_response_header_add(c, "ETag", out.etag, -1);
	if (out.challenge[0])
		mg_response_header_add(c, "WWW-Authenticate", out.challenge,
		    -1);
	if (out.file[0]) {
		char cr[96];

		mg_response_header_add(c, "Accept-Ranges", "bytes", -1);
		if (out.status == 206 || out.status == 416) {
			if (out.status == 206)
				snprintf(cr, sizeof(cr), "bytes %lld-%lld/%lld",
				    (long long)out.file_start, (long long)(
				    out.file_start + out.file_len - 1),
				    (long long)out.file_total);
			else
				snprintf(cr, sizeof(cr), "bytes */%lld",
				    (long long)out.file_total);
			mg_response_header_add(c, "Content-Range", cr, -1);
		}
	}
	if (out.retry_after > 0) {
		char ra[16];

		snprintf(ra, sizeof(ra), "%d", out.retry_after);
		mg_response_header_add(c, "Retry-After", ra, -1);
	}
	mg_response_header_send(c);
	if (strcmp(q.method, "HEAD") != 0) {
		if (out.file[0] && (out.status == 200 || out.status == 206))
			send_part(c, &out);
		else if (out.len)
			mg_write(c, out.body, out.len);
	}
	snprintf(st, sizeof(st), "%d", out.status);
	snprintf(ms, sizeof(ms), "%lld", (long long)(now_mono_ms() - t0));
	log_event(LOG_INFO, "provision.request", "method", q.method, "path",
	    n < 0 ? "(bad)" : path, "status", st, "ms", ms, "address",
	    q.client_addr, "agent", q.user_agent, NULL);
	provision_reply_free(&out);
	free(body);
	return out.status;
}
