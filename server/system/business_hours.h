/* Switchboard — business hours: the weekdays and times when phones are in
 * use, so estate-wide work (the Assistant, reboots) asks first. */
#ifndef SB_BUSINESS_HOURS_H
#define SB_BUSINESS_HOURS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Check {"days":[0-6, 0 = Sunday],"start":"HH:MM","end":"HH:MM",
 * "time_zone":""|IANA} and return a normalised copy (new reference), or
 * NULL with the field and message. */
json_t	*business_hours_check(json_t *in, const char **field,
	    const char **msg);

/* Is the moment t inside these hours (in their time zone)? */
bool	 business_hours_contains(json_t *hours, int64_t t);

#endif
