/* Switchboard — User-Agents and request paths of phones. */
#include "phone_agent.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Copy the run of characters of s that are in set into out. */
static size_t
copy_run(const char *s, const char *set, char *out, size_t outlen)
{
	size_t n = 0;

	while (s[n] && (isalnum((unsigned char)s[n]) || strchr(set, s[n])) &&
	    n + 1 < outlen) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
	return n;
}

/* Twelve hex digits at s, not followed by another one, as a MAC. */
static void
mac_at(const char *s, char mac[MAC_TEXT])
{
	char hex[13];
	int i;

	for (i = 0; i < 12; i++)
		if (!isxdigit((unsigned char)s[i]))
			return;
	if (isxdigit((unsigned char)s[12]))
		return;
	memcpy(hex, s, 12);
	hex[12] = '\0';
	if (mac_normalize(hex, mac) != 0)
		mac[0] = '\0';
}

/* "…Polycom<Family>-<MODEL>-UA/<version>[_<mac>]": the model's '_'
 * become spaces and the SoundPoint/SoundStation "SP"/"SS" go, so that
 * "SPIP_335" is the catalog's IP 335. */
static bool
polycom(const char *ua, struct phone_agent *a)
{
	const char *p = ua, *dash, *end;
	char model[64], *u;
	size_t n;

	while ((p = strstr(p, "Polycom")) != NULL) {
		p += 7;
		if ((dash = strchr(p, '-')) == NULL)
			return false;
		if ((end = strstr(dash + 1, "-UA/")) == NULL) {
			p = dash;
			continue;
		}
		n = (size_t)(end - dash - 1);
		if (n == 0 || n >= sizeof(model))
			return false;
		memcpy(model, dash + 1, n);
		model[n] = '\0';
		for (u = model; *u; u++)
			if (*u == '_')
				*u = ' ';
		if ((strncmp(model, "SPIP", 4) == 0 || strncmp(model, "SSIP",
		    4) == 0))
			memmove(model, model + 2, strlen(model + 2) + 1);
		snprintf(a->manufacturer, sizeof(a->manufacturer), "Polycom");
		snprintf(a->model, sizeof(a->model), "%s", model);
		copy_run(end + 4, ".", a->firmware, sizeof(a->firmware));
		/* sec.tagSerialNo="1": "…-UA/4.1.4.7430_0004f2abcdef" */
		if (end[4 + strlen(a->firmware)] == '_')
			mac_at(end + 5 + strlen(a->firmware), a->mac);
		return true;
	}
	return false;
}

/* "AUDC-IPPhone/2.2.8.61 (440HDG-Rev0; 00908F602AAC)" or
 * "AUDC/3.4.6.604 AUDC-IPPhone-C450HD_UC_3.4.6.604/1". */
static bool
audiocodes(const char *ua, struct phone_agent *a)
{
	const char *p;

	if (strncmp(ua, "AUDC", 4) != 0)
		return false;
	snprintf(a->manufacturer, sizeof(a->manufacturer), "AudioCodes");
	if ((p = strchr(ua, '/')) != NULL) {
		copy_run(p + 1, ".", a->firmware, sizeof(a->firmware));
	}
	if ((p = strchr(ua, '(')) != NULL) {
		copy_run(p + 1, "", a->model, sizeof(a->model));
		if ((p = strchr(p, ';')) != NULL) {
			while (*++p == ' ')
				;
			mac_at(p, a->mac);
		}
	} else if ((p = strstr(ua, "AUDC-IPPhone-")) != NULL) {
		p += 13;
		if (*p == 'C' && isdigit((unsigned char)p[1]))
			p++;
		copy_run(p, "", a->model, sizeof(a->model));
	}
	return true;
}

bool
phone_agent_parse(const char *ua, struct phone_agent *a)
{
	memset(a, 0, sizeof(*a));
	if (ua == NULL || strlen(ua) > 512)
		return false;
	if (polycom(ua, a) || audiocodes(ua, a))
		return true;
	memset(a, 0, sizeof(*a));
	return false;
}

bool
phone_agent_path_mac(const char *path, char mac[MAC_TEXT])
{
	static const char *const suffixes[] = { ".cfg", "-phone.cfg",
	    "-web.cfg", "-app.log", "-boot.log", "-license.cfg",
	    "-directory.xml", "-user.cfg", NULL };
	const char *base = strrchr(path, '/');
	const char *const *s;
	char hex[13];
	int i;

	base = base ? base + 1 : path;
	for (i = 0; i < 12; i++)
		if (!isxdigit((unsigned char)base[i]))
			return false;
	for (s = suffixes; *s; s++)
		if (strcasecmp(base + 12, *s) == 0)
			break;
	if (*s == NULL)
		return false;
	memcpy(hex, base, 12);
	hex[12] = '\0';
	if (strcmp(hex, "000000000000") == 0)
		return false;
	return mac_normalize(hex, mac) == 0;
}
