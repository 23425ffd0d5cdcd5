/* Switchboard — the rules of text that reaches phone files. */
#include "text_rules.h"

#include <string.h>

#include "util.h"

const char *
text_rules_control(const char *s, bool lines)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && !(lines && (*p == '\n' ||
		    *p == '\r'))) || *p == 0x7f)
			return (const char *)p;
	return NULL;
}

bool
text_rules_plain(const char *s)
{
	return text_rules_control(s, false) == NULL;
}

/* The length of the well-formed sequence at s (at most n bytes), or 0.
 * The second byte's range rules out overlong forms (E0, F0), surrogates
 * (ED) and code points past U+10FFFF (F4), as RFC 3629's table does. */
static size_t
sequence(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;	/* 80-C1 (continuations, overlong), F5-FF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

size_t
text_rules_utf8_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n && (len = sequence(p + i, n - i)) > 0)
		i += len;
	return i;
}

char *
text_rules_utf8_repair(const char *s, size_t n, bool *changed)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(n * 3 + 1);
	size_t i = 0, o = 0, len;

	*changed = false;
	while (i < n) {
		len = sequence(p + i, n - i);
		if (len == 0 || p[i] == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			*changed = true;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}
