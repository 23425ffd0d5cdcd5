/* Switchboard — the field of a JSON body whose text is not UTF-8. */
#include "json_utf8.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_rules.h"
#include "util.h"

#define NUL_ESCAPE "\\u0000"

static int
hex4(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* buf with every bad piece of text inside a string turned into \u0000,
 * which jansson reads (with JSON_ALLOW_NUL) as a NUL in that string:
 * the marker the walk below looks for. Caller frees. */
static char *
mark(const char *buf, size_t len, size_t *outlen)
{
	char *out = xmalloc(len * 6 + 1);
	size_t i = 0, o = 0, n;
	bool in_string = false;

	while (i < len) {
		char c = buf[i];

		if (!in_string) {
			in_string = c == '"';
			out[o++] = c;
			i++;
		} else if (c == '"') {
			in_string = false;
			out[o++] = c;
			i++;
		} else if (c == '\\' && i + 1 < len && buf[i + 1] == 'u') {
			int u = hex4(buf + i + 2, len - i - 2), lo = -1;

			if (u >= 0xd800 && u <= 0xdbff && i + 11 < len &&
			    buf[i + 6] == '\\' && buf[i + 7] == 'u')
				lo = hex4(buf + i + 8, len - i - 8);
			if (u >= 0xd800 && u <= 0xdbff && lo >= 0xdc00 &&
			    lo <= 0xdfff) {
				memcpy(out + o, buf + i, 12);	/* a pair */
				o += 12;
				i += 12;
			} else if (u >= 0xd800 && u <= 0xdfff) {
				memcpy(out + o, NUL_ESCAPE, 6);
				o += 6;
				i += 6;
			} else {
				out[o++] = buf[i++];
			}
		} else if (c == '\\' && i + 1 < len) {
			out[o++] = buf[i++];
			out[o++] = buf[i++];
		} else if ((n = text_rules_utf8_prefix(buf + i, len - i)) == 0) {
			memcpy(out + o, NUL_ESCAPE, 6);
			o += 6;
			i++;
		} else {
			/* The UTF-8 text up to the string's end or next
			 * escape. */
			size_t k;

			for (k = 0; k < n && buf[i + k] != '"' &&
			    buf[i + k] != '\\'; k++)
				;
			memcpy(out + o, buf + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static int
find(json_t *v, char *path, size_t at, size_t cap)
{
	const char *key;
	json_t *m;
	size_t i;
	int n;

	if (json_is_string(v))
		return json_string_length(v) != strlen(json_string_value(v)) ?
		    0 : -1;
	if (json_is_object(v)) {
		json_object_foreach(v, key, m) {
			n = snprintf(path + at, cap - at, "%s%s", at ? "." :
			    "", key);
			if (n < 0 || (size_t)n >= cap - at)
				return -1;
			if (find(m, path, at + (size_t)n, cap) == 0)
				return 0;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) {
			n = snprintf(path + at, cap - at, "[%zu]", i);
			if (n < 0 || (size_t)n >= cap - at)
				return -1;
			if (find(m, path, at + (size_t)n, cap) == 0)
				return 0;
		}
	}
	path[at] = '\0';
	return -1;
}

int
json_utf8_bad_field(const char *buf, size_t len, char *field, size_t flen)
{
	size_t mlen;
	char *marked = mark(buf, len, &mlen);
	json_t *doc = json_loadb(marked, mlen, JSON_ALLOW_NUL, NULL);
	int rc = -1;

	free(marked);
	if (doc != NULL && flen > 0) {
		field[0] = '\0';
		rc = find(doc, field, 0, flen);
	}
	json_decref(doc);
	return rc;
}
