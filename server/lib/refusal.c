/* Switchboard — lists of refusals: what validators return. */
#include "refusal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text_rules.h"
#include "util.h"

void
refusals_init(struct refusals *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void
refusals_release(struct refusals *rs)
{
	free(rs->v);
	refusals_init(rs);
}

static struct refusal *
add(struct refusals *rs, const char *code, const char *field)
{
	struct refusal *f;

	if (rs->n == REFUSALS_MAX)
		return NULL;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 4;
		rs->v = xrealloc(rs->v, rs->cap * sizeof(*rs->v));
	}
	f = &rs->v[rs->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->field, sizeof(f->field), "%s", field);
	snprintf(f->code, sizeof(f->code), "%s", code);
	f->row = rs->row;
	return f;
}

int
refuse(struct refusals *rs, const char *code, const char *field,
    const char *fmt, ...)
{
	struct refusal *f = add(rs, code, field);
	va_list ap;

	if (f != NULL) {
		va_start(ap, fmt);
		vsnprintf(f->message, sizeof(f->message), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
refuse_about(struct refusals *rs, const char *code, const char *field,
    const char *key, const char *value, const char *message)
{
	struct refusal *f = add(rs, code, field);

	if (f != NULL) {
		snprintf(f->about_key, sizeof(f->about_key), "%s", key);
		snprintf(f->about, sizeof(f->about), "%s", value);
		snprintf(f->message, sizeof(f->message), "%s", message);
	}
	return -1;
}

void
refusals_summary(struct refusals *rs, const char *code, const char *message)
{
	snprintf(rs->code, sizeof(rs->code), "%s", code);
	snprintf(rs->message, sizeof(rs->message), "%s", message);
}

bool
refusals_name(const struct refusals *rs, const char *field)
{
	size_t i, n = strlen(field);

	for (i = 0; i < rs->n; i++)
		if (strncmp(rs->v[i].field, field, n) == 0 &&
		    strchr(".[", rs->v[i].field[n]) != NULL)
			return true;	/* equal (NUL), or a field under it */
	return false;
}

void
refusals_rename(struct refusals *rs, const char *prefix, const char *to)
{
	size_t i, n = strlen(prefix);
	char field[sizeof(rs->v[0].field)];

	for (i = 0; i < rs->n; i++)
		if (strncmp(rs->v[i].field, prefix, n) == 0) {
			snprintf(field, sizeof(field), "%s%s", to,
			    rs->v[i].field + n);
			memcpy(rs->v[i].field, field, sizeof(field));
		}
}

/* lead, then what fits of the n-byte buffer's text. */
static void
lead_text(char *buf, size_t n, const char *lead)
{
	size_t l = strlen(lead), t = strlen(buf);

	if (l >= n)
		l = n - 1;
	if (t > n - 1 - l)
		t = n - 1 - l;
	memmove(buf + l, buf, t);
	memcpy(buf, lead, l);
	buf[l + t] = '\0';
}

void
refusals_lead(struct refusals *rs, const char *lead)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		lead_text(rs->v[i].message, sizeof(rs->v[i].message), lead);
	if (rs->message[0])
		lead_text(rs->message, sizeof(rs->message), lead);
}

const char *
refusals_code(const struct refusals *rs)
{
	if (rs->code[0])
		return rs->code;
	return rs->n ? rs->v[0].code : "";
}

const char *
refusals_message(const struct refusals *rs)
{
	if (rs->message[0])
		return rs->message;
	return rs->n ? rs->v[0].message : "";
}

json_t *
refusals_json(const struct refusals *rs)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		o = json_pack("{s:s,s:s,s:s}", "field", rs->v[i].field, "code",
		    rs->v[i].code, "message", rs->v[i].message);
		if (rs->v[i].row > 0)
			json_object_set_new(o, "row", json_integer(rs->v[i].row));
		if (rs->v[i].about_key[0])
			json_object_set_new(o, rs->v[i].about_key,
			    json_string(rs->v[i].about));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
refusals_error(const struct refusals *rs)
{
	return json_pack("{s:s,s:s,s:o}", "code", refusals_code(rs), "message",
	    refusals_message(rs), "details", refusals_json(rs));
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
refusal_string(json_t *body, const char *name, size_t max, bool required,
    bool multiline, const char **out, struct refusals *rs)
{
	json_t *v = body ? json_object_get(body, name) : NULL;
	char label[64];
	const char *what = pretty(name, label, sizeof(label));

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return 0;
		return refuse(rs, "invalid_field", name, "%s is required.",
		    what);
	}
	if (!json_is_string(v))
		return refuse(rs, "invalid_field", name, "%s must be a "
		    "string.", what);
	if (json_string_length(v) > max)
		return refuse(rs, "invalid_field", name, "%s is limited to %zu "
		    "characters.", what, max);
	if (text_rules_control(json_string_value(v), multiline) != NULL)
		return refuse(rs, "invalid_field", name, "%s "
		    TEXT_RULES_CONTROL_MSG ".", what);
	if (json_string_length(v) != strlen(json_string_value(v)))
		return refuse(rs, "invalid_field", name, "%s must not contain "
		    "NUL.", what);
	if (required && json_string_length(v) == 0)
		return refuse(rs, "invalid_field", name, "%s is required.",
		    what);
	*out = json_string_value(v);
	return 0;
}
