/* Unit tests of business_hours_check: a time zone of the wrong JSON type
 * is refused by name, never read as the appliance's. */
#include "system/business_hours.h"
#include "test.h"

static const char *
refused(const char *json)
{
	const char *field = NULL, *msg = NULL;
	json_t *in = json_loads(json, 0, NULL), *out;

	out = business_hours_check(in, &field, &msg);
	json_decref(in);
	if (out == NULL)
		return field;
	json_decref(out);
	return "(accepted)";
}

int
main(void)
{
	CHECK_STR(refused("{\"days\":[1,2],\"start\":\"08:00\",\"end\":"
	    "\"18:00\",\"time_zone\":\"Europe/Berlin\"}"), "(accepted)",
	    "good hours");
	CHECK_STR(refused("{\"days\":[1],\"start\":\"08:00\",\"end\":\"18:00\","
	    "\"time_zone\":null}"), "(accepted)", "null is the appliance's zone");
	CHECK_STR(refused("{\"days\":[1],\"start\":\"08:00\",\"end\":\"18:00\","
	    "\"time_zone\":5}"), "time_zone", "a number for the time zone");
	CHECK_STR(refused("{\"days\":[1],\"start\":800,\"end\":\"18:00\"}"),
	    "start", "a number for a time");
	return test_done();
}
