/* Switchboard — helpers for handlers: errors, query and body fields. */
#include "req.h"

#include <stdio.h>
#include <string.h>

#include "../../db/audit_store.h"
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

/* "display_name" -> "Display name", for messages. */
static const char *
pretty(const char *name, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", name);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

int
req_body_string(struct req *r, const char *field, size_t max, bool required,
    bool multiline, const char **out)
{
	json_t *v = r->body ? json_object_get(r->body, field) : NULL;
	char msg[160], label[64];
	const char *name = pretty(field, label, sizeof(label));

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return 0;
		snprintf(msg, sizeof(msg), "%s is required.", name);
		req_field_error(r, 422, "invalid_field", field, msg);
		return -1;
	}
	if (!json_is_string(v)) {
		snprintf(msg, sizeof(msg), "%s must be a string.", name);
		req_field_error(r, 422, "invalid_field", field, msg);
		return -1;
	}
	if (json_string_length(v) > max) {
		snprintf(msg, sizeof(msg), "%s is limited to %zu characters.",
		    name, max);
		req_field_error(r, 422, "invalid_field", field, msg);
		return -1;
	}
	if (text_rules_control(json_string_value(v), multiline) != NULL) {
		snprintf(msg, sizeof(msg), "%s " TEXT_RULES_CONTROL_MSG ".",
		    name);
		req_field_error(r, 422, "invalid_field", field, msg);
		return -1;
	}
	if (json_string_length(v) != strlen(json_string_value(v))) {
		snprintf(msg, sizeof(msg), "%s must not contain NUL.", name);
		req_field_error(r, 422, "invalid_field", field, msg);
		return -1;
	}
	if (required && json_string_length(v) == 0) {
		snprintf(msg, sizeof(msg), "%s is required.", name);
		req_field_error(r, 422, "invalid_field", field, msg);
		return -1;
	}
	*out = json_string_value(v);
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

const char *
role_name(enum role r)
{
	switch (r) {
	case ROLE_ADMIN:
		return "admin";
	case ROLE_OPERATOR:
		return "operator";
	case ROLE_VIEWER:
		return "viewer";
	default:
		return "none";
	}
}

enum role
role_parse(const char *s)
{
	if (s == NULL)
		return ROLE_NONE;
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	if (strcmp(s, "operator") == 0)
		return ROLE_OPERATOR;
	if (strcmp(s, "viewer") == 0)
		return ROLE_VIEWER;
	return ROLE_NONE;
}

ssize_t
req_read_stream(void *arg, char *buf, size_t len)
{
	struct req *r = arg;

	return r->read_body(r, buf, len);
}
