/* Switchboard — POSIX TZ strings from the system's tzdata. */
#include "tz_rules.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timezone.h"

#define TZIF_MAX (256 * 1024)

/* A zone name: "EST", or "<+0530>". */
static const char *
skip_name(const char *p)
{
	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p ? p + 1 : NULL;
	}
	if (!isalpha((unsigned char)*p))
		return NULL;
	while (isalpha((unsigned char)*p))
		p++;
	return p;
}

/* Up to three decimal digits at p into *v; NULL if there is none. */
static const char *
digits(const char *p, int *v)
{
	int n = 0;

	if (!isdigit((unsigned char)*p))
		return NULL;
	*v = 0;
	while (isdigit((unsigned char)*p) && n++ < 3)
		*v = *v * 10 + (*p++ - '0');
	return p;
}

/* "[+-]hh[:mm[:ss]]" into seconds; POSIX counts west of UTC as positive. */
static const char *
parse_time(const char *p, int *secs)
{
	int sign = 1, h = 0, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = digits(p, &h)) == NULL)
		return NULL;
	if (*p == ':') {
		if ((p = digits(p + 1, &m)) == NULL)
			return NULL;
		if (*p == ':' && (p = digits(p + 1, &s)) == NULL)
			return NULL;
	}
	if (h > 167 || m > 59 || s > 59)
		return NULL;
	*secs = sign * (h * 3600 + m * 60 + s);
	return p;
}

/* ",Mm.w.d[/time]" */
static const char *
parse_change(const char *p, struct tz_change *c)
{
	int t = 7200;

	if (p[0] != ',' || p[1] != 'M')
		return NULL;
	p += 2;
	if ((p = digits(p, &c->month)) == NULL || *p++ != '.' ||
	    (p = digits(p, &c->week)) == NULL || *p++ != '.' ||
	    (p = digits(p, &c->weekday)) == NULL)
		return NULL;
	if (*p == '/' && (p = parse_time(p + 1, &t)) == NULL)
		return NULL;
	if (c->month < 1 || c->month > 12 || c->week < 1 || c->week > 5 ||
	    c->weekday < 0 || c->weekday > 6)
		return NULL;
	c->hour = t / 3600;
	return p;
}

int
tz_rules_parse(const char *posix, struct tz_rules *out)
{
	const char *p = posix;
	int off, dst_off;

	memset(out, 0, sizeof(*out));
	if ((p = skip_name(p)) == NULL || (p = parse_time(p, &off)) == NULL)
		return -1;
	out->utc_offset = -off;
	if (*p == '\0')
		return 0;
	if ((p = skip_name(p)) == NULL)
		return -1;
	dst_off = off - 3600;
	if (*p != ',' && *p && (p = parse_time(p, &dst_off)) == NULL)
		return -1;
	out->dst = true;
	out->dst_offset = -dst_off;
	if ((p = parse_change(p, &out->start)) == NULL ||
	    (p = parse_change(p, &out->end)) == NULL)
		return -1;
	return *p == '\0' ? 0 : -1;
}

int
tz_rules_get(const char *zone, struct tz_rules *out)
{
	char path[300], *buf = NULL, *end, *start;
	struct stat sb;
	ssize_t n;
	int fd, rc = -1;

	if (zone == NULL || zone[0] == '\0' || !timezone_ok(zone))
		return -1;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || sb.st_size < 8 || sb.st_size > TZIF_MAX)
		goto out;
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL || (n = read(fd, buf, (size_t)sb.st_size)) !=
	    sb.st_size || memcmp(buf, "TZif", 4) != 0)
		goto out;
	buf[n] = '\0';
	/* The footer: "\n<POSIX TZ>\n" at the very end. */
	end = buf + n - 1;
	if (*end != '\n')
		goto out;
	*end = '\0';
	for (start = end - 1; start > buf && *start != '\n'; start--)
		;
	if (*start != '\n')
		goto out;
	rc = tz_rules_parse(start + 1, out);
out:
	free(buf);
	close(fd);
	return rc;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The local second (since the epoch, in local reckoning) a change of
 * year y happens at. */
static int64_t
change_local(const struct tz_change *c, int64_t y)
{
	int64_t first = days_from_civil(y, c->month, 1), day;
	int wd = (int)(((first % 7) + 11) % 7);	/* 1970-01-01: Thursday */
	int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int dim = mdays[c->month - 1] + (c->month == 2 && ((y % 4 == 0 &&
	    y % 100 != 0) || y % 400 == 0));
	int d = 1 + (c->weekday - wd + 7) % 7 + (c->week - 1) * 7;

	while (d > dim)
		d -= 7;		/* week 5: the last one */
	day = first + d - 1;
	return day * 86400 + (int64_t)c->hour * 3600;
}

int
tz_offset_at(const struct tz_rules *r, int64_t utc)
{
	int64_t y, start, end;
	int64_t days;

	if (!r->dst)
		return r->utc_offset;
	/* The year of the instant in standard time (close enough at the
	 * turn of a year: no zone changes its clocks on 1 January). */
	days = (utc + r->utc_offset) / 86400;
	y = 1970 + days / 366;
	while (days_from_civil(y + 1, 1, 1) <= days)
		y++;
	start = change_local(&r->start, y) - r->utc_offset;
	end = change_local(&r->end, y) - r->dst_offset;
	if (start < end)
		return utc >= start && utc < end ? r->dst_offset : r->utc_offset;
	return utc >= start || utc < end ? r->dst_offset : r->utc_offset;
}
