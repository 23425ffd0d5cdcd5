/* Switchboard — the rules of OpenScape Business stations (the subscribers
 * the Unify Phone wizards work with) and of the lists they and the Unify
 * Phone tenant's users are imported from. Plain data in, refusals out:
 * that a callno or DID is taken elsewhere is the caller's to find. */
#ifndef SB_UNIFY_STATION_RULES_H
#define SB_UNIFY_STATION_RULES_H

#include <jansson.h>

#include "../lib/csv_list.h"
#include "../lib/refusal.h"

/* The columns of a station list and of a tenant user list (camelCase, as
 * the Unify Phone admin portal's CSV has them: seed 003, 2.4). */
extern const struct csv_schema unify_station_list;
extern const struct csv_schema unify_tenant_list;

/* A station from body over stored (NULL when new): {"callno","name",
 * "type","did","directory_entry","clip_lin"}. New reference, or NULL with
 * refusals in rs (fields named as the API names them). */
json_t	*unify_station_rules_parse(json_t *body, json_t *stored,
	    struct refusals *rs);

/* A row of a station list as the body unify_station_rules_parse takes.
 * New reference. */
json_t	*unify_station_row(const char **values);

/* The list column of a station field ("callno" -> "Callno"). */
const char *unify_station_column(const char *field);

/* A row of a tenant user list: {"email","first_name","last_name"}, or
 * NULL with refusals (field = the column) added to rs, which may hold
 * other rows' already. */
json_t	*unify_tenant_row(const char **values, unsigned not_text,
	    struct refusals *rs);

#endif
