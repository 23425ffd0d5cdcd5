/* Switchboard — the JSON types of request bodies. */
#include "body_schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const type_names[] = {
	[BODY_ANY] = NULL, [BODY_STRING] = "string",
	[BODY_INTEGER] = "integer", [BODY_NUMBER] = "number",
	[BODY_BOOLEAN] = "boolean", [BODY_OBJECT] = "object",
	[BODY_ARRAY] = "array",
};

static const char *const type_words[] = {
	[BODY_ANY] = "", [BODY_STRING] = "text (a JSON string)",
	[BODY_INTEGER] = "a whole number", [BODY_NUMBER] = "a number",
	[BODY_BOOLEAN] = "true or false", [BODY_OBJECT] = "an object",
	[BODY_ARRAY] = "a list",
};

static bool
is_type(json_t *v, enum body_type t)
{
	switch (t) {
	case BODY_ANY:
		return true;
	case BODY_STRING:
		return json_is_string(v);
	case BODY_INTEGER:
		return json_is_integer(v);
	case BODY_NUMBER:
		return json_is_number(v);
	case BODY_BOOLEAN:
		return json_is_boolean(v);
	case BODY_OBJECT:
		return json_is_object(v);
	case BODY_ARRAY:
		return json_is_array(v);
	}
	return false;
}

struct check {
	char	*field;
	size_t	 flen;
	char	*msg;
	size_t	 mlen;
};

static int check_object(const struct body_field *fields, json_t *o,
    struct check *c, size_t at);

/* v, of type t (members or elements as f says), at c->field[0..at). */
static int
check_value(json_t *v, enum body_type t, const struct body_field *f,
    struct check *c, size_t at)
{
	const char *key;
	json_t *m;
	size_t i;
	int n;

	if (!is_type(v, t)) {
		snprintf(c->msg, c->mlen, "%s must be %s.", c->field,
		    type_words[t]);
		return -1;
	}
	if (t == BODY_OBJECT && f && f->fields)
		return check_object(f->fields, v, c, at);
	if (t == BODY_OBJECT && f && f->of != BODY_ANY) {
		json_object_foreach(v, key, m) {
			n = snprintf(c->field + at, c->flen - at, ".%s", key);
			if (n < 0 || (size_t)n >= c->flen - at)
				continue;	/* too long to name */
			if (check_value(m, f->of, NULL, c, at + (size_t)n))
				return -1;
		}
	}
	if (t == BODY_ARRAY && f && f->of != BODY_ANY) {
		json_array_foreach(v, i, m) {
			n = snprintf(c->field + at, c->flen - at, "[%zu]", i);
			if (n < 0 || (size_t)n >= c->flen - at)
				return -1;
			if (check_value(m, f->of, f->of == BODY_OBJECT &&
			    f->fields ? f : NULL, c, at + (size_t)n))
				return -1;
		}
	}
	c->field[at] = '\0';
	return 0;
}

static int
check_object(const struct body_field *fields, json_t *o, struct check *c,
    size_t at)
{
	const struct body_field *f;
	json_t *v;
	int n;

	for (f = fields; f->name; f++) {
		if ((v = json_object_get(o, f->name)) == NULL || json_is_null(v))
			continue;	/* as if left out */
		n = snprintf(c->field + at, c->flen - at, "%s%s", at ? "." :
		    "", f->name);
		if (n < 0 || (size_t)n >= c->flen - at)
			return -1;
		/* For a list of objects f->fields are each element's. */
		if (check_value(v, f->type, f, c, at + (size_t)n) != 0)
			return -1;
	}
	c->field[at] = '\0';
	return 0;
}

int
body_schema_check(const struct body_field *fields, json_t *body,
    char *field, size_t flen, char *msg, size_t mlen)
{
	struct check c = { field, flen, msg, mlen };

	if (flen == 0 || mlen == 0)
		return -1;
	field[0] = '\0';
	msg[0] = '\0';
	return check_object(fields, body, &c, 0);
}

/* The schema of a value of type t; f gives an object's members or a
 * map's or list's element type. null passes where a field may be left
 * out, not as an element of a list. */
static json_t *
value_json(enum body_type t, const struct body_field *f, bool nullable)
{
	json_t *s = json_object(), *props;

	if (type_names[t])
		json_object_set_new(s, "type", json_string(type_names[t]));
	if (nullable)
		json_object_set_new(s, "nullable", json_true());
	if (t == BODY_OBJECT && f && f->fields) {
		props = body_schema_json(f->fields);
		json_object_set(s, "properties", json_object_get(props,
		    "properties"));
		json_decref(props);
	} else if (t == BODY_OBJECT && f && f->of != BODY_ANY) {
		json_object_set_new(s, "additionalProperties", value_json(f->of,
		    NULL, false));
	} else if (t == BODY_ARRAY && f) {
		json_object_set_new(s, "items", value_json(f->of, f->of ==
		    BODY_OBJECT && f->fields ? f : NULL, false));
	}
	return s;
}

json_t *
body_schema_json(const struct body_field *fields)
{
	json_t *props = json_object();
	const struct body_field *f;

	for (f = fields; f && f->name; f++)
		json_object_set_new(props, f->name, value_json(f->type, f,
		    true));
	return json_pack("{s:s,s:o}", "type", "object", "properties", props);
}
