/* Switchboard — provisioning listeners, CivetWeb side. */
#include "provision_http.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "provision.h"
#include "util.h"

#define PROVISION_PATH_MAX 1024

int
provision_http_handle(struct mg_connection *c, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	struct provision_req q;
	struct provision_reply out;
	char path[PROVISION_PATH_MAX], st[8], ms[24], len[24];
	int64_t t0 = now_mono_ms();
	int n;

	(void)cbdata;
	n = mg_url_decode(ri->local_uri, (int)strlen(ri->local_uri), path,
	    (int)sizeof(path), 0);
	memset(&q, 0, sizeof(q));
	q.method = ri->request_method;
	q.path = path;
	q.user_agent = mg_get_header(c, "User-Agent");
	q.client_addr = ri->remote_addr;
	q.tls = ri->is_ssl;
	if (n < 0 || (size_t)n != strlen(path) || path[0] != '/') {
		memset(&out, 0, sizeof(out));
		out.status = 400;
		out.type = "text/plain; charset=utf-8";
	} else {
		provision_handle(mg_get_thread_pointer(c), &q, &out);
	}
	snprintf(len, sizeof(len), "%zu", out.len);
	mg_response_header_start(c, out.status);
	mg_response_header_add(c, "Content-Type", out.type, -1);
	mg_response_header_add(c, "Content-Length", len, -1);
	mg_response_header_add(c, "Cache-Control", "no-cache", -1);
	mg_response_header_send(c);
	if (out.len && strcmp(q.method, "HEAD") != 0)
		mg_write(c, out.body, out.len);
	snprintf(st, sizeof(st), "%d", out.status);
	snprintf(ms, sizeof(ms), "%lld", (long long)(now_mono_ms() - t0));
	log_event(LOG_INFO, "provision.request", "method", q.method, "path",
	    n < 0 ? "(bad)" : path, "status", st, "ms", ms, "address",
	    q.client_addr, "agent", q.user_agent, NULL);
	provision_reply_free(&out);
	return out.status;
}
