/* Unit tests of server/json_utf8.c: which field of a refused body holds
 * text that is not UTF-8. */
#include "lib/json_utf8.h"
#include "test.h"

static const char *
field_of(const char *json)
{
	static char field[128];

	return json_utf8_bad_field(json, strlen(json), field, sizeof(field))
	    == 0 ? field : "(none)";
}

int
main(void)
{
	CHECK_STR(field_of("{\"name\":\"a\xc0\xaf\"}"), "name",
	    "an overlong form");
	CHECK_STR(field_of("{\"a\":\"ok\",\"b\":{\"c\":[\"x\",\"y\xed\xa0\x80\"]}}"),
	    "b.c[1]", "a surrogate deep in the body");
	CHECK_STR(field_of("{\"s\":[{\"label\":\"L\xe2\x82\"}]}"), "s[0].label",
	    "a sequence cut short before the closing quote");
	CHECK_STR(field_of("{\"n\":\"a\\ud800b\"}"), "n",
	    "an escaped lone high surrogate");
	CHECK_STR(field_of("{\"n\":\"a\\udc00\"}"), "n",
	    "an escaped lone low surrogate");
	CHECK_STR(field_of("{\"n\":\"\\u0000\"}"), "n", "an escaped NUL");
	CHECK_STR(field_of("{\"ok\":\"\\ud83d\\ude00 \xc3\xa4\\\"\",\"n\":"
	    "\"\xff\"}"), "n", "pairs, UTF-8 and escaped quotes pass");
	CHECK_STR(field_of("{\"n\":\"fine\"}"), "(none)", "nothing wrong");
	CHECK_STR(field_of("{\"n\":\"a\xc0\xaf\""), "(none)",
	    "not JSON for another reason: no field");
	CHECK_STR(field_of("{\"k\xc0\xaf\":1}"), "(none)", "a key is no field");
	return test_done();
}
