/* Switchboard — License Allocation (seed: "correct the information in the
 * Interaction Administrator License Allocation container"): the station
 * appearances waiting for a license, and giving them out. */
#include <stdlib.h>

#include "../http/api.h"
#include "../lib/id_list.h"
#include "../lib/refusal.h"
#include "../system/req.h"
#include "../../db/phone_store.h"
#include "license_allocation.h"

#define ALLOCATE_MAX 10000	/* stations named in one request */

static const char *const allocation_sort_keys[] = { "phone", NULL };

/* GET /api/v1/station-licenses/allocation?q=&limit=&offset=: 200, 400 —
 * every appearance waiting for a license, one row per license. */
int
api_license_allocation_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	if ((status = req_list_query(r, allocation_sort_keys, 0, 0, &lq)) != 0)
		return status;
	r->out = phone_store_missing_licenses(r->db, 0, &lq);
	return r->out ? 200 : req_error(r, 500, "internal", "Database error.");
}

/* POST /api/v1/station-licenses/allocation {"stations":[ids]} (left out:
 * every waiting appearance): 200 {"allocated": stations}, 422 naming each
 * pool that cannot hold what is asked (nothing changes then). */
int
api_license_allocation_apply(struct req *r)
{
	json_t *given = json_object_get(r->body, "stations");
	struct refusals rs;
	int64_t *ids = NULL, n_done;
	char *text = NULL;
	size_t n = 0;
	long bad;
	int status;

	if (given && !json_is_null(given)) {
		if (id_list_read(given, ALLOCATE_MAX, &ids, &n, &bad) != 0)
			return req_field_error(r, 422, "invalid_field",
			    "stations", "Stations are a list of 1 to 10000 "
			    "station appearance ids.");
		text = db_ids_text(ids, n);
		free(ids);
	}
	refusals_init(&rs);
	if (db_begin(r->db) != 0) {
		status = req_error(r, 500, "internal", "Database busy.");
		goto out;
	}
	if ((n_done = license_allocation_apply(r->db, text, &rs)) < 0) {
		db_rollback(r->db);
		status = rs.n ? req_refused(r, &rs) : req_error(r, 500,
		    "internal", "Database error.");
		goto out;
	}
	req_audit(r, "license.allocate", "stations", true, json_pack("{s:I,s:I}",
	    "stations", (json_int_t)n_done, "asked", (json_int_t)n));
	if (db_commit(r->db) != 0) {
		status = req_error(r, 500, "internal", "Database error.");
		goto out;
	}
	r->out = json_pack("{s:I}", "allocated", (json_int_t)n_done);
	status = 200;
out:
	refusals_release(&rs);
	free(text);
	return status;
}
