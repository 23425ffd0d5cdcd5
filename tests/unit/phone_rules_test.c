/* Unit tests of the managed IP phone rules (server/phones/phone_input.c) against a
 * real database: one test per rule, the seed's words in the test name. */
#include <sodium.h>
#include <stdlib.h>

#include "db.h"
#include "migrate.h"
#include "phones/phone_input.h"
#include "lib/seal.h"
#include "test.h"

static struct db *db;

/* Parse body as a new phone; returns 422 when refused (0 when not) and
 * the first refused field. */
static int
parse(const char *body, char *field, size_t len, json_t **warnings)
{
	struct refusals rs;
	struct phone_in p;
	json_t *w = json_array(), *g = json_array(), *b;
	int rc;

	refusals_init(&rs);
	b = json_loads(body, 0, NULL);
	rc = phone_input_parse(db, b, 0, &p, w, g, 0, &rs);
	snprintf(field, len, "%s", rs.n ? rs.v[0].field : "");
	phone_in_release(&p);
	if (warnings)
		*warnings = w;
	else
		json_decref(w);
	json_decref(g);
	json_decref(b);
	refusals_release(&rs);
	return rc ? 422 : 0;
}

#define REFUSED(body, want, what) do {					\
	char f_[96];							\
	int s_ = parse(body, f_, sizeof(f_), NULL);			\
	CHECK(s_ >= 400 && strcmp(f_, want) == 0, what);		\
	if (!(s_ >= 400 && strcmp(f_, want) == 0))			\
		printf("#   status %d field '%s'\n", s_, f_);		\
} while (0)

/* A body with three bad fields gets three refusals, each naming its field;
 * a rule that needs the model is not judged when the model is unknown. */
static void
all_at_once(void)
{
	struct refusals rs;
	struct phone_in p;
	json_t *w = json_array(), *b;

	refusals_init(&rs);
	b = json_loads("{\"name\":\"\",\"manufacturer\":\"Polycom\","
	    "\"model\":\"VVX 410\",\"time_zone\":\"Mars/Base\","
	    "\"stations\":[{\"extension\":\"12x\"}]}", 0, NULL);
	CHECK(phone_input_parse(db, b, 0, &p, w, NULL, 0, &rs) == -1,
	    "three bad fields: refused");
	CHECK_INT(rs.n, 3, "three bad fields: three refusals");
	CHECK(rs.n == 3 && strcmp(rs.v[0].field, "name") == 0 &&
	    strcmp(rs.v[1].field, "time_zone") == 0 &&
	    strcmp(rs.v[2].field, "stations[0].extension") == 0,
	    "three bad fields: name, time_zone, stations[0].extension");
	phone_in_release(&p);
	json_decref(b);
	refusals_release(&rs);

	b = json_loads("{\"name\":\"A\",\"manufacturer\":\"Polycom\","
	    "\"model\":\"No Such\",\"language\":\"Klingon\","
	    "\"location\":\"Nowhere\"}", 0, NULL);
	CHECK(phone_input_parse(db, b, 0, &p, w, NULL, 0, &rs) == -1 &&
	    rs.n == 2 && strcmp(rs.v[0].field, "model") == 0 &&
	    strcmp(rs.v[1].field, "location") == 0,
	    "unknown model: refused with the location, language not judged");
	phone_in_release(&p);
	json_decref(b);
	refusals_release(&rs);
	json_decref(w);
}

#define P "\"name\":\"T\",\"manufacturer\":\"Polycom\",\"model\":\"VVX 410\""

int
main(void)
{
	char dir[] = "/tmp/sb-rules-XXXXXX", path[128], key[128], err[256];
	char field[96];
	json_t *w;

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	snprintf(key, sizeof(key), "%s/secret.key", dir);
	seal_init(key, err, sizeof(err));
	db = db_open(path, err, sizeof(err));
	migrate_run(db, migrations_builtin, migrations_builtin_count, NULL, err,
	    sizeof(err));
	db_exec(db, "INSERT INTO registration_groups (id, name, kind, "
	    "created_at, updated_at) VALUES (10, 'Ext', 'external', 0, 0), "
	    "(11, 'Two', 'regular', 0, 0); INSERT INTO registrations (group_id, "
	    "position, type, domain, transport) VALUES (10, 1, 'dns_srv', "
	    "'x.example.com', 'UDP'), (11, 1, 'dns_srv', 'x.example.com', "
	    "'UDP'); INSERT INTO registrations (group_id, position, type, "
	    "address, port, transport) VALUES (11, 2, 'manual', '10.0.0.1', "
	    "5060, 'UDP')");

	CHECK(parse("{" P "}", field, sizeof(field), NULL) == 0,
	    "a Polycom VVX 410 with the defaults");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"ININ\",\"model\":"
	    "\"Interaction SIP Station\",\"type\":\"stand-alone\"}", "type",
	    "\"If you are creating a managed IP phone for Interaction SIP "
	    "Station, do not select Stand-alone phone.\"");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"Polycom\",\"model\":"
	    "\"IP601\",\"audio_protocol\":\"SRTP\"}", "audio_protocol",
	    "\"Certain Polycom IP phone models do not support this audio "
	    "protocol option\" (IP601: no SRTP)");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"ININ\",\"model\":"
	    "\"Soft Phone\",\"firmware_version\":\"2.0.4.15.7\"}",
	    "firmware_version", "\"If the selected managed IP phone model does "
	    "not support the selectable firmware feature, this option isn't "
	    "available\"");
	REFUSED("{" P ",\"firmware_version\":\"2.1.4\"}", "firmware_version",
	    "Firmware Version: <Latest> or one of the model's versions");
	REFUSED("{" P ",\"registration_group\":\"Ext\"}", "registration_group",
	    "An External group \"is not available for selection as the main "
	    "Registration Group of a managed IP phone\"");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"AudioCodes\",\"model\":"
	    "\"420HD\",\"registration_group\":\"Two\"}", "registration_group",
	    "\"AudioCodes, and Genesys phones do not support multiple entries "
	    "(registrations) in a registration group\"");
	CHECK(parse("{\"name\":\"T\",\"manufacturer\":\"ININ\",\"model\":"
	    "\"Interaction SIP Station II\",\"registration_group\":\"Two\","
	    "\"firmware_version\":\"2.2.2.77\"}", field, sizeof(field), NULL) ==
	    0, "\"firmware updates with a version of 2.2.2.77 or higher for "
	    "Interaction SIP Station I and II remove the constraint\"");
	REFUSED("{" P ",\"address\":\"00:04:f2:zz:bb:cc\"}", "address",
	    "\"MAC Address in the following format: xx:xx:xx:xx:xx:xx\"");
	CHECK(parse("{" P ",\"address\":\"00:90:8f:12:34:56\"}", field,
	    sizeof(field), &w) == 0 && json_array_size(w) == 1,
	    "\"Polycom addresses start with 00:04:f2\": another prefix is a "
	    "warning, not an error");
	json_decref(w);
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"ININ\",\"model\":"
	    "\"Soft Phone\",\"address\":\"Patty J\"}", "address",
	    "\"Full Computer Name … For example: PattyJ.acme.com or PattyJ\"");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"Polycom\",\"model\":"
	    "\"IP301\",\"language\":\"French, France\"}", "language",
	    "\"The IP301 model does not support any languages other than its "
	    "internal default\"");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"Genesys\",\"model\":"
	    "\"VVX 410\"}", "model", "Genesys has no VVX 410 (model per "
	    "manufacturer)");
	REFUSED("{" P ",\"stations\":[{\"extension\":\"1\",\"identification_"
	    "address\":\"sip:1@h:5060\",\"sharable\":true}],\"model\":\"x\"}",
	    "model", "an unknown model is refused before anything else");
	REFUSED("{\"name\":\"T\",\"manufacturer\":\"ININ\",\"model\":\"Soft "
	    "Phone\",\"stations\":[{\"extension\":\"1\",\"identification_"
	    "address\":\"sip:1@h:5060\",\"sharable\":true}]}",
	    "stations[0].sharable", "\"Only stations on Polycom phones "
	    "support this feature\" (sharable)");
	REFUSED("{" P ",\"stations\":[{\"label\":\"a\\u0001b\"}]}",
	    "stations[0].label", "a label with U+0001 (unparseable XML)");
	REFUSED("{" P ",\"stations\":[{\"label\":\"a\\u007fb\"}]}",
	    "stations[0].label", "a label with U+007F");
	REFUSED("{" P ",\"stations\":[{\"sip_password\":\"abcdefghijk\\nlm\"}]}",
	    "stations[0].sip_password", "a SIP password with a line break");
	CHECK(parse("{" P ",\"stations\":[{\"label\":\"a\\tb\"}]}", field,
	    sizeof(field), NULL) == 0, "a tab is text");
	CHECK(phone_input_row_form_ok("A", "", "1", "L\x01", "") == false &&
	    phone_input_row_form_ok("A", "", "1", "L\t", "") == true,
	    "the Assistant's quick check of a row asks the same rule");
	REFUSED("{" P ",\"stations\":[{\"extension\":\"12a\","
	    "\"identification_address\":\"sip:1@h:5060\"}]}",
	    "stations[0].extension", "an extension is digits");
	CHECK(parse("{" P ",\"stations\":[{\"extension\":\"7101\"}]}", field,
	    sizeof(field), NULL) == 0, "Identification Address: \"If you do "
	    "not know the IP address, leave this value blank.\"");
	REFUSED("{" P ",\"stations\":[{\"extension\":\"1\","
	    "\"identification_address\":\"1@h\"}]}",
	    "stations[0].identification_address",
	    "identification address is sip:user@host:port");
	REFUSED("{" P ",\"stations\":[{\"extension\":\"1\","
	    "\"identification_address\":\"sip:1@h:5060\",\"licenses\":"
	    "[\"Gold\"]}]}", "stations[0].licenses", "licenses come from the "
	    "pools (Basic Station, Client Access, ACD Access, add-ons)");
	REFUSED("{" P ",\"stations\":[{\"extension\":\"1\","
	    "\"identification_address\":\"sip:1@h:5060\",\"licenses\":"
	    "[\"Basic Station\",\"Client Access\"]}]}", "licenses",
	    "\"Some or all licenses could not be allocated to each station "
	    "appearance\" (Client Access pool of 0)");
	REFUSED("{" P ",\"custom_attributes\":{\"config_files\":\"a/b.cfg\"}}",
	    "custom_attributes.config_files", "config_files lists file names "
	    "in the custom directory, no paths");
	REFUSED("{" P ",\"options\":{\"ring_volume\":10}}",
	    "options.ring_volume", "Ring Volume (0-9)");
	REFUSED("{" P ",\"external_registrations\":[{\"label\":\"x\","
	    "\"identification_address\":\"x\",\"registration_group\":\"Two\"}]}",
	    "external_registrations[0].registration_group", "\"you can only use "
	    "the external registration group for external registrations\"");
	all_at_once();
	db_close(db);
	seal_shutdown();
	return test_done();
}
