/* Switchboard — reading an uploaded list (CSV, or an .xlsx's first
 * worksheet) for the OpenScape Business imports: stations and the Unify
 * Phone tenant's users. The rows go to the caller's function; what is
 * wrong with the file as a whole comes back as a 413 or 422. */
#ifndef SB_API_UNIFY_LISTS_H
#define SB_API_UNIFY_LISTS_H

#include "../http/api.h"
#include "../lib/csv_list.h"

/* Read r's body as a list of schema, calling on_row per data row. 0 when
 * the whole list was read (the rows' own faults are the caller's), or the
 * error status already set in r: 413 past the route's cap, 400 for a
 * broken upload, 422 (field "file") when the list cannot be read (no
 * header, a missing required column, not CSV). */
int	api_unify_read_list(struct req *r, const struct csv_schema *schema,
	    csv_list_row_fn on_row, void *arg);

#endif
