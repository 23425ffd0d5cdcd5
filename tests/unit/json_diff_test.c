/* Unit tests of server/lib/json_diff.c: what an update changed, flattened
 * to paths with old and new values, and never a secret. */
#include <stdlib.h>

#include "lib/json_diff.h"
#include "test.h"

/* The diff of two JSON texts as compact JSON text (sorted keys), for
 * comparing with what the test expects. */
static char *
diff_of(const char *before, const char *after, const char *const *ignore)
{
	json_t *a = json_loads(before, 0, NULL), *b = json_loads(after, 0,
	    NULL), *d = json_diff(a, b, ignore);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(a);
	json_decref(b);
	json_decref(d);
	return text;
}

static void
check_diff(const char *before, const char *after, const char *const *ignore,
    const char *want, const char *what)
{
	char *got = diff_of(before, after, ignore);

	CHECK_STR(got, want, what);
	if (strcmp(got, want) != 0)
		printf("# got  %s\n# want %s\n", got, want);
	free(got);
}

int
main(void)
{
	static const char *const ignore[] = { "updated_at", NULL };

	check_diff("{\"name\":\"Desk 1\",\"active\":true}",
	    "{\"name\":\"Desk 1\",\"active\":true}", NULL, "{}",
	    "equal records: nothing");
	check_diff("{\"name\":\"Desk 1\",\"active\":true,\"n\":3}",
	    "{\"name\":\"Desk 2\",\"active\":false,\"n\":3}", NULL,
	    "{\"active\":[true,false],\"name\":[\"Desk 1\",\"Desk 2\"]}",
	    "changed scalars with old and new, unchanged ones left out");
	check_diff("{\"a\":1}", "{\"b\":2}", NULL,
	    "{\"a\":[1,null],\"b\":[null,2]}",
	    "a member one side lacks is null there");
	check_diff("{\"stations\":[{\"label\":\"Lobby\",\"extension\":\"7001\"}]}",
	    "{\"stations\":[{\"label\":\"Front desk\",\"extension\":\"7001\"}]}",
	    NULL, "{\"stations[0].label\":[\"Lobby\",\"Front desk\"]}",
	    "arrays of objects are walked element by element");
	check_diff("{\"stations\":[{\"label\":\"A\"}]}",
	    "{\"stations\":[{\"label\":\"A\"},{\"label\":\"B\"}]}", NULL,
	    "{\"stations[1].label\":[null,\"B\"]}", "an element added");
	check_diff("{\"location\":{\"name\":\"HQ\",\"sntp\":{\"server\":\"a\"}}}",
	    "{\"location\":{\"name\":\"HQ\",\"sntp\":{\"server\":\"b\"}}}",
	    NULL, "{\"location.sntp.server\":[\"a\",\"b\"]}",
	    "nested objects are flattened");
	check_diff("{\"licenses\":[\"Basic Station\"]}",
	    "{\"licenses\":[\"Basic Station\",\"ACD Access\"]}", NULL,
	    "{\"licenses\":[[\"Basic Station\"],[\"Basic Station\","
	    "\"ACD Access\"]]}", "an array of names is one value");
	check_diff("{\"options\":{}}", "{\"options\":{\"x\":1}}", NULL,
	    "{\"options.x\":[null,1]}", "a member added to an object");
	check_diff("{\"name\":\"a\",\"updated_at\":1}",
	    "{\"name\":\"a\",\"updated_at\":2}", ignore, "{}",
	    "ignored members are not compared");
	check_diff("{\"s\":[{\"updated_at\":1,\"a\":1}]}",
	    "{\"s\":[{\"updated_at\":2,\"a\":2}]}", ignore,
	    "{\"s[0].a\":[1,2]}", "ignored members are skipped at any depth");
	check_diff("{\"name\":\"a\",\"sip_password\":\"old secret\","
	    "\"stations\":[{\"label\":\"L\",\"SIP_Password\":\"s1\"}],"
	    "\"password_hash\":\"$argon2id$1\",\"token\":\"sbt_1\","
	    "\"options\":{\"reg.1.auth.password\":\"p1\"}}",
	    "{\"name\":\"b\",\"sip_password\":\"new secret\","
	    "\"stations\":[{\"label\":\"L\",\"SIP_Password\":\"s2\"}],"
	    "\"password_hash\":\"$argon2id$2\",\"token\":\"sbt_2\","
	    "\"options\":{\"reg.1.auth.password\":\"p2\"}}", NULL,
	    "{\"name\":[\"a\",\"b\"]}",
	    "secrets are left out at every depth, in any letter case");
	check_diff("{\"extra\":null}",
	    "{\"extra\":{\"user\":\"u\",\"prov_password\":\"pw\"}}", NULL,
	    "{\"extra.user\":[null,\"u\"]}",
	    "an object that appears is walked, its secrets left out");
	check_diff("{\"v\":1}", "{\"v\":[{\"a\":1,\"api_key\":\"k\"},2]}", NULL,
	    "{\"v\":[1,[{\"a\":1},2]]}",
	    "a value noted whole loses its secrets too");
	check_diff(NULL, "{\"name\":\"new\"}", NULL, "{\"name\":[null,\"new\"]}",
	    "no record before: every field is new");
	CHECK(json_diff_is_secret("auth_password") &&
	    json_diff_is_secret("Token") && json_diff_is_secret("jwt") &&
	    !json_diff_is_secret("label") && !json_diff_is_secret("name"),
	    "secret names");
	return test_done();
}
