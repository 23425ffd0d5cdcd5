/* Switchboard — IANA time zone names, checked against the system's tzdata. */
#ifndef SB_TIMEZONE_H
#define SB_TIMEZONE_H

#include <stdbool.h>

/* "" (system default) or a zone such as Europe/Berlin that exists in
 * /usr/share/zoneinfo. */
bool	timezone_ok(const char *tz);

#endif
