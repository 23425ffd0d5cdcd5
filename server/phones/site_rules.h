/* Switchboard — the rules of locations, SIP lines and managed proxies:
 * a request body in, a row or refusals out (seed 001, "Locations",
 * "Lines", "Managed Proxies"). */
#ifndef SB_SITE_RULES_H
#define SB_SITE_RULES_H

#include <jansson.h>

#include "../../db/site_store.h"
#include "../lib/refusal.h"

#define SITE_NAME_MAX 64

/* Each fills its row from body (strings borrowed from body) and returns
 * 0, or -1 with a refusal in rs for each field that breaks a rule.
 * permanent_name: the stored name of a permanent row, which the body may
 * repeat but not change; NULL for any other row, whose name is required
 * and may not be in angle brackets (those mark the defaults). */

/* A location; *codecs is the codec preference as JSON text (caller
 * frees; NULL when refused). */
int	site_rules_location(json_t *body, const char *permanent_name,
	    struct location_row *l, char **codecs, struct refusals *rs);

int	site_rules_line(json_t *body, const char *permanent_name,
	    struct line_row *l, struct refusals *rs);

/* A managed proxy: its location must exist in db. */
int	site_rules_proxy(struct db *db, json_t *body,
	    const char *permanent_name, struct proxy_row *p,
	    struct refusals *rs);

#endif
