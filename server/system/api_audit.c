/* Switchboard — the audit log API. */
#include <string.h>

#include "../../db/audit_store.h"
#include "../http/api.h"
#include "../lib/util.h"

/* GET /api/v1/audit?q=&actor=&action=&outcome=&since=&until=&sort=&order=
 * &limit=&offset=: 200, 400. Newest first by default. */
int
api_audit_list(struct req *r)
{
	struct audit_filter f;
	struct db_list_query lq;
	const char *since = req_query(r, "since"), *until = req_query(r,
	    "until"), *s;
	int status;

	memset(&f, 0, sizeof(f));
	if ((status = req_list_query(r, audit_store_sort_keys, 0, 1, &lq)) != 0)
		return status;
	if ((s = req_query(r, "actor")) && *s)
		f.actor = s;
	if ((s = req_query(r, "action")) && *s)
		f.action = s;
	if ((s = req_query(r, "outcome")) && *s) {
		if (strcmp(s, "success") != 0 && strcmp(s, "failure") != 0)
			return req_field_error(r, 400, "invalid_query",
			    "outcome", "Outcome must be success or failure.");
		f.outcome = s;
	}
	if (since && *since && parse_utc(since, &f.since) != 0)
		return req_field_error(r, 400, "invalid_query", "since",
		    "Use a date like 2026-11-21 or 2026-11-21T08:00Z.");
	if (until && *until && parse_utc(until, &f.until) != 0)
		return req_field_error(r, 400, "invalid_query", "until",
		    "Use a date like 2026-11-21 or 2026-11-21T08:00Z.");
	if ((r->out = audit_store_list(r->db, &f, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}
