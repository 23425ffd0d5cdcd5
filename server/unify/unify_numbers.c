/* Switchboard — call numbers of OpenScape Business and Unify Phone. */
#include "unify_numbers.h"

#include <stdio.h>
#include <string.h>

#include "unify_rules.h"

static bool
digits(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n < min || n > max)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
unify_callno_ok(const char *s)
{
	return digits(s, 1, UNIFY_CALLNO_MAX) && s[0] != '0';
}

bool
unify_did_ok(const char *s)
{
	return digits(s, 1, UNIFY_DID_MAX);
}

static void
copy(char *dst, size_t cap, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	snprintf(dst, cap, "%s", s ? s : "");
}

void
unify_numbering_of(json_t *system, json_t *conn, struct unify_numbering *n)
{
	bool fr1 = unify_from_fr1(system);
	const char *schema = json_string_value(json_object_get(conn,
	    "numbering_schema"));
	json_t *src = fr1 ? conn : system;
	const char *p = fr1 ? "route_" : "";
	char key[48];

	memset(n, 0, sizeof(*n));
	/* Before V3R3 FR1 there is no choice: international. */
	n->international = !fr1 || schema == NULL ||
	    strcmp(schema, "internal") != 0;
	snprintf(key, sizeof(key), "%scountry_code", p);
	copy(n->cc, sizeof(n->cc), src, key);
	snprintf(key, sizeof(key), "%slocal_area_code", p);
	copy(n->lac, sizeof(n->lac), src, key);
	snprintf(key, sizeof(key), "%spabx_number", p);
	copy(n->pabx, sizeof(n->pabx), src, key);
}

void
unify_numbering_basis(const struct unify_numbering *n, char *out, size_t len)
{
	if (n->international)
		snprintf(out, len, "international:%s:%s:%s", n->cc, n->lac,
		    n->pabx);
	else
		snprintf(out, len, "internal");
}

void
unify_call_number(const struct unify_numbering *n, const char *callno,
    const char *did, char *out, size_t len)
{
	const char *ext = did && did[0] ? did : callno;

	if (n->international)
		snprintf(out, len, "+%s%s%s%s", n->cc, n->lac, n->pabx, ext);
	else
		snprintf(out, len, "%s", callno);
}

const char *
unify_number_problem(const struct unify_numbering *n, const char *number,
    char *buf, size_t len)
{
	size_t d;

	if (!n->international)
		return NULL;
	if (n->cc[0] == '\0') {
		snprintf(buf, len, "The international numbering schema needs "
		    "the country code of the location number.");
		return buf;
	}
	if (!digits(n->cc, 1, 3) || n->cc[0] == '0') {
		snprintf(buf, len, "The country code %s is not 1 to 3 digits "
		    "without a leading 0.", n->cc);
		return buf;
	}
	if (number[0] != '+' || !digits(number + 1, 1, UNIFY_NUMBER_MAX)) {
		snprintf(buf, len, "%s is not a + followed by digits.",
		    number);
		return buf;
	}
	if ((d = strlen(number + 1)) > UNIFY_E164_MAX) {
		snprintf(buf, len, "%s has %zu digits: E.164 allows at most "
		    "%d.", number, d, UNIFY_E164_MAX);
		return buf;
	}
	return NULL;
}
