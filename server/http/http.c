/* Switchboard — the CivetWeb glue of the admin listener. */
#include "http.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "api_bodies.h"
#include "../system/auth.h"
#include "../lib/json_utf8.h"
#include "../lib/log.h"
#include "../provisioning/provision_cache.h"
#include "router.h"
#include "static_files.h"
#include "../lib/util.h"

#define HTTP_QUERY_MAX 2048
#define HTTP_PATH_MAX 2048

const char http_security_headers[] =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Strict-Transport-Security: max-age=31536000\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Permissions-Policy: camera=(), microphone=(), geolocation=()";

static const struct config *http_cfg;

void
http_init(const struct config *cfg)
{
	http_cfg = cfg;
}

/* Whether this request was told "100 Continue" (expect_continue).
 * CivetWeb counts that interim response as the response begun and
 * refuses its header calls from then on, so the final head is written by
 * hand. A worker thread serves one request at a time. */
static _Thread_local bool continued;

static void
head_add(struct mg_connection *c, const char *name, const char *value)
{
	if (continued)
		mg_printf(c, "%s: %s\r\n", name, value);
	else
		mg_response_header_add(c, name, value, -1);
}

static void
head_send(struct mg_connection *c)
{
	char date[64];
	time_t now;
	struct tm tm;

	if (!continued) {
		mg_response_header_send(c);
		return;
	}
	now = time(NULL);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT",
	    gmtime_r(&now, &tm));
	mg_printf(c, "Date: %s\r\nConnection: close\r\n\r\n", date);
}

static void
start_headers(struct mg_connection *c, int status, const char *type)
{
	if (continued) {
		mg_printf(c, "HTTP/1.1 %d %s\r\n%s\r\n", status,
		    mg_get_response_code_text(c, status),
		    http_security_headers);
	} else {
		mg_response_header_start(c, status);
		mg_response_header_add_lines(c, http_security_headers);
	}
	if (type)
		head_add(c, "Content-Type", type);
}

static void
send_body(struct mg_connection *c, int status, const char *type,
    const char *cache, const char *extra_name, const char *extra_value,
    const char *body, size_t len, int head_only)
{
	char clen[32];

	start_headers(c, status, type);
	if (cache)
		head_add(c, "Cache-Control", cache);
	if (extra_name && extra_value && *extra_value)
		head_add(c, extra_name, extra_value);
	snprintf(clen, sizeof(clen), "%zu", len);
	head_add(c, "Content-Length", clen);
	head_send(c);
	if (!head_only && len)
		mg_write(c, body, len);
}

/* A JSON body (none for 204 or a NULL body) with the session cookie,
 * the record's ETag and, for a 429, Retry-After (seconds, when
 * retry_after > 0). */
static void
send_json(struct mg_connection *c, int status, json_t *body,
    const char *set_cookie, const char *etag, int64_t retry_after,
    int head_only)
{
	char *text = NULL, clen[32], retry[24];
	size_t len = 0;

	if (status != 204 && body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		len = strlen(text);
	}
	start_headers(c, status, text ? "application/json" : NULL);
	head_add(c, "Cache-Control", "no-store");
	if (set_cookie && *set_cookie)
		head_add(c, "Set-Cookie", set_cookie);
	if (etag && *etag)
		head_add(c, "ETag", etag);
	if (retry_after > 0) {
		snprintf(retry, sizeof(retry), "%lld", (long long)retry_after);
		head_add(c, "Retry-After", retry);
	}
	if (status != 204) {
		snprintf(clen, sizeof(clen), "%zu", len);
		head_add(c, "Content-Length", clen);
	}
	head_send(c);
	if (!head_only && len)
		mg_write(c, text, len);
	free(text);
}

static void
send_error(struct mg_connection *c, int status, const char *code,
    const char *message)
{
	json_t *e = json_pack("{s:{s:s,s:s}}", "error", "code", code,
	    "message", message);

	send_json(c, status, e, NULL, NULL, 0, 0);
	json_decref(e);
}

int
http_error(struct mg_connection *conn, int status, const char *msg)
{
	const char *code = status == 404 ? "not_found" : status == 413 ?
	    "too_large" : status >= 500 ? "internal" : "bad_request";

	send_error(conn, status, code, msg && *msg ? msg : "Request refused.");
	return 0;
}

static void
send_file(struct mg_connection *c, const struct req *r)
{
	char disp[200], clen[32], buf[16384];
	FILE *f = fopen(r->download_path, "rb");
	size_t n;
	long size;

	/* A temporary file goes from the directory as soon as it is open:
	 * what is open stays readable, and nothing is left behind when the
	 * client goes away mid-download (or has read it all before this
	 * worker's last write returns). */
	if (r->download_unlink)
		unlink(r->download_path);
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
		if (f)
			fclose(f);
		send_error(c, 404, "not_found", "The file is gone.");
		return;
	}
	rewind(f);
	start_headers(c, 200, r->download_type);
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
	    r->download_name);
	head_add(c, "Content-Disposition", disp);
	head_add(c, "Cache-Control", "no-store");
	snprintf(clen, sizeof(clen), "%ld", size);
	head_add(c, "Content-Length", clen);
	head_send(c);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (mg_write(c, buf, n) <= 0)
			break;
	fclose(f);
}

static int
sse_send(struct req *r, const char *event, json_t *data)
{
	struct mg_connection *c = r->conn;
	char *text;
	int rc;

	if (!r->sse_started) {
		start_headers(c, 200, "text/event-stream");
		head_add(c, "Cache-Control", "no-store");
		head_add(c, "X-Accel-Buffering", "no");
		head_send(c);
		r->sse_started = true;
	}
	if (event == NULL)
		return mg_printf(c, ": keep-alive\n\n") > 0 ? 0 : -1;
	text = json_dumps(data, JSON_COMPACT);
	rc = mg_printf(c, "event: %s\ndata: %s\n\n", event, text);
	free(text);
	return rc > 0 ? 0 : -1;
}

/* A body must keep coming at HTTP_BODY_MIN_RATE bytes a second on
 * average (after a grace of HTTP_BODY_GRACE_MS): a client that trickles
 * one in is cut off instead of holding a worker as long as it likes. */
#define HTTP_BODY_MIN_RATE	(8 * 1024)
#define HTTP_BODY_GRACE_MS	30000

static void
body_deadline(struct req *r, long long length, size_t max)
{
	size_t n = length >= 0 ? (size_t)length : max;

	r->body_deadline_ms = now_mono_ms() + HTTP_BODY_GRACE_MS +
	    (int64_t)(n / HTTP_BODY_MIN_RATE) * 1000;
}

static int
raw_read(struct req *r, char *buf, size_t len)
{
	int n;

	if (r->body_read > r->body_max)
		return -2;
	if (now_mono_ms() > r->body_deadline_ms)
		return -1;
	n = mg_read(r->conn, buf, len);
	if (n < 0)
		return -1;
	r->body_read += (size_t)n;
	return r->body_read > r->body_max ? -2 : n;
}

/* A CSV upload: spreadsheets and browsers label it in several ways. */
static int
raw_type_ok(const char *type)
{
	static const char *const ok[] = { "text/csv", "text/plain",
	    "application/csv", "application/vnd.ms-excel",
	    "application/octet-stream", "application/zip",
	    "application/gzip", "application/x-gzip", "application/x-tar",
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    NULL };
	const char *const *t;

	for (t = ok; type && *t; t++)
		if (strncasecmp(type, *t, strlen(*t)) == 0)
			return 1;
	return 0;
}

static void
parse_query(struct req *r, const char *qs)
{
	char *copy, *pair, *save = NULL;

	if (qs == NULL || strlen(qs) > HTTP_QUERY_MAX)
		return;
	copy = xstrdup(qs);
	for (pair = strtok_r(copy, "&", &save); pair &&
	    r->nquery < REQ_MAX_QUERY; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '='), *k, *v;
		size_t klen = eq ? (size_t)(eq - pair) : strlen(pair);
		const char *val = eq ? eq + 1 : "";
		int n;

		k = xmalloc(klen + 1);
		v = xmalloc(strlen(val) + 1);
		if (mg_url_decode(pair, (int)klen, k, (int)klen + 1, 1) < 0 ||
		    (n = mg_url_decode(val, (int)strlen(val), v,
		    (int)strlen(val) + 1, 1)) < 0 || (size_t)n != strlen(v)) {
			/* Undecodable or holding NUL: drop the pair. */
			free(k);
			free(v);
			continue;
		}
		r->query[r->nquery].key = k;
		r->query[r->nquery].value = v;
		r->nquery++;
	}
	free(copy);
}

static void
req_release(struct req *r)
{
	int i;

	for (i = 0; i < r->nquery; i++) {
		free(r->query[i].key);
		free(r->query[i].value);
	}
	json_decref(r->body);
	json_decref(r->out);
}

static int
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* A browser's Origin must be our own: https://<Host>. */
static int
origin_ok(struct mg_connection *c)
{
	const char *origin = mg_get_header(c, "Origin");
	const char *host = mg_get_header(c, "Host");
	const char *site = mg_get_header(c, "Sec-Fetch-Site");
	char want[300];

	if (site && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return 0;
	if (origin == NULL)
		return 1;
	if (host == NULL)
		return 0;
	snprintf(want, sizeof(want), "https://%s", host);
	return strcmp(origin, want) == 0;
}

static int
authenticate(struct mg_connection *c, struct req *r)
{
	const char *authz = mg_get_header(c, "Authorization");
	const char *cookies = mg_get_header(c, "Cookie");
	char sid[128];

	if (authz && strncasecmp(authz, "Bearer ", 7) == 0)
		return auth_from_token(r, authz + 7);
	if (authz)
		return req_error(r, 401, "unauthenticated",
		    "Use Authorization: Bearer <token>.");
	if (cookies && mg_get_cookie(cookies, AUTH_COOKIE_NAME, sid,
	    sizeof(sid)) > 0)
		return auth_from_session(r, sid);
	return req_error(r, 401, "unauthenticated", "Please log in.");
}

/* "Expect: 100-continue" (curl sends it for any body over 1 MiB): the
 * client holds the body back until the server says to go on, or until it
 * tires of waiting, a second for curl. CivetWeb answers it only for the
 * file and CGI handlers we compile out, so once a request has passed every
 * check made before its body is read, say "go on" here. Returns 0, or 417
 * for an expectation we cannot meet (RFC 9110, 10.1.1). */
static int
expect_continue(struct mg_connection *c, struct req *r)
{
	const char *expect = mg_get_header(c, "Expect");

	if (expect == NULL)
		return 0;
	if (strcasecmp(expect, "100-continue") != 0)
		return req_error(r, 417, "expectation_failed", "Only "
		    "\"Expect: 100-continue\" is understood.");
	if (strcmp(mg_get_request_info(c)->http_version, "1.1") == 0 &&
	    mg_write(c, "HTTP/1.1 100 Continue\r\n\r\n", 25) == 25)
		continued = true;
	return 0;
}

/* Read the body under the route's cap. Returns 0 or a status set in r. */
static int
read_body(struct mg_connection *c, const struct route *rt, struct req *r)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	const char *type = mg_get_header(c, "Content-Type");
	const char *te = mg_get_header(c, "Transfer-Encoding");
	size_t max = rt->max_body ? rt->max_body : ROUTE_BODY_DEFAULT, len = 0;
	int has_body = ri->content_length > 0 || te != NULL;
	char *buf, field[128];
	json_error_t jerr;
	int n;

	if (rt->flags & ROUTE_RAW_BODY) {
		if (!raw_type_ok(type))
			return req_error(r, 415, "unsupported_media_type",
			    "Send a CSV list (text/csv), an Excel workbook (.xlsx) or a .zip/.tar.gz archive.");
		if (ri->content_length > (long long)max)
			return req_error(r, 413, "too_large", "The file is "
			    "larger than the appliance accepts.");
		r->read_body = raw_read;
		r->body_max = max;
		body_deadline(r, ri->content_length, max);
		return expect_continue(c, r);
	}
	if (!(rt->flags & (ROUTE_JSON_BODY | ROUTE_OPTIONAL_BODY)))
		return 0;
	if (!has_body && !(rt->flags & ROUTE_JSON_BODY))
		return 0;
	if (te && mg_get_header(c, "Content-Length"))
		return req_error(r, 400, "bad_request", "Send either "
		    "Content-Length or chunked encoding, not both.");
	if (type == NULL || strncasecmp(type, "application/json", 16) != 0 ||
	    (type[16] != '\0' && type[16] != ';'))
		return req_error(r, 415, "unsupported_media_type",
		    "Send the body as Content-Type: application/json.");
	if (ri->content_length > (long long)max) {
		char msg[96];

		snprintf(msg, sizeof(msg), "The body is limited to %zu bytes.",
		    max);
		return req_error(r, 413, "too_large", msg);
	}
	if ((n = expect_continue(c, r)) != 0)
		return n;
	buf = xmalloc(max + 1);
	body_deadline(r, ri->content_length, max);
	while (len <= max && now_mono_ms() <= r->body_deadline_ms &&
	    (n = mg_read(c, buf + len, max + 1 - len)) > 0)
		len += (size_t)n;
	if (now_mono_ms() > r->body_deadline_ms) {
		free(buf);
		return req_error(r, 408, "timeout", "The body did not arrive "
		    "whole in time.");
	}
	if (ri->content_length >= 0 && (long long)len < ri->content_length) {
		free(buf);
		return req_error(r, 400, "bad_request", "The body ended before "
		    "its Content-Length.");
	}
	if (len > max) {
		free(buf);
		return req_error(r, 413, "too_large", "The body is too large.");
	}
	r->body = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (r->body == NULL && json_utf8_bad_field(buf, len, field,
	    sizeof(field)) == 0) {
		free(buf);
		return req_field_error(r, 400, "invalid_json", field, "The body "
		    "is not JSON: this field's text is not UTF-8 (or holds "
		    "U+0000).");
	}
	free(buf);
	if (r->body == NULL || !json_is_object(r->body)) {
		char msg[256];

		snprintf(msg, sizeof(msg), "The body is not a JSON object%s%s",
		    r->body ? "" : ": ", r->body ? "." : jerr.text);
		return req_error(r, 400, "invalid_json", msg);
	}
	return 0;
}

/* The body's fields have the types the route declares (api_bodies.c):
 * no handler sees a string where a port belongs. 0, or the 422. */
static int
body_types(const struct route *rt, struct req *r)
{
	const struct body_field *f;
	char field[128], msg[192];

	if (r->body == NULL || (f = api_bodies_find(rt->method,
	    rt->pattern)) == NULL)
		return 0;
	if (body_schema_check(f, r->body, field, sizeof(field), msg,
	    sizeof(msg)) == 0)
		return 0;
	return req_field_error(r, 422, "invalid_field", field, msg);
}

/* The route's handler; for a record with a version, a change is made in
 * one transaction with the check of If-Match and the new version, and a
 * read says the version (ETag). */
static int
run_handler(const struct route *rt, struct req *r)
{
	char kind[32], key[REQ_PARAM_MAX];
	int status;

	if (!route_version(rt, r, kind, sizeof(kind), key, sizeof(key)))
		return rt->handler(r);
	if (!is_write(r->method)) {
		if ((status = rt->handler(r)) == 200)
			req_etag(r, kind, key);
		return status;
	}
	if (db_begin(r->db) != 0)
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	if ((status = req_claim(r, kind, key)) == 0)
		status = rt->handler(r);
	if (status >= 400)
		db_rollback(r->db);
	else if (db_commit(r->db) != 0)
		status = req_error(r, 500, "internal", "Could not save.");
	if (status >= 400 && status != 412)
		r->etag[0] = '\0';	/* nothing changed: no new version */
	return status;
}

static int
run_route(struct mg_connection *c, const struct route *rt, struct req *r)
{
	int status;

	if (is_write(r->method) && !origin_ok(c))
		return req_error(r, 403, "bad_origin", "This request came from "
		    "another site and was refused.");
	if (rt->min_role != ROLE_NONE) {
		if ((status = authenticate(c, r)) != 0)
			return status;
		if (r->auth.role < rt->min_role) {
			char msg[160];

			snprintf(msg, sizeof(msg), "Your role (%s) cannot do "
			    "this; it needs %s.", role_name(r->auth.role),
			    role_name(rt->min_role));
			status = req_error(r, 403, "forbidden", msg);
			goto audit_token;
		}
		if (r->auth.user.must_change_password &&
		    !(rt->flags & ROUTE_MUST_CHANGE_OK))
			return req_error(r, 403, "password_change_required",
			    "Choose a new password first.");
		if (is_write(r->method) && r->auth.token_id == 0 &&
		    !auth_csrf_ok(r, mg_get_header(c, "X-CSRF-Token")))
			return req_error(r, 403, "csrf", "The X-CSRF-Token "
			    "header is missing or wrong. Reload the page.");
	}
	if ((status = read_body(c, rt, r)) != 0 ||
	    (status = body_types(rt, r)) != 0)
		goto audit_token;
	status = run_handler(rt, r);
	/* Whatever a write changed, phones get it in files made afresh. */
	if (is_write(r->method) && status < 400)
		provision_cache_bump();
audit_token:
	/* Every write made with an API token is on record, allowed or not. */
	if (r->auth.token_id && is_write(r->method)) {
		char target[300];

		snprintf(target, sizeof(target), "%s %s", r->method, r->path);
		req_audit(r, "token.use", target, status < 400,
		    json_pack("{s:i}", "status", status));
	}
	return status;
}

static void
serve_static(struct mg_connection *c, const char *method, const char *path)
{
	const struct static_file *f;
	const char *inm;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		send_error(c, 405, "method_not_allowed", "Only GET here.");
		return;
	}
	if ((f = static_files_find(path)) == NULL) {
		send_error(c, 404, "not_found", "No such page.");
		return;
	}
	inm = mg_get_header(c, "If-None-Match");
	if (inm && strcmp(inm, f->etag) == 0) {
		start_headers(c, 304, NULL);
		head_add(c, "ETag", f->etag);
		head_send(c);
		return;
	}
	send_body(c, 200, f->type, "no-cache", "ETag", f->etag, f->data, f->len,
	    strcmp(method, "HEAD") == 0);
}

int
http_handle(struct mg_connection *c, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	const struct route *rt;
	struct req r;
	int status = 0;
	int64_t t0 = now_mono_ms();
	char ms[24], st[8], path[HTTP_PATH_MAX];
	int n;

	(void)cbdata;
	continued = false;
	memset(&r, 0, sizeof(r));
	r.method = ri->request_method;
	/* CivetWeb leaves the path encoded (decode_url=no): we decode it here
	 * and refuse what does not decode cleanly, such as %00. */
	n = mg_url_decode(ri->local_uri, (int)strlen(ri->local_uri), path,
	    (int)sizeof(path), 0);
	if (n < 0 || (size_t)n != strlen(path)) {
		send_error(c, 400, "bad_request", "The path is too long or "
		    "holds a NUL byte.");
		return 400;
	}
	r.path = path;
	if (strncmp(r.path, "/api/", 5) != 0 && strcmp(r.path, "/healthz")) {
		serve_static(c, r.method, r.path);
		return 200;
	}
	r.db = mg_get_thread_pointer(c);
	r.cfg = http_cfg;
	r.client_addr = ri->remote_addr;
	r.user_agent = mg_get_header(c, "User-Agent");
	r.accept = mg_get_header(c, "Accept");
	r.if_match = mg_get_header(c, "If-Match");
	r.sse_send = sse_send;
	r.conn = c;
	parse_query(&r, ri->query_string);
	if (r.db == NULL) {
		status = req_error(&r, 503, "unavailable", "No database.");
	} else if ((rt = router_match(r.method, r.path, &r, &status)) == NULL) {
		status = req_error(&r, status, status == 404 ? "not_found" :
		    "method_not_allowed", status == 404 ? "No such API path." :
		    "This path does not take that method.");
	} else {
		status = run_route(c, rt, &r);
	}
	if (r.sse_started) {
		/* Already streamed. */
	} else if (status == 200 && r.download_path[0]) {
		send_file(c, &r);
	} else {
		if (r.download_path[0] && r.download_unlink)
			unlink(r.download_path);
		send_json(c, status, r.out, r.set_cookie, r.etag,
		    r.retry_after, strcmp(r.method, "HEAD") == 0);
	}
	snprintf(ms, sizeof(ms), "%lld", (long long)(now_mono_ms() - t0));
	snprintf(st, sizeof(st), "%d", status);
	log_event(status >= 500 ? LOG_ERROR : LOG_INFO, "http.request",
	    "method", r.method, "path", r.path, "status", st, "ms", ms,
	    "address", ri->remote_addr, "user", r.auth.authenticated ?
	    r.auth.user.username : NULL, NULL);
	/* A transaction left open would hold the write lock, and the next
	 * request on this thread would nest inside it. */
	if (r.db && db_end_open(r.db))
		log_event(LOG_ERROR, "db.open_transaction", "method", r.method,
		    "path", r.path, NULL);
	req_release(&r);
	return status;
}
