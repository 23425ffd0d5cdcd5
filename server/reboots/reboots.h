/* Switchboard — the rules of pushed reboots, apart from any thread or
 * socket: where a phone's NOTIFY goes and in what form, and when a
 * location's after-hours window lets it go. */
#ifndef SB_REBOOTS_H
#define SB_REBOOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../db/reboot_store.h"
#include "sip_notifier.h"

#define REBOOT_RATE_DEFAULT		10	/* NOTIFYs per second */
#define REBOOT_RATE_MAX			100000	/* in effect unpaced */
#define REBOOT_CONCURRENT_DEFAULT	50	/* phones rebooting at once */
#define REBOOT_CONCURRENT_MAX		SIP_NOTIFIER_MAX_TX
/* A phone counts as rebooting from its 2xx until it fetches its
 * configuration, or for this long at most. */
#define REBOOT_WINDOW_MS		(5 * 60 * 1000)


/* When a phone of a location with time zone tz (IANA, "" for the
 * appliance's) and window start-end ("HH:MM", may cross midnight) may be
 * rebooted: now if now is inside the window, else the window's next
 * start. */
int64_t	reboots_window_next(const char *tz, const char *start,
	    const char *end, int64_t now);

/* The Event header for a phone of this manufacturer. */
const char *reboots_event(const char *manufacturer);

/* The digest realm a maker's phone challenges a NOTIFY with ("" when none
 * is known: such a challenge is not answered). */
const char *reboots_realm(const char *manufacturer);

/* Fill t's transport, host, port, user and event from what is known of
 * the phone (not the credentials). 0, or -1 with the reason in why. */
int	reboots_target(const struct reboot_contact *c, struct sip_target *t,
	    char *why, size_t len);

/* How far a reboot of the n phones ids would reach, before the admin
 * agrees: {"total", "reachable", "unreachable": [{"reason", "phones"}]},
 * each reason once with its count. New reference. */
json_t	*reboots_reach(struct db *db, const int64_t *ids, size_t n);

#endif
