/* Switchboard — the JSON types of a request body's fields, declared once
 * per endpoint: checked before any handler sees the body (a string where
 * a port belongs, a number where an address belongs is a 422 naming the
 * field, never a setting quietly reset to its default), and published in
 * the OpenAPI document from the same declaration, so the two cannot
 * drift. Only types are checked here: values, ranges and what is required
 * stay with each endpoint's rules. null is the same as leaving a field
 * out. Fields not declared pass untouched. */
#ifndef SB_BODY_SCHEMA_H
#define SB_BODY_SCHEMA_H

#include <jansson.h>
#include <stddef.h>

enum body_type {
	BODY_ANY = 0,	/* anything (values the endpoint's rules check) */
	BODY_STRING,
	BODY_INTEGER,
	BODY_NUMBER,	/* integer or real */
	BODY_BOOLEAN,
	BODY_OBJECT,
	BODY_ARRAY
};

/* One field. A list of fields ends with a NULL name. */
struct body_field {
	const char		*name;
	enum body_type		 type;
	/* BODY_ARRAY: the type of each element; BODY_OBJECT without
	 * fields: the type of each member (a map such as custom
	 * attributes). */
	enum body_type		 of;
	/* BODY_OBJECT, or BODY_ARRAY of BODY_OBJECT: their members. */
	const struct body_field	*fields;
};

/* Check body against fields. 0, or -1 with the field's path
 * ("sip_ports.udp", "stations[0].label") in field and the reason in msg.
 * Plain data in, a refusal out; thread-safe. */
int	body_schema_check(const struct body_field *fields, json_t *body,
	    char *field, size_t flen, char *msg, size_t mlen);

/* The OpenAPI (3.0) schema of an object with these fields. New
 * reference. */
json_t	*body_schema_json(const struct body_field *fields);

#endif
