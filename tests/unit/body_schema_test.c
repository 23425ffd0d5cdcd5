/* Unit tests of server/lib/body_schema.c: the types of a body's fields. */
#include "lib/body_schema.h"
#include "test.h"

static const struct body_field ports[] = {
	{ "udp", BODY_INTEGER, BODY_ANY, NULL }, { NULL, 0, 0, NULL }
};
static const struct body_field row[] = {
	{ "label", BODY_STRING, BODY_ANY, NULL },
	{ "keys", BODY_INTEGER, BODY_ANY, NULL }, { NULL, 0, 0, NULL }
};
static const struct body_field fields[] = {
	{ "name", BODY_STRING, BODY_ANY, NULL },
	{ "on", BODY_BOOLEAN, BODY_ANY, NULL },
	{ "rate", BODY_NUMBER, BODY_ANY, NULL },
	{ "ports", BODY_OBJECT, BODY_ANY, ports },
	{ "attrs", BODY_OBJECT, BODY_STRING, NULL },
	{ "free", BODY_OBJECT, BODY_ANY, NULL },
	{ "ids", BODY_ARRAY, BODY_INTEGER, NULL },
	{ "rows", BODY_ARRAY, BODY_OBJECT, row },
	{ NULL, 0, 0, NULL }
};

static const char *
refused(const char *json)
{
	static char field[128];
	char msg[192];
	json_t *b = json_loads(json, 0, NULL);
	int rc = body_schema_check(fields, b, field, sizeof(field), msg,
	    sizeof(msg));

	json_decref(b);
	return rc == 0 ? "(accepted)" : field;
}

int
main(void)
{
	json_t *doc, *p, *want;

	CHECK_STR(refused("{\"name\":\"a\",\"on\":true,\"rate\":1.5,\"ports\":"
	    "{\"udp\":5060},\"attrs\":{\"a\":\"b\"},\"free\":{\"x\":[1]},"
	    "\"ids\":[1,2],\"rows\":[{\"label\":\"L\",\"keys\":2}],"
	    "\"other\":7}"), "(accepted)",
	    "every declared type, and an undeclared field, pass");
	CHECK_STR(refused("{\"name\":null,\"ports\":null,\"rows\":[{\"label\":"
	    "null}]}"), "(accepted)", "null is as if left out");
	CHECK_STR(refused("{\"rate\":5}"), "(accepted)", "an integer is a number");
	CHECK_STR(refused("{\"name\":7}"), "name", "a number for a string");
	CHECK_STR(refused("{\"on\":\"true\"}"), "on", "a string for a boolean");
	CHECK_STR(refused("{\"rate\":\"1\"}"), "rate", "a string for a number");
	CHECK_STR(refused("{\"ports\":\"str\"}"), "ports",
	    "a string for an object (\"sip_ports\":\"str\")");
	CHECK_STR(refused("{\"ports\":{\"udp\":1.5}}"), "ports.udp",
	    "a real for an integer, nested");
	CHECK_STR(refused("{\"attrs\":{\"a\":\"b\",\"c\":1}}"), "attrs.c",
	    "a map's value");
	CHECK_STR(refused("{\"ids\":[1,\"2\"]}"), "ids[1]", "a list's element");
	CHECK_STR(refused("{\"ids\":[null]}"), "ids[0]",
	    "null is no element of a list");
	CHECK_STR(refused("{\"ids\":{}}"), "ids", "an object for a list");
	CHECK_STR(refused("{\"rows\":[{\"label\":\"a\"},{\"keys\":\"2\"}]}"),
	    "rows[1].keys", "a member of a list's object");
	CHECK_STR(refused("{\"rows\":[7]}"), "rows[0]",
	    "a list of objects holds objects");
	doc = body_schema_json(fields);
	p = json_object_get(doc, "properties");
	want = json_pack("{s:s,s:b}", "type", "integer", "nullable", 1);
	CHECK(json_equal(json_object_get(json_object_get(json_object_get(p,
	    "ports"), "properties"), "udp"), want),
	    "the document: an object's members");
	json_decref(want);
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_object_get(p, "attrs"), "additionalProperties"), "type")),
	    "string", "the document: a map's values");
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_object_get(json_object_get(json_object_get(p, "rows"),
	    "items"), "properties"), "keys"), "type")), "integer",
	    "the document: a list's objects");
	CHECK(json_object_get(json_object_get(p, "free"), "properties") ==
	    NULL, "the document: a free object is just an object");
	json_decref(doc);
	return test_done();
}
