/* Switchboard — IANA time zone names. */
#include "timezone.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define ZONEINFO "/usr/share/zoneinfo/"

bool
timezone_ok(const char *tz)
{
	char path[128];
	struct stat sb;
	const char *p;

	if (*tz == '\0')
		return true;
	if (strlen(tz) > 60 || tz[0] == '/' || strstr(tz, ".."))
		return false;
	for (p = tz; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
			return false;
	snprintf(path, sizeof(path), ZONEINFO "%s", tz);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}
