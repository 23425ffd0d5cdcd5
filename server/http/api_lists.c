/* Switchboard — reading an uploaded list (CSV, or an .xlsx's first
 * worksheet) for the imports of stations, tenant users and SIP
 * devices. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>

#include "../lib/util.h"
#include "../lib/xlsx_list.h"

#define CHUNK (64 * 1024)

static int
feed_csv(void *arg, const char *csv, size_t len)
{
	return csv_list_feed(arg, csv, len);
}

int
api_read_list(struct req *r, const struct csv_schema *schema,
    csv_list_row_fn on_row, void *arg, struct refusals *rs)
{
	struct csv_list *l = csv_list_new_for(schema, on_row, arg);
	size_t len = 0, cap = CHUNK;
	char *buf = xmalloc(cap), err[300];
	const char *severe = NULL;
	int n, status = 0;

	/* Lists are small: read whole (within the route's cap), so an
	 * .xlsx, which needs random access, reads the same way. */
	while ((n = r->read_body(r, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (n == -2)
		status = req_error(r, 413, "too_large", "The list is too "
		    "large.");
	else if (n < 0)
		status = req_error(r, 400, "bad_request", "The upload broke "
		    "off.");
	else if (xlsx_list_sniff(buf, len)) {
		err[0] = '\0';
		if (xlsx_list_read(buf, len, feed_csv, l, err, sizeof(err)) !=
		    0)
			severe = err[0] ? err : csv_list_severe(l);
	} else if (csv_list_feed(l, buf, len) != 0)
		severe = csv_list_severe(l);
	if (status == 0 && severe == NULL && csv_list_finish(l) != 0)
		severe = csv_list_severe(l);
	if (status == 0 && severe)
		status = req_field_error(r, 422, "invalid_list", "file",
		    severe);
	csv_list_free(l);
	free(buf);
	if (status == 0 && rs->n) {
		char msg[160];

		snprintf(msg, sizeof(msg), "The %s was not imported: fix the "
		    "rows named and import it again.", schema->what);
		refusals_summary(rs, "invalid_list", msg);
		status = req_refused(r, rs);
	}
	return status;
}
