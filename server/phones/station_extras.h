/* Switchboard — the extras of a station appearance from the seed's
 * Station Configuration dialog: the Auto Conference PIN (Configuration
 * tab), Call Forwarding (its tab) and Station Options (its tab), read
 * from a request body with refusals that name the field. */
#ifndef SB_STATION_EXTRAS_H
#define SB_STATION_EXTRAS_H

#include <jansson.h>
#include <stdbool.h>

#include "../lib/refusal.h"

#define STATION_PIN_MIN 4
#define STATION_PIN_MAX 10
#define STATION_DEST_MAX 20	/* digits of a forwarding destination */
#define STATION_RINGS_DEFAULT 4

struct station_extras {
	char	 pin[STATION_PIN_MAX + 1];	/* "" for none */
	char	*call_forwarding;	/* JSON text, owned: {"all","busy",
					   "no_answer","no_answer_rings"} */
	char	*station_options;	/* JSON text, owned: {"call_waiting",
					   "do_not_disturb","auto_answer"} */
};

/* Read the extras of appearance s (a body object; members left out take
 * their defaults: no PIN, no forwarding, call waiting on). Refusals name
 * prefix + the field ("stations[0]." + "call_forwarding.busy"). Returns
 * 0, or -1 with refusals in rs; ex is filled either way and released with
 * station_extras_release. Thread-safe. */
int	station_extras_parse(json_t *s, const char *prefix,
	    struct station_extras *ex, struct refusals *rs);

/* Free the owned members of ex. */
void	station_extras_release(struct station_extras *ex);

/* A forwarding destination: an extension or a number, 1 to 20 digits
 * with an optional leading '+'. */
bool	station_extras_destination_ok(const char *v);

#endif
