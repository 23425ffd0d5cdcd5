/* Unit tests of server/sip_devices: the shape and uniqueness of generated
 * SIP credentials over 100,000 draws, and the device, region, data
 * handler and settings rules. */
#include <sodium.h>
#include <stdlib.h>

#include "sip_devices/sip_credentials.h"
#include "sip_devices/sip_device_rules.h"
#include "test.h"

#define DRAWS 100000

static int
cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static size_t
duplicates(char *v, size_t n, size_t width)
{
	size_t i, d = 0;

	qsort(v, n, width, cmp);
	for (i = 1; i < n; i++)
		if (strcmp(v + (i - 1) * width, v + i * width) == 0)
			d++;
	return d;
}

static void
credentials(void)
{
	static char names[DRAWS][SIP_NAME_MAX + 1];
	static char passwords[DRAWS][SIP_PASSWORD_LEN + 1];
	size_t i, bad_name = 0, bad_pw = 0, prefix_kept = 0;
	int seen[256] = { 0 }, kinds = 0;

	for (i = 0; i < DRAWS; i++) {
		sip_credential_name("acme-", names[i], sizeof(names[i]));
		sip_credential_password(passwords[i], sizeof(passwords[i]));
		if (!sip_name_ok(names[i]) || strlen(names[i]) != 5 + 14 ||
		    strspn(names[i] + 5, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-") != 14 || names[i][9] != '-' ||
		    names[i][14] != '-')
			bad_name++;
		prefix_kept += strncmp(names[i], "acme-", 5) == 0;
		if (!sip_password_ok(passwords[i]) ||
		    strlen(passwords[i]) != SIP_PASSWORD_LEN)
			bad_pw++;
		for (const char *p = passwords[i]; *p; p++)
			seen[(unsigned char)*p]++;
	}
	CHECK_INT(bad_name, 0, "100,000 SIP names: letters, digits and '-', "
	    "prefix then three groups of four");
	CHECK_INT(prefix_kept, DRAWS, "every name starts with the prefix");
	CHECK_INT(bad_pw, 0, "100,000 passwords: 24 letters and digits");
	for (i = 0; i < 256; i++)
		kinds += seen[i] > 0;
	CHECK_INT(kinds, 62, "passwords draw on all 62 letters and digits");
	CHECK_INT(duplicates(&names[0][0], DRAWS, sizeof(names[0])), 0,
	    "100,000 SIP names are all different");
	CHECK_INT(duplicates(&passwords[0][0], DRAWS, sizeof(passwords[0])), 0,
	    "100,000 passwords are all different");

	CHECK(sip_prefix_ok("") && sip_prefix_ok("acme-") &&
	    sip_prefix_ok("Site42"), "prefixes: empty, with '-', mixed case");
	CHECK(!sip_prefix_ok("-x") && !sip_prefix_ok("a b") &&
	    !sip_prefix_ok("a_b") && !sip_prefix_ok("abcdefghijklmnopq"),
	    "prefixes refused: leading '-', space, '_', 17 characters");
	CHECK(!sip_password_ok("abc123") && !sip_password_ok(
	    "abcdefghijklmnopqrs-t"), "a short password or one with '-' is "
	    "refused");
	sip_credential_name("", names[0], sizeof(names[0]));
	CHECK(sip_name_ok(names[0]) && strlen(names[0]) == 14, "no prefix: "
	    "the random part alone");
}

static json_t *
parse(const char *text, json_t *stored, struct refusals *rs)
{
	json_t *body = json_loads(text, 0, NULL), *d;

	refusals_release(rs);
	d = sip_device_parse(body, stored, rs);
	json_decref(body);
	return d;
}

static void
devices(void)
{
	struct refusals rs;
	json_t *d, *unmet, *row;
	const char *values[15];
	size_t i;

	refusals_init(&rs);
	d = parse("{\"user_name\":\"Ann Berg\",\"extension\":\"2101\","
	    "\"did\":\"+49 89 722-1234\",\"manufacturer\":\"Acme\",\"model\":"
	    "\"TTY 2\",\"purpose\":\"Accessibility device\",\"region\":\"EU\"}",
	    NULL, &rs);
	CHECK(d != NULL && rs.n == 0, "a device with user, numbers, make, "
	    "model, purpose and region");
	CHECK_STR(json_string_value(json_object_get(d, "did")), "+49897221234",
	    "the DID is kept in E.164 without spaces");
	unmet = sip_device_unmet(d);
	CHECK_INT(json_array_size(unmet), SIP_REQUIREMENTS, "requirements "
	    "not confirmed are not met: flagged");
	json_decref(unmet);
	json_decref(d);

	d = parse("{\"user_name\":\"A\",\"extension\":\"2101\",\"manufacturer\":"
	    "\"M\",\"model\":\"X\",\"region\":\"EU\",\"requirements\":{"
	    "\"supported\":true,\"tls\":true,\"border_proxy_fqdn\":true,"
	    "\"naptr\":false,\"sip_name_dash\":true,"
	    "\"alphanumeric_password\":true}}", NULL, &rs);
	unmet = sip_device_unmet(d);
	CHECK(json_array_size(unmet) == 1 && strcmp(json_string_value(
	    json_array_get(unmet, 0)), "naptr") == 0, "a device without NAPTR "
	    "fails that one requirement");
	json_decref(unmet);

	row = parse("{\"requirements\":{\"naptr\":true}}", d, &rs);
	unmet = sip_device_unmet(row);
	CHECK(row && json_array_size(unmet) == 0, "a change keeps what it does "
	    "not name and sets what it does");
	json_decref(unmet);
	json_decref(row);
	json_decref(d);

	CHECK(parse("{\"extension\":\"21a\",\"did\":\"0897221234\","
	    "\"user_email\":\"x\",\"replace_by\":\"2027-02-30\"}", NULL, &rs) ==
	    NULL, "a bad device is refused");
	CHECK(refusals_name(&rs, "extension") && refusals_name(&rs, "did") &&
	    refusals_name(&rs, "user_email") && refusals_name(&rs,
	    "replace_by") && refusals_name(&rs, "user_name") &&
	    refusals_name(&rs, "manufacturer") && refusals_name(&rs, "model") &&
	    refusals_name(&rs, "region"), "each wrong or missing field is "
	    "named");
	CHECK(parse("{\"requirements\":{\"tls\":\"yes\"}}", NULL, &rs) == NULL &&
	    refusals_name(&rs, "requirements.tls"), "a requirement answered "
	    "with text is refused by name");

	/* A list row: yes/no cells, columns named as the list names them. */
	for (i = 0; i < 15; i++)
		values[i] = "";
	values[0] = "Ann Berg";
	values[2] = "2101";
	values[4] = "Acme";
	values[5] = "TTY";
	values[7] = "EU";
	values[9] = "yes";
	values[10] = "maybe";
	refusals_release(&rs);
	row = sip_device_row(values, 0, &rs);
	d = sip_device_parse(row, NULL, &rs);
	CHECK(d == NULL && refusals_name(&rs, "requirements.tls"), "a list's "
	    "'maybe' for TLS is refused");
	CHECK_STR(sip_device_column("requirements.tls"), "TLS 1.2 or later",
	    "the refusal names the list's column");
	json_decref(row);
	refusals_release(&rs);
}

static void
regions_handlers_settings(void)
{
	struct refusals rs;
	json_t *b, *v;

	refusals_init(&rs);
	b = json_pack("{s:s,s:s}", "name", "EU", "border_proxy", "10.0.0.1");
	CHECK(sip_region_parse(b, &rs) == NULL && refusals_name(&rs,
	    "border_proxy"), "a border proxy given as an address is refused");
	json_decref(b);
	refusals_release(&rs);
	b = json_pack("{s:s,s:s}", "name", "EU", "border_proxy",
	    "sip-eu.provider.example");
	v = sip_region_parse(b, &rs);
	CHECK(v != NULL, "a border proxy FQDN is taken");
	json_decref(v);
	json_decref(b);

	b = json_pack("{s:s,s:s}", "name", "Dana Cole", "email",
	    "dana@example.com");
	CHECK(sip_handler_parse(b, &rs) == NULL && refusals_name(&rs, "phone"),
	    "a data handler needs a phone number: passwords go by phone or "
	    "text");
	json_decref(b);
	refusals_release(&rs);

	b = json_pack("{s:s,s:i}", "sip_name_prefix", "-bad", "export_hours",
	    0);
	CHECK(sip_settings_parse(b, NULL, &rs) == NULL && refusals_name(&rs,
	    "sip_name_prefix") && refusals_name(&rs, "export_hours"),
	    "a bad prefix and a lifetime of 0 hours are refused");
	json_decref(b);
	refusals_release(&rs);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	credentials();
	devices();
	regions_handlers_settings();
	return test_done();
}
