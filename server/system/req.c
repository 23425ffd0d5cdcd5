/* Switchboard — helpers for handlers: errors, query and body fields. */
#include "req.h"

#include <stdio.h>
#include <string.h>

#include "../../db/audit_store.h"
#include "../../db/version_store.h"
#include "../lib/json_diff.h"
#include "../lib/refusal.h"
#include "../lib/text_rules.h"
#include "../lib/util.h"

#define LIST_LIMIT_MAX 1000
#define LIST_LIMIT_DEFAULT 50

const char *
req_query(const struct req *r, const char *key)
{
	int i;

	for (i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, key) == 0)
			return r->query[i].value;
	return NULL;
}

static int
set_error(struct req *r, int status, const char *code, const char *message,
    json_t *details)
{
	json_t *err = json_pack("{s:s,s:s}", "code", code, "message", message);

	if (details)
		json_object_set_new(err, "details", details);
	json_decref(r->out);
	r->out = json_pack("{s:o}", "error", err);
	return status;
}

int
req_error(struct req *r, int status, const char *code, const char *message)
{
	return set_error(r, status, code, message, NULL);
}

int
req_field_error(struct req *r, int status, const char *code,
    const char *field, const char *message)
{
	return set_error(r, status, code, message, json_pack("[{s:s,s:s}]",
	    "field", field, "message", message));
}

int
req_param_id(struct req *r, int i, int64_t *out)
{
	if (i >= r->nparams ||
	    parse_int64(r->params[i], 1, INT64_MAX, out) != 0) {
		req_error(r, 404, "not_found", "No such resource.");
		return -1;
	}
	return 0;
}

int
req_list_query(struct req *r, const char *const *keys, int default_sort,
    int default_desc, struct db_list_query *lq)
{
	const char *q = req_query(r, "q"), *sort = req_query(r, "sort");
	const char *order = req_query(r, "order");
	const char *limit = req_query(r, "limit");
	const char *offset = req_query(r, "offset");
	char msg[256];
	int64_t v;
	int i;

	lq->q = (q && *q) ? q : NULL;
	lq->sort = default_sort;
	lq->desc = default_desc;
	lq->limit = LIST_LIMIT_DEFAULT;
	lq->offset = 0;
	if (lq->q && strlen(lq->q) > 200)
		return req_field_error(r, 400, "invalid_query", "q",
		    "The filter text is limited to 200 characters.");
	if (sort && *sort) {
		for (i = 0; keys[i]; i++)
			if (strcmp(keys[i], sort) == 0)
				break;
		if (keys[i] == NULL) {
			size_t at = (size_t)snprintf(msg, sizeof(msg),
			    "Cannot sort by '%.40s'; use one of:", sort);

			for (i = 0; keys[i] && at < sizeof(msg); i++)
				at += (size_t)snprintf(msg + at,
				    sizeof(msg) - at, " %s", keys[i]);
			return req_field_error(r, 400, "invalid_query", "sort",
			    msg);
		}
		lq->sort = i;
	}
	if (order && *order) {
		if (strcmp(order, "asc") == 0)
			lq->desc = 0;
		else if (strcmp(order, "desc") == 0)
			lq->desc = 1;
		else
			return req_field_error(r, 400, "invalid_query",
			    "order", "Order must be 'asc' or 'desc'.");
	}
	if (limit && *limit) {
		if (parse_int64(limit, 1, LIST_LIMIT_MAX, &v) != 0)
			return req_field_error(r, 400, "invalid_query",
			    "limit", "Limit must be a number from 1 to 1000.");
		lq->limit = v;
	}
	if (offset && *offset) {
		if (parse_int64(offset, 0, INT32_MAX, &v) != 0)
			return req_field_error(r, 400, "invalid_query",
			    "offset", "Offset must be a number of 0 or more.");
		lq->offset = v;
	}
	return 0;
}

int
req_query_text(struct req *r, const char *key, const char **out)
{
	const char *v = req_query(r, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (text_rules_utf8_prefix(v, strlen(v)) != strlen(v) ||
	    !text_rules_plain(v)) {
		req_field_error(r, 400, "invalid_query", key, "This text must "
		    "be UTF-8 without control characters.");
		return -1;
	}
	*out = v;
	return 0;
}

int
req_body_string(struct req *r, const char *field, size_t max, bool required,
    bool multiline, const char **out)
{
	struct refusals rs;
	int rc;

	refusals_init(&rs);
	if ((rc = refusal_string(r->body, field, max, required, multiline, out,
	    &rs)) != 0)
		req_refused(r, &rs);
	refusals_release(&rs);
	return rc;
}

int
req_refused(struct req *r, const struct refusals *rs)
{
	json_decref(r->out);
	r->out = json_pack("{s:o}", "error", refusals_error(rs));
	return 422;
}

static void
etag_text(const char *kind, const char *key, int64_t version, char *out,
    size_t len)
{
	snprintf(out, len, "\"%.20s-%.40s-v%lld\"", kind, key,
	    (long long)version);
}

void
req_etag(struct req *r, const char *kind, const char *key)
{
	struct record_version v;

	version_store_get(r->db, kind, key, &v);
	etag_text(kind, key, v.version, r->etag, sizeof(r->etag));
}

/* Does the If-Match list ("a", W/"b", …) name etag, or "*"? */
static bool
if_match_names(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = list;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && strchr(" \t,", p[n]))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

int
req_claim(struct req *r, const char *kind, const char *key)
{
	struct record_version v;
	char when[32], msg[300];
	const char *who = r->auth.authenticated ? r->auth.user.username : "";

	version_store_get(r->db, kind, key, &v);
	etag_text(kind, key, v.version, r->etag, sizeof(r->etag));
	if (r->if_match && !if_match_names(r->if_match, r->etag)) {
		format_utc(v.changed_at, when, sizeof(when));
		if (v.changed_by[0])
			snprintf(msg, sizeof(msg), "%s changed this at %s, after "
			    "you opened it. Reload to see their change, or "
			    "overwrite it with yours.", v.changed_by, when);
		else
			snprintf(msg, sizeof(msg), "This was changed after you "
			    "opened it. Reload to see the change, or overwrite "
			    "it with yours.");
		req_error(r, 412, "changed", msg);
		json_object_set_new(json_object_get(r->out, "error"), "changed",
		    json_pack("{s:s,s:s?,s:I,s:s}", "by", v.changed_by, "at",
		    v.changed_at ? when : NULL, "version", (json_int_t)v.version,
		    "etag", r->etag));
		return 412;
	}
	if (version_store_bump(r->db, kind, key, who, &v) != DB_OK)
		return req_error(r, 500, "internal", "Could not save.");
	etag_text(kind, key, v.version, r->etag, sizeof(r->etag));
	return 0;
}

void
req_audit(struct req *r, const char *action, const char *target,
    bool success, json_t *detail)
{
	struct audit_entry e = {
		.actor = r->auth.authenticated ? r->auth.user.username :
		    "anonymous",
		.actor_id = r->auth.authenticated ? r->auth.user.id : 0,
		.via = r->auth.authenticated ? r->auth.via : "anonymous",
		.address = r->client_addr,
		.action = action,
		.target = target,
		.success = success,
		.detail = detail,
	};

	audit_store_add(r->db, &e);
	json_decref(detail);
}

void
req_audit_update(struct req *r, const char *action, const char *target,
    json_t *before, json_t *after)
{
	/* Moved by every save, or by the phones themselves: not an admin's
	 * change. A station saved again may get a new row id ("id" of a
	 * nested record); what it holds is what changed. */
	static const char *const bookkeeping[] = { "id", "updated_at",
	    "created_at", "last_contact", "user_agent", "running_firmware",
	    "now_inside", NULL };

	req_audit(r, action, target, true, json_pack("{s:o}", "diff",
	    json_diff(before, after, bookkeeping)));
}

ssize_t
req_read_stream(void *arg, char *buf, size_t len)
{
	struct req *r = arg;

	return r->read_body(r, buf, len);
}
