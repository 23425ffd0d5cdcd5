/* Switchboard — the fields of every JSON request body the API takes, by
 * route: the router checks their types before the handler runs, and the
 * OpenAPI document publishes them. */
#ifndef SB_API_BODIES_H
#define SB_API_BODIES_H

#include "../lib/body_schema.h"

/* The fields of the body of method on pattern (as in the route table),
 * or NULL when that route takes no JSON body. Static data. */
const struct body_field *api_bodies_find(const char *method,
		    const char *pattern);

#endif
