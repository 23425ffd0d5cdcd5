/* Unit tests of the refusal lists validators return (server/lib/refusal.c). */
#include <string.h>

#include "lib/refusal.h"
#include "test.h"

int
main(void)
{
	struct refusals rs;
	json_t *body, *err, *d;
	const char *v;
	char big[600];
	int i;

	refusals_init(&rs);
	CHECK(rs.n == 0 && strcmp(refusals_message(&rs), "") == 0,
	    "a new list is empty");
	rs.row = 7;
	CHECK_INT(refuse(&rs, "invalid_field", "stations[0].label", "Label %d",
	    64), -1, "refuse returns -1");
	refuse_about(&rs, "licenses", "licenses", "license", "Client Access",
	    "Client Access: 0 of 0 in use, 1 more asked for.");
	CHECK(refusals_name(&rs, "stations[0]") &&
	    refusals_name(&rs, "stations[0].label") &&
	    !refusals_name(&rs, "stations[0].lab") &&
	    !refusals_name(&rs, "stations[1]"), "refusals_name: the field and "
	    "those under it, not a prefix of a word");
	CHECK_STR(refusals_message(&rs), "Label 64", "no summary: the first "
	    "refusal's message");
	refusals_summary(&rs, "licenses", "Some or all licenses could not be "
	    "allocated to each station appearance");
	CHECK_STR(refusals_code(&rs), "licenses", "the summary's code");
	refusals_rename(&rs, "stations[0].", "station_defaults.");
	CHECK_STR(rs.v[0].field, "station_defaults.label", "rename a prefix");
	CHECK_STR(rs.v[1].field, "licenses", "rename leaves others");
	refusals_lead(&rs, "Desk 12: ");
	CHECK_STR(rs.v[0].message, "Desk 12: Label 64", "lead on a message");
	CHECK(strncmp(rs.message, "Desk 12: Some or all", 20) == 0,
	    "lead on the summary");
	err = refusals_error(&rs);
	d = json_array_get(json_object_get(err, "details"), 1);
	CHECK(json_array_size(json_object_get(err, "details")) == 2 &&
	    json_integer_value(json_object_get(d, "row")) == 7 &&
	    strcmp(json_string_value(json_object_get(d, "license")),
	    "Client Access") == 0, "error object: every refusal, its row and "
	    "what it is about");
	json_decref(err);
	refusals_release(&rs);
	CHECK(rs.n == 0 && rs.v == NULL, "released: empty again");

	for (i = 0; i < REFUSALS_MAX + 10; i++)
		refuse(&rs, "invalid_field", "f", "m");
	CHECK_INT(rs.n, REFUSALS_MAX, "a list holds at most REFUSALS_MAX");
	refusals_release(&rs);

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	refuse(&rs, "invalid_field", "f", "%s", big);
	refusals_lead(&rs, "Name: ");
	CHECK(strlen(rs.v[0].message) == sizeof(rs.v[0].message) - 1 &&
	    strncmp(rs.v[0].message, "Name: xxx", 9) == 0, "a lead on a full "
	    "message cuts the end, not the lead");
	refusals_release(&rs);

	body = json_pack("{s:s,s:i,s:s}", "a", "ok", "b", 3, "c", "x\001y");
	CHECK(refusal_string(body, "a", 10, true, false, &v, &rs) == 0 &&
	    strcmp(v, "ok") == 0, "a string within its rules");
	CHECK(refusal_string(body, "b", 10, true, false, &v, &rs) == -1 &&
	    v == NULL, "a number where text is wanted");
	CHECK(refusal_string(body, "c", 10, true, false, &v, &rs) == -1,
	    "a control character");
	CHECK(refusal_string(body, "a", 1, true, false, &v, &rs) == -1,
	    "too long");
	CHECK(refusal_string(body, "d", 10, true, false, &v, &rs) == -1 &&
	    refusal_string(body, "d", 10, false, false, &v, &rs) == 0 &&
	    v == NULL, "absent: refused when required only");
	CHECK(rs.n == 4 && strcmp(rs.v[0].message, "B must be a string.") == 0
	    && strcmp(rs.v[3].message, "D is required.") == 0,
	    "each refusal names its field in words");
	refusals_release(&rs);
	json_decref(body);
	return test_done();
}
