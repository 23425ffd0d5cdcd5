/* Switchboard — appliance settings: business hours. */
#include "../../db/settings_store.h"
#include "../http/api.h"
#include "business_hours.h"
#include "../lib/util.h"

/* GET /api/v1/settings/business-hours: 200 with "now_inside". */
int
api_business_hours_get(struct req *r)
{
	r->out = settings_store_get(r->db, "business_hours");
	if (r->out == NULL)
		r->out = json_pack("{s:[],s:s,s:s,s:s}", "days", "start",
		    "08:00", "end", "18:00", "time_zone", "");
	json_object_set_new(r->out, "now_inside", json_boolean(
	    business_hours_contains(r->out, now_unix())));
	return 200;
}

/* PUT /api/v1/settings/business-hours {"days","start","end","time_zone"}:
 * 200, 422 naming the field. */
int
api_business_hours_put(struct req *r)
{
	const char *field = NULL, *msg = NULL;
	json_t *v = business_hours_check(r->body, &field, &msg), *before;

	if (v == NULL)
		return req_field_error(r, 422, "invalid_field", field, msg);
	/* The router holds the transaction: before is what this changes. */
	before = settings_store_get(r->db, "business_hours");
	if (settings_store_put(r->db, "business_hours", v) != DB_OK) {
		json_decref(before);
		json_decref(v);
		return req_error(r, 500, "internal", "Could not save.");
	}
	req_audit_update(r, "settings.business_hours", "business_hours",
	    before, v);
	json_decref(before);
	json_decref(v);
	return api_business_hours_get(r);
}
