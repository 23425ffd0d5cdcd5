/* Unit tests of server/provisioning/option_params.c through the real file
 * writers: for each family, every Option and Advanced Option has a place in
 * the table (a parameter, or the reason none carries it), and changing any
 * option from its default changes each of its parameters in the file the
 * phone gets, which still parses (XML for Polycom, key=value for the
 * others). */
#include <stdlib.h>

#include "lib/polycom_xml.h"
#include "phones/phone_options.h"
#include "provisioning/option_params.h"
#include "provisioning/provision_kv.h"
#include "provisioning/provision_polycom.h"
#include "test.h"

static int
on_attr(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	(void)depth;
	(void)el;
	json_object_set_new(arg, name, json_string(value));
	return 0;
}

/* The parameters of a file, or NULL if it does not parse. */
static json_t *
params(const char *family, const char *text, size_t len)
{
	json_t *o = json_object();
	const char *p = text;
	char err[200];

	if (strcmp(family, "polycom") == 0) {
		if (polycom_xml_read(text, len, on_attr, o, err,
		    sizeof(err)) != 0) {
			json_decref(o);
			return NULL;
		}
		return o;
	}
	while (*p) {
		const char *eol = p + strcspn(p, "\n"), *eq;

		if (*p != ';') {
			eq = memchr(p, '=', (size_t)(eol - p));
			if (eq == NULL || eq == p || json_object_getn(o, p,
			    (size_t)(eq - p))) {
				json_decref(o);	/* no key, or twice */
				return NULL;
			}
			json_object_setn_new(o, p, (size_t)(eq - p),
			    json_stringn(eq + 1, (size_t)(eol - eq - 1)));
		}
		p = *eol ? eol + 1 : eol;
	}
	return o;
}

/* The file family's phone gets, parsed. */
static json_t *
phone_params(const char *family, json_t *opts, json_t *adv)
{
	struct prov_phone pp;
	json_t *phone = json_pack("{s:s,s:s,s:s,s:O,s:O,s:[]}", "family",
	    family, "model", "VVX 410", "name", "Lobby", "options", opts,
	    "advanced_options", adv, "stations");
	json_t *group = json_pack("{s:[]}", "registrations"), *out;
	char *body;
	size_t len;

	memset(&pp, 0, sizeof(pp));
	pp.phone = phone;
	pp.group = group;
	pp.mac12 = "0004f2aabbcc";
	pp.guid = "guid";
	pp.prov_password = "pw";
	pp.station_passwords = json_array();
	pp.shared = json_array();
	pp.external_passwords = json_array();
	pp.server_host = "prov.example.com";
	if (strcmp(family, "polycom") == 0)
		body = polycom_phone_file(&pp, &len);
	else if (strcmp(family, "softphone") == 0)
		body = kv_softphone_file(&pp, "https://prov.example.com/",
		    &len);
	else
		body = kv_phone_file(&pp, "https://prov.example.com/", NULL,
		    &len);
	out = params(family, body, len);
	free(body);
	json_decref(pp.station_passwords);
	json_decref(pp.shared);
	json_decref(pp.external_passwords);
	json_decref(phone);
	json_decref(group);
	return out;
}

/* A valid value other than the schema's default. */
static json_t *
changed(json_t *opt)
{
	const char *type = json_string_value(json_object_get(opt, "type"));
	json_t *def = json_object_get(opt, "default");

	if (strcmp(type, "boolean") == 0)
		return json_boolean(!json_is_true(def));
	if (strcmp(type, "integer") == 0) {
		json_int_t max = json_integer_value(json_object_get(opt, "max"));

		return json_integer(json_integer_value(def) != max ? max :
		    json_integer_value(json_object_get(opt, "min")));
	}
	if (strcmp(type, "choice") == 0) {
		json_t *c = json_object_get(opt, "choices");

		return json_incref(json_equal(json_array_get(c, 0), def) ?
		    json_array_get(c, 1) : json_array_get(c, 0));
	}
	if (strcmp(type, "url") == 0)
		return json_string("https://boot.example.com/phones/");
	if (strcmp(type, "dial") == 0)
		return json_string("5551234");
	if (strcmp(type, "host") == 0)
		return json_string("collector.example.com");
	return json_string("Changed1");
}

/* Does the table give key a parameter (or a reason)? */
static int
placed(json_t *table, const char *key, int *with_param)
{
	json_t *e;
	size_t i;
	int found = 0;

	*with_param = 0;
	json_array_foreach(table, i, e)
		if (strcmp(json_string_value(json_object_get(e, "key")),
		    key) == 0) {
			found = 1;
			if (json_object_get(e, "param"))
				(*with_param)++;
		}
	return found;
}

static void
family_case(const char *family)
{
	json_t *table = option_params_table(family), *base, *opts, *adv, *o;
	char field[64], msg[256], what[300];
	int tab, missing = 0, unchanged = 0, unparsed = 0, checked = 0;
	size_t i;

	opts = phone_options_apply(family, 0, NULL, field, sizeof(field), msg,
	    sizeof(msg));
	adv = phone_options_apply(family, 1, NULL, field, sizeof(field), msg,
	    sizeof(msg));
	base = phone_params(family, opts, adv);
	snprintf(what, sizeof(what), "%s: the file with every default parses",
	    family);
	CHECK(base != NULL, what);
	for (tab = 0; tab < 2; tab++) {
		json_t *schema = phone_options_schema(family, tab);

		json_array_foreach(schema, i, o) {
			const char *key = json_string_value(json_object_get(o,
			    "key"));
			json_t *in, *set, *got, *e;
			int n;
			size_t k;

			if (!placed(table, key, &n)) {
				printf("# %s: %s has no place\n", family, key);
				missing++;
				continue;
			}
			if (n == 0)
				continue;	/* a reason: checked below */
			in = json_deep_copy(tab ? adv : opts);
			json_object_set_new(in, key, changed(o));
			set = phone_options_apply(family, tab, in, field,
			    sizeof(field), msg, sizeof(msg));
			got = set ? phone_params(family, tab ? opts : set,
			    tab ? set : adv) : NULL;
			checked++;
			if (got == NULL) {
				printf("# %s: %s: %s\n", family, key, set ?
				    "the file does not parse" : msg);
				unparsed++;
			}
			json_array_foreach(table, k, e) {
				const char *p = json_string_value(
				    json_object_get(e, "param"));

				if (got == NULL || p == NULL || strcmp(
				    json_string_value(json_object_get(e,
				    "key")), key) != 0)
					continue;
				if (json_equal(json_object_get(base, p),
				    json_object_get(got, p)) ||
				    json_object_get(got, p) == NULL) {
					printf("# %s: %s did not change %s\n",
					    family, key, p);
					unchanged++;
				}
			}
			json_decref(in);
			json_decref(set);
			json_decref(got);
		}
		json_decref(schema);
	}
	snprintf(what, sizeof(what), "%s: every option of both tabs has a "
	    "parameter or a reason", family);
	CHECK(missing == 0, what);
	snprintf(what, sizeof(what), "%s: each of %d options changes each of "
	    "its parameters", family, checked);
	CHECK(checked > 5 && unchanged == 0, what);
	snprintf(what, sizeof(what), "%s: every changed file still parses",
	    family);
	CHECK(unparsed == 0, what);
	json_decref(base);
	json_decref(opts);
	json_decref(adv);
	json_decref(table);
}

int
main(void)
{
	json_t *t;
	size_t i;
	json_t *e;
	int reasons = 0;

	family_case("polycom");
	family_case("iss1");
	family_case("iss2");
	family_case("audiocodes");
	family_case("softphone");

	t = option_params_table("polycom");
	json_array_foreach(t, i, e)
		if (json_object_get(e, "reason"))
			reasons++;
	CHECK(reasons == 6, "Polycom: six options say why no file carries "
	    "them (ring volume, SIP transport choice, emergency information)");
	json_decref(t);
	t = option_params_table("yealink");
	CHECK(json_array_size(t) == 0, "an unknown family has no table");
	json_decref(t);
	return test_done();
}
