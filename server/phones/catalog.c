/* Switchboard — phone catalog rules that need no database. */
#include "catalog.h"

#include <ctype.h>
#include <string.h>

int
catalog_match_key(const char *name, char key[CATALOG_KEY_MAX])
{
	size_t n = 0;

	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		if (!isalnum(c))
			continue;
		if (n + 1 >= CATALOG_KEY_MAX)
			return -1;
		key[n++] = (char)tolower(c);
	}
	key[n] = '\0';
	return n > 0 ? 0 : -1;
}

int
mac_normalize(const char *in, char out[MAC_TEXT])
{
	char hex[12];
	size_t n = 0, len = strlen(in), i, group = 0, run = 0;
	char sep = 0;

	if (len < 12 || len > 17)
		return -1;
	for (i = 0; i < len; i++) {
		char c = in[i];

		if (isxdigit((unsigned char)c)) {
			if (n == 12)
				return -1;
			hex[n++] = (char)tolower((unsigned char)c);
			run++;
			continue;
		}
		if (c != ':' && c != '-' && c != '.')
			return -1;
		/* One kind of separator, never leading, trailing or doubled. */
		if ((sep && c != sep) || run == 0 || i + 1 == len)
			return -1;
		sep = c;
		if (group == 0)
			group = run;
		else if (run != group)
			return -1;
		run = 0;
	}
	if (n != 12 || (sep && run != group) || (sep && group != 2 &&
	    group != 4))
		return -1;
	for (i = 0; i < 6; i++) {
		out[i * 3] = hex[i * 2];
		out[i * 3 + 1] = hex[i * 2 + 1];
		out[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
	return 0;
}

bool
mac_prefix_matches(const char *mac, const char *prefixes)
{
	const char *p = prefixes;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n > 0 && n <= strlen(mac) && strncmp(mac, p, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

void
mac_digits(const char *mac, char out[13])
{
	int i, j;

	for (i = j = 0; mac && mac[i] && j < 12; i++)
		if (mac[i] != ':')
			out[j++] = mac[i];
	out[j] = '\0';
}

void
model_token(const char *name, char *out, size_t len)
{
	size_t i, j;

	for (i = j = 0; name && name[i] && j + 1 < len; i++)
		if (name[i] != ' ')
			out[j++] = name[i];
	out[j] = '\0';
}
