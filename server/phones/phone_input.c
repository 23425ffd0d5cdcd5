/* Switchboard — reading a managed IP phone from a request body. */
#include "phone_input.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "../lib/netaddr.h"
#include "../../db/template_store.h"
#include "phone_options.h"
#include "reg_rules.h"
#include "../lib/seal.h"
#include "../lib/text_rules.h"
#include "../lib/timezone.h"
#include "../lib/util.h"

#define EXTERNAL_SECRET_CONTEXT "external_registration.password"
#define ATTR_MAX 32

static int
field_error(struct req *r, const char *field, const char *msg)
{
	return req_field_error(r, 422, "invalid_field", field, msg);
}

/* v (NULL: not given) by the text rules: 0, or the 422 naming field. */
static int
plain_field(struct req *r, const char *field, const char *v)
{
	if (v == NULL || text_rules_plain(v))
		return 0;
	return field_error(r, field, "This text " TEXT_RULES_CONTROL_MSG
	    " (U+0000 to U+001F but tab, and U+007F).");
}

static int
copy_string(struct req *r, const char *name, char *out, size_t cap,
    bool required, const char *def)
{
	const char *v;

	if (req_body_string(r, name, cap - 1, required, false, &v) != 0)
		return 422;
	snprintf(out, cap, "%s", v ? v : def);
	return 0;
}

void
phone_input_new_password(char out[25])
{
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyz"
	    "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	int i;

	unsigned char buf[64];
	size_t n = sizeof(alphabet) - 1, limit = 256 - 256 % n, j = sizeof(buf);

	/* 24 characters from 57: about 140 bits. One getrandom() call for
	 * most passwords: bytes at or above limit are dropped, so every
	 * character is equally likely. */
	for (i = 0; i < 24; ) {
		if (j == sizeof(buf)) {
			randombytes_buf(buf, sizeof(buf));
			j = 0;
		}
		if (buf[j] < limit)
			out[i++] = alphabet[buf[j] % n];
		j++;
	}
	sodium_memzero(buf, sizeof(buf));
	out[24] = '\0';
}

char *
phone_input_new_sealed_password(const char *context)
{
	char pw[25], *sealed;

	phone_input_new_password(pw);
	sealed = seal_box(context, pw, strlen(pw));
	sodium_memzero(pw, sizeof(pw));
	return sealed;
}

static bool
in_list(const char *list, char sep, const char *item)
{
	size_t n = strlen(item);
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, item, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

static int
general(struct req *r, int64_t id, struct phone_in *p, json_t *warnings,
    bool tpl)
{
	const char *man, *model, *group, *location, *addr;
	char key[CATALOG_KEY_MAX], kind[16], msg[512];
	json_t *active = json_object_get(r->body, "active");
	struct reg_error e;
	int nregs = 0;

	if (copy_string(r, "name", p->name, sizeof(p->name), true, ""))
		return 422;
	if (tpl ? (template_store_by_name(r->db, p->name) != 0 &&
	    template_store_by_name(r->db, p->name) != id) :
	    phone_store_name_taken(r->db, p->name, id))
		return req_field_error(r, 422, "duplicate", "name", tpl ?
		    "Another template has this name." : "Another managed IP "
		    "phone has this name; names are unique.");
	if (active && !json_is_boolean(active))
		return field_error(r, "active", "Active must be true or false.");
	p->active = active ? json_is_true(active) : true;
	if (copy_string(r, "type", p->type, sizeof(p->type), false,
	    "workstation"))
		return 422;
	if (strcmp(p->type, "workstation") && strcmp(p->type, "stand-alone"))
		return field_error(r, "type", "Type is Workstation or Stand-alone "
		    "Phone (workstation / stand-alone).");
	if (req_body_string(r, "manufacturer", 32, true, false, &man) ||
	    req_body_string(r, "model", 64, true, false, &model))
		return 422;
	if (catalog_match_key(model, key) != 0 || catalog_store_find_model(
	    r->db, man, key, &p->model) != DB_OK) {
		snprintf(msg, sizeof(msg), "'%.40s' is not a %.32s model in the "
		    "phone catalog.", model, man);
		return field_error(r, "model", msg);
	}
	if (strcmp(p->type, "stand-alone") == 0 && !p->model.standalone_allowed)
		return field_error(r, "type", "\"If you are creating a managed "
		    "IP phone for Interaction SIP Station, do not select "
		    "Stand-alone phone. The system doesn't support it.\"");

	if (req_body_string(r, "address", 255, false, false, &addr))
		return 422;
	p->address[0] = '\0';
	if (tpl)
		addr = NULL;	/* addresses belong to phones */
	if (addr && *addr && strcmp(p->model.address_kind, "mac") == 0) {
		if (mac_normalize(addr, p->address) != 0)
			return field_error(r, "address", "The MAC address must "
			    "have 12 hexadecimal digits, e.g. 00:04:f2:aa:bb:cc "
			    "or 0004F2AABBCC.");
		if (!mac_prefix_matches(p->address, p->model.mac_prefixes)) {
			snprintf(msg, sizeof(msg), "%s addresses start with %s; "
			    "%s does not. Check the address.",
			    p->model.manufacturer, p->model.mac_prefixes,
			    p->address);
			json_array_append_new(warnings, json_pack("{s:s,s:s}",
			    "field", "address", "message", msg));
		}
	} else if (addr && *addr) {
		if (!netaddr_domain_ok(addr))
			return field_error(r, "address", "The full computer name "
			    "of a SIP Soft Phone is a host name such as "
			    "PattyJ.acme.com or PattyJ.");
		snprintf(p->address, sizeof(p->address), "%s", addr);
	}
	if (p->address[0] && phone_store_address_taken(r->db, p->address, id))
		return req_field_error(r, 422, "duplicate", "address", "Another "
		    "managed IP phone has this address.");

	if (req_body_string(r, "registration_group", 64, false, false, &group)
	    || req_body_string(r, "location", 64, false, false, &location))
		return 422;
	if (group == NULL)
		group = "<Default Registration Group>";
	if ((p->registration_group_id = phone_store_group_by_name(r->db, group,
	    kind, &nregs)) == 0)
		return field_error(r, "registration_group", "No registration "
		    "group has that name.");
	if (!reg_rules_main_group_ok(kind, &e))
		return field_error(r, e.field, e.message);
	if (location == NULL)
		location = "<Default Location>";
	if ((p->location_id = phone_store_location_by_name(r->db, location)) ==
	    0)
		return field_error(r, "location", "No location has that name.");

	if (copy_string(r, "firmware_version", p->firmware_version,
	    sizeof(p->firmware_version), false, "latest"))
		return 422;
	if (strcmp(p->firmware_version, "latest") != 0) {
		if (!p->model.selectable_firmware)
			return field_error(r, "firmware_version", "\"If the "
			    "selected managed IP phone model does not support "
			    "the selectable firmware feature, this option isn't "
			    "available\": use latest.");
		if (!catalog_store_model_has_firmware(r->db, p->model.id,
		    p->firmware_version))
			return field_error(r, "firmware_version", "Choose "
			    "latest or one of the model's firmware versions.");
	}
	if (reg_rules_phone_accepts(p->model.family, p->firmware_version,
	    nregs, &e) != 0)
		return field_error(r, e.field, e.message);
	if (copy_string(r, "audio_protocol", p->audio_protocol,
	    sizeof(p->audio_protocol), false, "RTP"))
		return 422;
	if (strcmp(p->audio_protocol, "RTP") && strcmp(p->audio_protocol,
	    "SRTP"))
		return field_error(r, "audio_protocol", "Audio Protocol is RTP "
		    "or SRTP.");
	if (strcmp(p->audio_protocol, "SRTP") == 0 && !p->model.srtp)
		return field_error(r, "audio_protocol", "This model does not "
		    "support SRTP (\"Certain Polycom IP phone models do not "
		    "support this audio protocol option\").");
	if (copy_string(r, "time_zone", p->time_zone, sizeof(p->time_zone),
	    false, ""))
		return 422;
	if (!timezone_ok(p->time_zone))
		return field_error(r, "time_zone", "Unknown time zone; use a "
		    "name like America/New_York, or empty for the location's.");
	if (copy_string(r, "language", p->language, sizeof(p->language), false,
	    ""))
		return 422;
	if (p->language[0] && !in_list(p->model.languages, ';', p->language))
		return field_error(r, "language", "This model does not support "
		    "that language.");
	return 0;
}

/* Stored as '{}' when they are all the family's defaults (readers fill
 * them in from family_options): most phones, and 580 bytes each. */
static int
options(struct req *r, struct phone_in *p)
{
	char field[96], msg[256], *text;
	json_t *o;
	int adv;

	for (adv = 0; adv < 2; adv++) {
		json_t *in = json_object_get(r->body, adv ? "advanced_options" :
		    "options");
		const char *def = phone_options_default_text(p->model.family,
		    adv);

		if ((in == NULL || (json_is_object(in) && json_object_size(in)
		    == 0)) && def != NULL) {
			text = xstrdup("{}");	/* nothing given: defaults */
		} else {
			o = phone_options_apply(p->model.family, adv, in, field,
			    sizeof(field), msg, sizeof(msg));
			if (o == NULL)
				return field_error(r, field, msg);
			text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
			json_decref(o);
			if (def && strcmp(text, def) == 0) {
				free(text);
				text = xstrdup("{}");
			}
		}
		if (adv)
			p->advanced_options = text;
		else
			p->options = text;
	}
	return 0;
}

/* config_files: a comma-separated list of plain file names, where
 * [MACADDRESS] and [MODEL] are substituted. */
static bool
config_files_ok(const char *v)
{
	const char *p;

	if (strstr(v, "..") || strchr(v, '/') || strchr(v, '\\'))
		return false;
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-,[] ", *p))
			return false;
	return true;
}

static int
custom_attributes(struct req *r, struct phone_in *p)
{
	json_t *a = json_object_get(r->body, "custom_attributes"), *v;
	const char *k, *c;
	char field[96];

	if (a == NULL || json_is_null(a)) {
		p->custom_attributes = xstrdup("{}");
		return 0;
	}
	if (!json_is_object(a) || json_object_size(a) > ATTR_MAX)
		return field_error(r, "custom_attributes", "Custom attributes "
		    "are at most 32 name/value pairs.");
	json_object_foreach(a, k, v) {
		snprintf(field, sizeof(field), "custom_attributes.%.60s", k);
		if (strlen(k) == 0 || strlen(k) > 64)
			return field_error(r, field, "An attribute name has 1 "
			    "to 64 characters.");
		for (c = k; *c; c++)
			if (!isalnum((unsigned char)*c) && !strchr("_.-", *c))
				return field_error(r, field, "An attribute name "
				    "holds letters, digits and _ . - only.");
		if (!json_is_string(v) || json_string_length(v) > 1024)
			return field_error(r, field, "An attribute value is "
			    "text of at most 1024 characters.");
		if (!text_rules_plain(json_string_value(v)))
			return field_error(r, field, "An attribute value "
			    TEXT_RULES_CONTROL_MSG ".");
		if (strcasecmp(k, "config_files") == 0 &&
		    !config_files_ok(json_string_value(v)))
			return field_error(r, field, "config_files is a "
			    "comma-separated list of file names; [MACADDRESS] "
			    "and [MODEL] are substituted.");
	}
	p->custom_attributes = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	return 0;
}

bool
phone_input_sip_uri_ok(const char *s)
{
	char host[NETADDR_HOST_MAX + 1];
	const char *at, *user, *colon, *p;
	size_t n;

	if (strncmp(s, "sip:", 4) == 0)
		user = s + 4;
	else if (strncmp(s, "sips:", 5) == 0)
		user = s + 5;
	else
		return false;
	if ((at = strchr(user, '@')) == NULL || at == user)
		return false;
	for (p = user; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._+-", *p))
			return false;
	colon = strchr(at + 1, ':');
	n = colon ? (size_t)(colon - at - 1) : strlen(at + 1);
	if (n == 0 || n > NETADDR_HOST_MAX)
		return false;
	memcpy(host, at + 1, n);
	host[n] = '\0';
	if (!netaddr_host_ok(host))
		return false;
	if (colon) {
		long port = 0;

		for (p = colon + 1; *p; p++) {
			if (!isdigit((unsigned char)*p))
				return false;
			port = port * 10 + (*p - '0');
			if (port > 65535)
				return false;
		}
		return p > colon + 1 && port > 0;
	}
	return true;
}

static int
json_int_in(json_t *v, int def, int lo, int hi, int *out)
{
	if (v == NULL || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

/* A JSON array of distinct names that all pass ok(). */
static char *
name_list(json_t *a, const char *def, bool (*ok)(struct db *, const char *),
    struct db *db)
{
	json_t *v;
	size_t i, j;

	if (a == NULL || json_is_null(a))
		return xstrdup(def);
	if (!json_is_array(a) || json_array_size(a) > 32)
		return NULL;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || !ok(db, json_string_value(v)))
			return NULL;
		for (j = 0; j < i; j++)
			if (json_equal(v, json_array_get(a, j)))
				return NULL;
	}
	return json_dumps(a, JSON_COMPACT);
}

static bool
license_exists(struct db *db, const char *name)
{
	int64_t total, used;

	return phone_store_license_use(db, name, 0, &total, &used) == DB_OK;
}

static bool
classification_exists(struct db *db, const char *name)
{
	return phone_store_classification_exists(db, name);
}

static bool
extension_ok(const char *v)
{
	return strlen(v) <= 15 && strspn(v, "0123456789") == strlen(v);
}

static bool
label_ok(const char *v)
{
	return strlen(v) <= 64 && text_rules_plain(v);
}

/* Blank, or a SIP address: "If you do not know the IP address, leave this
 * value blank. It populates when the phone registers." */
static bool
ident_ok(const char *v)
{
	return *v == '\0' || (strlen(v) <= 255 && phone_input_sip_uri_ok(v));
}

void
phone_input_sip_username(const char *name, const char *extension,
    const char *ident, int position, char out[65])
{
	size_t k, n = 0;

	if (*ident) {	/* its user part */
		const char *user = strchr(ident, ':') + 1;

		snprintf(out, 65, "%.*s", (int)(strchr(user, '@') - user), user);
		return;
	}
	if (*extension) {
		snprintf(out, 65, "%s", extension);
		return;
	}
	/* The phone's name, in the characters SIP user names take. */
	for (k = 0; name[k] && n + 1 < 65; k++)
		if (isalnum((unsigned char)name[k]) || strchr("._-", name[k]))
			out[n++] = name[k];
	out[n] = '\0';
	if (n == 0)
		snprintf(out, 65, "station%d", position);
}

/* Text req_body_string takes: at most max bytes, no control characters. */
static bool
plain_ok(const char *v, size_t max)
{
	return strlen(v) <= max && text_rules_plain(v);
}

bool
phone_input_row_form_ok(const char *name, const char *address,
    const char *extension, const char *label, const char *ident)
{
	return *name && plain_ok(name, 64) && plain_ok(address, 255) &&
	    extension_ok(extension) && label_ok(label) && ident_ok(ident);
}

static int
station(struct req *r, struct phone_in *p, int64_t id, size_t i, json_t *s,
    json_t *generated, bool tpl)
{
	struct station_in *st = &p->stations[i];
	char field[64], pw[25], *old;
	const char *v;
	json_t *keep = json_object_get(s, "id");

#define FIELD(name) (snprintf(field, sizeof(field), "stations[%zu].%s", i, \
	    name), field)
	if (!json_is_object(s))
		return field_error(r, FIELD("extension"), "Each station "
		    "appearance is an object.");
	v = json_string_value(json_object_get(s, "extension"));
	if (json_object_get(s, "extension") && !json_is_null(json_object_get(
	    s, "extension")) && v == NULL)
		return field_error(r, FIELD("extension"), "The extension is "
		    "text of digits.");
	if (v && *v) {
		if (!extension_ok(v))
			return field_error(r, FIELD("extension"), "An extension "
			    "has 1 to 15 digits.");
		snprintf(st->extension, sizeof(st->extension), "%s", v);
		if (phone_store_extension_taken(r->db, v, id))
			return req_field_error(r, 422, "duplicate",
			    FIELD("extension"), "Another station appearance "
			    "has this extension; extensions are unique.");
	}
	v = json_string_value(json_object_get(s, "label"));
	if (plain_field(r, FIELD("label"), v) != 0)
		return 422;
	if (v && !label_ok(v))
		return field_error(r, FIELD("label"), "A label has at most 64 "
		    "characters.");
	/* A blank label: the store gives a Polycom the phone's name
	 * (phone_store.c, STATION_LABEL). */
	snprintf(st->label, sizeof(st->label), "%s", v ? v : "");
	/* "If you do not know the IP address, leave this value blank. It
	 * populates when the phone registers." */
	v = json_string_value(json_object_get(s, "identification_address"));
	if (tpl)	/* station defaults: no address of their own */
		v = NULL;
	if (json_object_get(s, "identification_address") && !tpl &&
	    !json_is_null(json_object_get(s, "identification_address")) &&
	    (v == NULL || !ident_ok(v)))
		return field_error(r, FIELD("identification_address"), "The "
		    "identification address is a SIP address: "
		    "sip:user@host:port (or blank until the phone "
		    "registers).");
	snprintf(st->identification_address,
	    sizeof(st->identification_address), "%s", v ? v : "");
	if (json_int_in(json_object_get(s, "line_keys"), 1, 1, 48,
	    &st->line_keys) != 0)
		return field_error(r, FIELD("line_keys"), "Line keys: 1 to 48.");
	if (json_int_in(json_object_get(s, "calls_per_line_key"), 2, 1, 24,
	    &st->calls_per_line_key) != 0)
		return field_error(r, FIELD("calls_per_line_key"), "Calls per "
		    "line key: 1 to 24.");
	v = json_string_value(json_object_get(s, "sip_username"));
	if (v && (strlen(v) == 0 || strlen(v) > 64 || strspn(v,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
	    != strlen(v)))
		return field_error(r, FIELD("sip_username"), "The SIP user name "
		    "holds letters, digits and . _ - only.");
	if (v)
		snprintf(st->sip_username, sizeof(st->sip_username), "%s", v);
	else
		phone_input_sip_username(p->name, st->extension,
		    st->identification_address, (int)i + 1, st->sip_username);
	/* An existing appearance of this phone keeps its id (shared
	 * appearances point at it) and, unless a new one is given, its
	 * password. */
	old = id && json_is_integer(keep) ? phone_store_station_secret(r->db,
	    json_integer_value(keep), id) : NULL;
	if (old) {
		size_t j;

		st->keep_id = json_integer_value(keep);
		for (j = 0; j < i; j++)
			if (p->stations[j].keep_id == st->keep_id) {
				free(old);
				return field_error(r, FIELD("id"), "Each station "
				    "appearance appears once.");
			}
	}
	v = json_string_value(json_object_get(s, "sip_password"));
	if (tpl) {
		/* Templates hold no credentials. */
	} else if (v) {
		free(old);
		if (plain_field(r, FIELD("sip_password"), v) != 0)
			return 422;
		if (strlen(v) < 12 || strlen(v) > 64)
			return field_error(r, FIELD("sip_password"), "A SIP "
			    "password has 12 to 64 characters; leave it empty "
			    "to have a strong one generated.");
		if (generated)	/* NULL: only checking */
			st->sealed_password = seal_box(PHONE_STATION_SECRET_CONTEXT,
			    v, strlen(v));
	} else if (old) {
		st->sealed_password = old;
	} else if (generated) {
		phone_input_new_password(pw);
		st->sealed_password = seal_box(PHONE_STATION_SECRET_CONTEXT, pw,
		    strlen(pw));
		json_array_append_new(generated, json_pack("{s:i,s:s}",
		    "position", (int)i + 1, "sip_password", pw));
		sodium_memzero(pw, sizeof(pw));
	}
	if (json_object_get(s, "sharable") && !json_is_boolean(
	    json_object_get(s, "sharable")))
		return field_error(r, FIELD("sharable"), "Sharable is true or "
		    "false.");
	st->sharable = json_is_true(json_object_get(s, "sharable"));
	if (st->sharable && strcmp(p->model.family, "polycom") != 0)
		return field_error(r, FIELD("sharable"), "\"Only stations on "
		    "Polycom phones support this feature.\"");
	st->licenses = name_list(json_object_get(s, "licenses"),
	    "[\"Basic Station\"]", license_exists, r->db);
	if (st->licenses == NULL)
		return field_error(r, FIELD("licenses"), "Licenses are names of "
		    "license pools (Basic Station, Client Access, ACD Access, "
		    "add-ons), each once.");
	st->access_control = name_list(json_object_get(s, "access_control"),
	    "[\"Emergency\",\"Intercom\",\"Local\",\"Long Distance\","
	    "\"Toll Free\"]", classification_exists, r->db);
	if (st->access_control == NULL)
		return field_error(r, FIELD("access_control"), "Access control "
		    "lists dial plan classifications, each once.");
#undef FIELD
	return 0;
}

/* Every license asked for must fit its pool. */
static int
licenses_fit(struct req *r, const struct phone_in *p, int64_t id)
{
	json_t *details = json_array(), *want = json_object(), *l;
	const char *name;
	int64_t total, used;
	size_t k;
	int i;

	for (i = 0; i < p->nstations; i++) {
		json_t *a = json_loads(p->stations[i].licenses, 0, NULL);

		json_array_foreach(a, k, l) {
			json_t *n = json_object_get(want, json_string_value(l));

			json_object_set_new(want, json_string_value(l),
			    json_integer(n ? json_integer_value(n) + 1 : 1));
		}
		json_decref(a);
	}
	json_object_foreach(want, name, l) {
		phone_store_license_use(r->db, name, id, &total, &used);
		if (total >= 0 && used + json_integer_value(l) > total) {
			char msg[200];

			snprintf(msg, sizeof(msg), "%s: %lld of %lld in use, "
			    "%lld more asked for.", name, (long long)used,
			    (long long)total, (long long)json_integer_value(l));
			json_array_append_new(details, json_pack("{s:s,s:s,s:s}",
			    "field", "licenses", "license", name, "message",
			    msg));
		}
	}
	json_decref(want);
	if (json_array_size(details) == 0) {
		json_decref(details);
		return 0;
	}
	req_error(r, 422, "licenses", "Some or all licenses could not be "
	    "allocated to each station appearance");
	json_object_set_new(json_object_get(r->out, "error"), "details",
	    details);
	return 422;
}

/* Polycom only: appearances of sharable stations of other phones. */
static int
shared(struct req *r, struct phone_in *p, int64_t id)
{
	json_t *a = json_object_get(r->body, "shared_appearances"), *o;
	char field[64];
	size_t i, j;

	if (a == NULL || json_is_null(a) || (json_is_array(a) &&
	    json_array_size(a) == 0))
		return 0;
	if (strcmp(p->model.family, "polycom") != 0)
		return field_error(r, "shared_appearances", "\"Only stations "
		    "on Polycom phones support this feature.\"");
	if (!json_is_array(a) || json_array_size(a) > PHONE_MAX_EXTRAS)
		return field_error(r, "shared_appearances", "Shared appearances "
		    "are a list of at most 12.");
	json_array_foreach(a, i, o) {
		struct shared_in *sh = &p->shared[i];
		json_t *sid = json_object_get(o, "station_id");
		const char *label = json_string_value(json_object_get(o,
		    "label"));
		int64_t owner;
		bool sharable;

		p->nshared = (int)i + 1;
		snprintf(field, sizeof(field), "shared_appearances[%zu]", i);
		if (!json_is_integer(sid) || phone_store_station_share(r->db,
		    json_integer_value(sid), &owner, &sharable) != DB_OK)
			return field_error(r, field, "Choose an existing station "
			    "appearance.");
		if (owner == id)
			return field_error(r, field, "A phone's own station "
			    "appearance cannot be shared onto it.");
		if (!sharable)
			return field_error(r, field, "\"The first step for "
			    "setting up shared lines is to set the desired "
			    "stations as sharable\": this one is not.");
		snprintf(field, sizeof(field), "shared_appearances[%zu].label",
		    i);
		if (plain_field(r, field, label) != 0)
			return 422;
		sh->station_id = json_integer_value(sid);
		for (j = 0; j < i; j++)
			if (p->shared[j].station_id == sh->station_id)
				return field_error(r, field, "Each station "
				    "appears once.");
		snprintf(sh->label, sizeof(sh->label), "%.64s", label ? label :
		    "");
		if (json_int_in(json_object_get(o, "line_keys"), 1, 1, 48,
		    &sh->line_keys) != 0)
			return field_error(r, field, "Line keys: 1 to 48.");
	}
	return 0;
}

static bool
plain_text_ok(const char *v, size_t max)
{
	return v != NULL && *v != '\0' && plain_ok(v, max);
}

/* Polycom only: lines that register through an External group. */
static int
externals(struct req *r, struct phone_in *p, int64_t id)
{
	json_t *a = json_object_get(r->body, "external_registrations"), *o;
	char field[80], kind[16];
	size_t i;
	int nregs;

	if (a == NULL || json_is_null(a) || (json_is_array(a) &&
	    json_array_size(a) == 0))
		return 0;
	if (strcmp(p->model.family, "polycom") != 0)
		return field_error(r, "external_registrations", "\"For Polycom "
		    "phones only, external registrations allow a specific "
		    "line … to register differently\".");
	if (!json_is_array(a) || json_array_size(a) > PHONE_MAX_EXTRAS)
		return field_error(r, "external_registrations", "External "
		    "registrations are a list of at most 12.");
	json_array_foreach(a, i, o) {
		struct external_in *e = &p->externals[i];
		const char *v;

		p->nexternals = (int)i + 1;
#define XFIELD(n) (snprintf(field, sizeof(field), \
	    "external_registrations[%zu].%s", i, n), field)
		v = json_string_value(json_object_get(o, "label"));
		if (plain_field(r, XFIELD("label"), v) != 0)
			return 422;
		if (!plain_text_ok(v, 64))
			return field_error(r, XFIELD("label"), "A label is "
			    "required (at most 64 characters).");
		snprintf(e->label, sizeof(e->label), "%s", v);
		v = json_string_value(json_object_get(o,
		    "identification_address"));
		if (plain_field(r, XFIELD("identification_address"), v) != 0)
			return 422;
		if (!plain_text_ok(v, 255) || strchr(v, ' '))
			return field_error(r, XFIELD("identification_address"),
			    "The identification address the external SIP "
			    "server expects is required, without spaces.");
		snprintf(e->identification_address,
		    sizeof(e->identification_address), "%s", v);
		v = json_string_value(json_object_get(o, "registration_group"));
		if (v == NULL || (e->registration_group_id =
		    phone_store_group_by_name(r->db, v, kind, &nregs)) == 0)
			return field_error(r, XFIELD("registration_group"),
			    "No registration group has that name.");
		if (strcmp(kind, "external") != 0)
			return field_error(r, XFIELD("registration_group"),
			    "\"Once created, you can only use the external "
			    "registration group for external registrations\": "
			    "choose an External group.");
		if (json_int_in(json_object_get(o, "line_keys"), 1, 1, 48,
		    &e->line_keys) != 0)
			return field_error(r, XFIELD("line_keys"), "Line keys: "
			    "1 to 48.");
		if (json_int_in(json_object_get(o, "calls_per_line_key"), 1, 1,
		    24, &e->calls_per_line_key) != 0)
			return field_error(r, XFIELD("calls_per_line_key"),
			    "Calls per line key: 1 to 24.");
		v = json_string_value(json_object_get(o, "display_name"));
		if (plain_field(r, XFIELD("display_name"), v) != 0)
			return 422;
		if (v && *v && !plain_text_ok(v, 64))
			return field_error(r, XFIELD("display_name"), "The SIP "
			    "display name has at most 64 characters.");
		snprintf(e->display_name, sizeof(e->display_name), "%s",
		    v ? v : "");
		if (!json_is_true(json_object_get(o,
		    "use_external_authentication")))
			continue;
		v = json_string_value(json_object_get(o, "auth_username"));
		if (plain_field(r, XFIELD("auth_username"), v) != 0)
			return 422;
		if (!plain_text_ok(v, 64))
			return field_error(r, XFIELD("auth_username"), "Use "
			    "External SIP Server Authentication needs a user "
			    "name.");
		snprintf(e->auth_username, sizeof(e->auth_username), "%s", v);
		v = json_string_value(json_object_get(o, "auth_password"));
		if (plain_field(r, XFIELD("auth_password"), v) != 0)
			return 422;
		if (v && *v) {
			if (strlen(v) > 128)
				return field_error(r, XFIELD("auth_password"),
				    "The password has at most 128 characters.");
			e->sealed_password = seal_box(EXTERNAL_SECRET_CONTEXT,
			    v, strlen(v));
		} else if (id == 0 || (e->sealed_password =
		    phone_store_external_secret(r->db, id, (int)i + 1)) ==
		    NULL) {
			return field_error(r, XFIELD("auth_password"), "Use "
			    "External SIP Server Authentication needs the "
			    "password.");
		}
#undef XFIELD
	}
	return 0;
}

/* A station that other phones share cannot stop being sharable. */
static int
still_sharable(struct req *r, const struct phone_in *p)
{
	char field[64];
	int i;

	for (i = 0; i < p->nstations; i++)
		if (p->stations[i].keep_id && !p->stations[i].sharable &&
		    phone_store_station_shared_count(r->db,
		    p->stations[i].keep_id) > 0) {
			snprintf(field, sizeof(field), "stations[%d].sharable",
			    i);
			return req_field_error(r, 422, "in_use", field, "Other "
			    "phones show this station as a shared appearance; "
			    "remove those first.");
		}
	return 0;
}

/* Settings a phone takes from its template when the body leaves them out. */
static const char *const template_keys[] = {
	"type", "manufacturer", "model", "registration_group", "location",
	"firmware_version", "audio_protocol", "time_zone", "language",
	"options", "advanced_options", "custom_attributes", NULL
};
static const char *const station_default_keys[] = {
	"line_keys", "calls_per_line_key", "licenses", "access_control", NULL
};

static int
apply_template(struct req *r, int64_t *template_id)
{
	const char *name = json_string_value(json_object_get(r->body,
	    "template"));
	const char *const *k;
	json_t *t, *s;
	size_t i;

	*template_id = 0;
	if (json_object_get(r->body, "template") == NULL ||
	    json_is_null(json_object_get(r->body, "template")) ||
	    (name && *name == '\0'))
		return 0;
	if (name == NULL || (*template_id = template_store_by_name(r->db,
	    name)) == 0)
		return field_error(r, "template", "No template has that name.");
	t = template_store_get(r->db, *template_id);
	for (k = template_keys; *k; k++)
		if (json_object_get(r->body, *k) == NULL)
			json_object_set(r->body, *k, json_object_get(t, *k));
	json_array_foreach(json_object_get(r->body, "stations"), i, s)
		for (k = station_default_keys; *k; k++)
			if (json_is_object(s) && json_object_get(s, *k) == NULL)
				json_object_set(s, *k, json_object_get(t, *k));
	json_decref(t);
	return 0;
}

void
phone_input_with_template(struct db *db, json_t *body)
{
	struct req scratch;
	int64_t template_id;

	memset(&scratch, 0, sizeof(scratch));
	scratch.db = db;
	scratch.body = body;
	if (apply_template(&scratch, &template_id) != 0)
		json_decref(scratch.out);
}

int
phone_input_parse(struct req *r, int64_t id, struct phone_in *p,
    json_t *warnings, json_t *generated, unsigned flags)
{
	json_t *stations = json_object_get(r->body, "stations"), *s;
	bool tpl = (flags & PHONE_INPUT_TEMPLATE) != 0;
	int64_t template_id = 0;
	size_t i, max;
	int status;

	memset(p, 0, sizeof(*p));
	if (!tpl && (status = apply_template(r, &template_id)) != 0)
		return status;
	p->template_id = template_id;
	if (!tpl && id == 0 && generated != NULL) {
		/* A new phone's own provisioning credentials, made with it:
		 * its first fetch then needs no write of its own. */
		char pw[25];

		phone_input_new_password(pw);
		p->sealed_prov_password = seal_box(PHONE_PROV_SECRET_CONTEXT, pw,
		    strlen(pw));
		sodium_memzero(pw, sizeof(pw));
	}
	if ((status = general(r, id, p, warnings, tpl)) != 0 ||
	    (status = options(r, p)) != 0 ||
	    (status = custom_attributes(r, p)) != 0)
		return status;
	if (tpl) {
		json_t *d = json_object_get(r->body, "station_defaults");

		if (d && !json_is_object(d))
			return field_error(r, "station_defaults", "Station "
			    "defaults are an object.");
		p->nstations = 1;
		s = d ? json_incref(d) : json_object();
		status = station(r, p, id, 0, s, generated, true);
		json_decref(s);
		if (status != 0) {
			/* Name the template's field, not a station's. */
			json_t *det = json_array_get(json_object_get(
			    json_object_get(r->out, "error"), "details"), 0);
			const char *f = json_string_value(json_object_get(det,
			    "field"));
			char field[64];

			if (f && strncmp(f, "stations[0].", 12) == 0) {
				snprintf(field, sizeof(field),
				    "station_defaults.%s", f + 12);
				json_object_set_new(det, "field",
				    json_string(field));
			}
		}
		return status;
	}
	if (stations && !json_is_array(stations))
		return field_error(r, "stations", "Station appearances are a "
		    "list.");
	/* Only Polycom phones take several appearances. */
	max = strcmp(p->model.family, "polycom") == 0 ? PHONE_MAX_STATIONS : 1;
	if (json_array_size(stations) > max)
		return field_error(r, "stations", max == 1 ? "This phone model "
		    "takes one station appearance." : "A phone takes at most "
		    "12 station appearances.");
	json_array_foreach(stations, i, s) {
		p->nstations = (int)i + 1;
		if ((status = station(r, p, id, i, s, generated, false)) != 0)
			return status;
	}
	for (i = 0; i < (size_t)p->nstations; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (p->stations[i].extension[0] && strcmp(
			    p->stations[i].extension, p->stations[j].extension)
			    == 0) {
				char field[64];

				snprintf(field, sizeof(field),
				    "stations[%zu].extension", i);
				return req_field_error(r, 422, "duplicate", field,
				    "Two station appearances have the same "
				    "extension.");
			}
	}
	if ((status = still_sharable(r, p)) != 0 ||
	    (status = shared(r, p, id)) != 0 ||
	    (status = externals(r, p, id)) != 0)
		return status;
	return flags & PHONE_INPUT_NO_LICENSE_FIT ? 0 : licenses_fit(r, p, id);
}
