/* Switchboard — a time zone's current rules as phones want them: the
 * standard offset from UTC and the daylight saving start and end as "the
 * Nth (or last) weekday of a month at an hour". Read from the POSIX TZ
 * string at the end of the system's TZif file (/usr/share/zoneinfo). */
#ifndef SB_TZ_RULES_H
#define SB_TZ_RULES_H

#include <stdbool.h>
#include <stdint.h>

struct tz_change {
	int	month;		/* 1-12 */
	int	week;		/* 1-4, 5 = last */
	int	weekday;	/* 0 = Sunday */
	int	hour;		/* local time, whole hours */
};

struct tz_rules {
	int			utc_offset;	/* seconds east of UTC, standard time */
	bool			dst;
	int			dst_offset;	/* seconds east of UTC in summer */
	struct tz_change	start, end;
};

/* Rules of zone (an IANA name such as "Europe/Berlin"). 0, or -1 if the
 * zone is unknown or its rules cannot be read. */
int	tz_rules_get(const char *zone, struct tz_rules *out);

/* Seconds east of UTC in force at the instant utc under rules r. */
int	tz_offset_at(const struct tz_rules *r, int64_t utc);

/* Parse a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0"). 0 or -1. */
int	tz_rules_parse(const char *posix, struct tz_rules *out);

#endif
