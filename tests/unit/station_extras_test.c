/* Unit tests of server/phones/station_extras.c: the Auto Conference PIN,
 * Call Forwarding and Station Options of a station appearance. */
#include "phones/station_extras.h"
#include "test.h"

/* Parse the appearance json; the refusal's field (or "") into field. */
static int
parse(const char *json, struct station_extras *ex, char *field, size_t len)
{
	json_t *s = json_loads(json, 0, NULL);
	struct refusals rs;
	int rc;

	refusals_init(&rs);
	rc = station_extras_parse(s, "stations[0].", ex, &rs);
	snprintf(field, len, "%s", rs.n ? rs.v[0].field : "");
	refusals_release(&rs);
	json_decref(s);
	return rc;
}

static json_t *
loads(const char *text)
{
	return json_loads(text, 0, NULL);
}

int
main(void)
{
	struct station_extras ex;
	char field[96];
	json_t *o;

	CHECK(parse("{}", &ex, field, sizeof(field)) == 0 &&
	    strcmp(ex.pin, "") == 0, "nothing given: no PIN");
	o = loads(ex.call_forwarding);
	CHECK_STR(json_string_value(json_object_get(o, "all")), "",
	    "nothing given: no forwarding");
	CHECK_INT(json_integer_value(json_object_get(o, "no_answer_rings")),
	    4, "no answer after 4 rings by default");
	json_decref(o);
	o = loads(ex.station_options);
	CHECK(json_is_true(json_object_get(o, "call_waiting")) &&
	    json_is_false(json_object_get(o, "do_not_disturb")) &&
	    json_is_false(json_object_get(o, "auto_answer")),
	    "station options default to call waiting on, the others off");
	json_decref(o);
	station_extras_release(&ex);

	CHECK(parse("{\"auto_conference_pin\":\"2468\"}", &ex, field,
	    sizeof(field)) == 0 && strcmp(ex.pin, "2468") == 0,
	    "a PIN of four digits");
	station_extras_release(&ex);
	CHECK(parse("{\"auto_conference_pin\":\"12345678901\"}", &ex, field,
	    sizeof(field)) == -1 && strcmp(field,
	    "stations[0].auto_conference_pin") == 0, "eleven digits refused");
	station_extras_release(&ex);
	CHECK(parse("{\"auto_conference_pin\":\"123\"}", &ex, field,
	    sizeof(field)) == -1, "three digits refused");
	station_extras_release(&ex);
	CHECK(parse("{\"auto_conference_pin\":\"12a4\"}", &ex, field,
	    sizeof(field)) == -1, "a letter refused");
	station_extras_release(&ex);

	CHECK(parse("{\"call_forwarding\":{\"busy\":\"7200\",\"no_answer\":"
	    "\"+4989123456\",\"no_answer_rings\":6}}", &ex, field,
	    sizeof(field)) == 0, "an extension and an E.164 number");
	o = loads(ex.call_forwarding);
	CHECK(strcmp(json_string_value(json_object_get(o, "busy")), "7200")
	    == 0 && strcmp(json_string_value(json_object_get(o,
	    "no_answer")), "+4989123456") == 0 && json_integer_value(
	    json_object_get(o, "no_answer_rings")) == 6 && strcmp(
	    json_string_value(json_object_get(o, "all")), "") == 0,
	    "kept as given, the rest filled in");
	json_decref(o);
	station_extras_release(&ex);
	CHECK(parse("{\"call_forwarding\":{\"all\":\"sip:x@y\"}}", &ex,
	    field, sizeof(field)) == -1 && strcmp(field,
	    "stations[0].call_forwarding.all") == 0,
	    "a destination that is no number is refused by name");
	station_extras_release(&ex);
	CHECK(parse("{\"call_forwarding\":{\"busy\":\"+\"}}", &ex, field,
	    sizeof(field)) == -1, "a lone + is refused");
	station_extras_release(&ex);
	CHECK(parse("{\"call_forwarding\":{\"no_answer_rings\":0}}", &ex,
	    field, sizeof(field)) == -1 && strcmp(field,
	    "stations[0].call_forwarding.no_answer_rings") == 0,
	    "0 rings refused");
	station_extras_release(&ex);
	CHECK(parse("{\"call_forwarding\":{\"busy_to\":\"7200\"}}", &ex,
	    field, sizeof(field)) == -1 && strcmp(field,
	    "stations[0].call_forwarding.busy_to") == 0,
	    "an unknown member is refused, not dropped");
	station_extras_release(&ex);
	CHECK(parse("{\"station_options\":{\"do_not_disturb\":true}}", &ex,
	    field, sizeof(field)) == 0, "do not disturb on");
	o = loads(ex.station_options);
	CHECK(json_is_true(json_object_get(o, "do_not_disturb")) &&
	    json_is_true(json_object_get(o, "call_waiting")),
	    "the others keep their defaults");
	json_decref(o);
	station_extras_release(&ex);
	CHECK(parse("{\"station_options\":{\"call_waiting\":\"yes\"}}", &ex,
	    field, sizeof(field)) == -1 && strcmp(field,
	    "stations[0].station_options.call_waiting") == 0,
	    "an option is true or false");
	station_extras_release(&ex);
	CHECK(parse("{\"station_options\":{\"hold_music\":true}}", &ex,
	    field, sizeof(field)) == -1, "an unknown option is refused");
	station_extras_release(&ex);

	CHECK(station_extras_destination_ok("7200") &&
	    station_extras_destination_ok("+4989123456") &&
	    !station_extras_destination_ok("") &&
	    !station_extras_destination_ok("+49 89") &&
	    !station_extras_destination_ok("123456789012345678901"),
	    "destinations: digits with an optional leading +, at most 20");
	return test_done();
}
