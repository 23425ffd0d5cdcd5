/* Switchboard — reading a managed IP phone from a request body. */
#include "phone_input.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "../lib/netaddr.h"
#include "../lib/refusal.h"
#include "../../db/template_store.h"
#include "phone_options.h"
#include "license_allocation.h"
#include "reg_rules.h"
#include "station_extras.h"
#include "../lib/seal.h"
#include "../lib/text_rules.h"
#include "../lib/timezone.h"
#include "../lib/util.h"

#define EXTERNAL_SECRET_CONTEXT "external_registration.password"
#define ATTR_MAX 32

/* One body being read: where the refusals go, and what is known so far. */
struct parse {
	struct db	*db;
	json_t		*body;
	int64_t		 id;		/* 0: a new phone or template */
	struct phone_in	*p;
	json_t		*warnings;
	json_t		*generated;	/* NULL: only checking */
	bool		 tpl;
	bool		 model_known;	/* p->model holds the catalog's model */
	struct refusals	*rs;
};

static int
invalid(struct parse *x, const char *field, const char *msg)
{
	return refuse(x->rs, "invalid_field", field, "%s", msg);
}

/* v (NULL: not given) by the text rules: 0, or -1 refusing field. */
static int
plain_field(struct parse *x, const char *field, const char *v)
{
	if (v == NULL || text_rules_plain(v))
		return 0;
	return invalid(x, field, "This text " TEXT_RULES_CONTROL_MSG
	    " (U+0000 to U+001F but tab, and U+007F).");
}

/* Member name as one line of text into out (def when absent); -1 with the
 * refusal, and out holding def, when it breaks the text rules. */
static int
copy_string(struct parse *x, const char *name, char *out, size_t cap,
    bool required, const char *def)
{
	const char *v;
	int rc = refusal_string(x->body, name, cap - 1, required, false, &v,
	    x->rs);

	snprintf(out, cap, "%s", v ? v : def);
	return rc;
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

/* Another template than id has this name. */
static bool
template_name_taken(struct db *db, const char *name, int64_t id)
{
	int64_t other = template_store_by_name(db, name);

	return other != 0 && other != id;
}

/* The General tab. Each rule that can be checked is: a refusal of one
 * field does not hide another's, but a rule that needs the model is left
 * out when the model is not known. */
static void
general(struct parse *x)
{
	struct phone_in *p = x->p;
	const char *man, *model, *group, *location, *addr;
	char key[CATALOG_KEY_MAX], kind[16];
	json_t *active = json_object_get(x->body, "active");
	struct reg_error e;
	int nregs = 0;
	bool dns_srv = false;
	bool type_ok, group_ok = true;

	if (copy_string(x, "name", p->name, sizeof(p->name), true, "") == 0 &&
	    (x->tpl ? template_name_taken(x->db, p->name, x->id) :
	    phone_store_name_taken(x->db, p->name, x->id)))
		refuse(x->rs, "duplicate", "name", "%s", x->tpl ? "Another "
		    "template has this name." : "Another managed IP phone has "
		    "this name; names are unique.");
	if (active && !json_is_boolean(active))
		invalid(x, "active", "Active must be true or false.");
	p->active = active ? json_is_true(active) : true;
	type_ok = copy_string(x, "type", p->type, sizeof(p->type), false,
	    "workstation") == 0;
	if (type_ok && strcmp(p->type, "workstation") && strcmp(p->type,
	    "stand-alone"))
		type_ok = invalid(x, "type", "Type is Workstation or Stand-alone "
		    "Phone (workstation / stand-alone).") == 0;
	if ((refusal_string(x->body, "manufacturer", 32, true, false, &man,
	    x->rs) | refusal_string(x->body, "model", 64, true, false, &model,
	    x->rs)) == 0) {
		x->model_known = catalog_match_key(model, key) == 0 &&
		    catalog_store_find_model(x->db, man, key, &p->model) ==
		    DB_OK;
		if (!x->model_known)
			refuse(x->rs, "invalid_field", "model", "'%.40s' is not "
			    "a %.32s model in the phone catalog.", model, man);
	}
	if (x->model_known && type_ok && strcmp(p->type, "stand-alone") == 0
	    && !p->model.standalone_allowed)
		invalid(x, "type", "\"If you are creating a managed IP phone "
		    "for Interaction SIP Station, do not select Stand-alone "
		    "phone. The system doesn't support it.\"");

	if (refusal_string(x->body, "address", 255, false, false, &addr,
	    x->rs) != 0 || x->tpl || !x->model_known)
		addr = NULL;	/* addresses belong to phones of a model */
	p->address[0] = '\0';
	if (addr && *addr && strcmp(p->model.address_kind, "mac") == 0) {
		if (mac_normalize(addr, p->address) != 0)
			invalid(x, "address", "The MAC address must have 12 "
			    "hexadecimal digits, e.g. 00:04:f2:aa:bb:cc or "
			    "0004F2AABBCC.");
		else if (!mac_prefix_matches(p->address,
		    p->model.mac_prefixes)) {
			char msg[600];

			snprintf(msg, sizeof(msg), "%s addresses start with %s; "
			    "%s does not. Check the address.",
			    p->model.manufacturer, p->model.mac_prefixes,
			    p->address);
			json_array_append_new(x->warnings, json_pack(
			    "{s:s,s:s}", "field", "address", "message", msg));
		}
	} else if (addr && *addr) {
		if (!netaddr_domain_ok(addr))
			invalid(x, "address", "The full computer name of a SIP "
			    "Soft Phone is a host name such as PattyJ.acme.com "
			    "or PattyJ.");
		else
			snprintf(p->address, sizeof(p->address), "%s", addr);
	}
	if (p->address[0] && phone_store_address_taken(x->db, p->address,
	    x->id))
		refuse(x->rs, "duplicate", "address", "Another managed IP "
		    "phone has this address.");

	if (refusal_string(x->body, "registration_group", 64, false, false,
	    &group, x->rs) != 0)
		group_ok = false;
	else if ((p->registration_group_id = phone_store_group_by_name(x->db,
	    group ? group : "<Default Registration Group>", kind, &nregs,
	    &dns_srv)) ==
	    0)
		group_ok = invalid(x, "registration_group", "No registration "
		    "group has that name.") == 0;
	else if (!reg_rules_main_group_ok(kind, &e))
		group_ok = invalid(x, e.field, e.message) == 0;
	if (refusal_string(x->body, "location", 64, false, false, &location,
	    x->rs) == 0 && (p->location_id = phone_store_location_by_name(
	    x->db, location ? location : "<Default Location>")) == 0)
		invalid(x, "location", "No location has that name.");

	if (copy_string(x, "firmware_version", p->firmware_version,
	    sizeof(p->firmware_version), false, "latest") == 0 &&
	    x->model_known && strcmp(p->firmware_version, "latest") != 0) {
		if (!p->model.selectable_firmware)
			invalid(x, "firmware_version", "\"If the selected "
			    "managed IP phone model does not support the "
			    "selectable firmware feature, this option isn't "
			    "available\": use latest.");
		else if (!catalog_store_model_has_firmware(x->db, p->model.id,
		    p->firmware_version))
			invalid(x, "firmware_version", "Choose latest or one "
			    "of the model's firmware versions.");
	}
	if (x->model_known && group_ok && !refusals_name(x->rs,
	    "firmware_version") && reg_rules_phone_accepts(p->model.family,
	    p->firmware_version, nregs, dns_srv, &e) != 0)
		invalid(x, e.field, e.message);
	if (copy_string(x, "audio_protocol", p->audio_protocol,
	    sizeof(p->audio_protocol), false, "RTP") == 0) {
		if (strcmp(p->audio_protocol, "RTP") && strcmp(
		    p->audio_protocol, "SRTP"))
			invalid(x, "audio_protocol", "Audio Protocol is RTP or "
			    "SRTP.");
		else if (x->model_known && strcmp(p->audio_protocol, "SRTP")
		    == 0 && !p->model.srtp)
			invalid(x, "audio_protocol", "This model does not "
			    "support SRTP (\"Certain Polycom IP phone models do "
			    "not support this audio protocol option\").");
	}
	if (copy_string(x, "time_zone", p->time_zone, sizeof(p->time_zone),
	    false, "") == 0 && !timezone_ok(p->time_zone))
		invalid(x, "time_zone", "Unknown time zone; use a name like "
		    "America/New_York, or empty for the location's.");
	if (copy_string(x, "language", p->language, sizeof(p->language), false,
	    "") == 0 && x->model_known && p->language[0] &&
	    !in_list(p->model.languages, ';', p->language))
		invalid(x, "language", "This model does not support that "
		    "language.");
}

/* Stored as '{}' when they are all the family's defaults (readers fill
 * them in from family_options): most phones, and 580 bytes each. */
static void
options(struct parse *x)
{
	struct phone_in *p = x->p;
	char field[96], msg[256], *text;
	json_t *o;
	int adv;

	for (adv = 0; adv < 2; adv++) {
		json_t *in = json_object_get(x->body, adv ? "advanced_options" :
		    "options");
		const char *def = phone_options_default_text(p->model.family,
		    adv);

		if ((in == NULL || (json_is_object(in) && json_object_size(in)
		    == 0)) && def != NULL) {
			text = xstrdup("{}");	/* nothing given: defaults */
		} else {
			o = phone_options_apply(p->model.family, adv, in, field,
			    sizeof(field), msg, sizeof(msg));
			if (o == NULL) {
				invalid(x, field, msg);
				continue;
			}
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

/* One refusal per attribute at most: the first rule it breaks. */
static int
attribute(struct parse *x, const char *k, json_t *v)
{
	char field[96];
	const char *c;

	snprintf(field, sizeof(field), "custom_attributes.%.60s", k);
	if (strlen(k) == 0 || strlen(k) > 64)
		return invalid(x, field, "An attribute name has 1 to 64 "
		    "characters.");
	for (c = k; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_.-", *c))
			return invalid(x, field, "An attribute name holds "
			    "letters, digits and _ . - only.");
	if (!json_is_string(v) || json_string_length(v) > 1024)
		return invalid(x, field, "An attribute value is text of at "
		    "most 1024 characters.");
	if (!text_rules_plain(json_string_value(v)))
		return invalid(x, field, "An attribute value "
		    TEXT_RULES_CONTROL_MSG ".");
	if (strcasecmp(k, "config_files") == 0 &&
	    !config_files_ok(json_string_value(v)))
		return invalid(x, field, "config_files is a comma-separated "
		    "list of file names; [MACADDRESS] and [MODEL] are "
		    "substituted.");
	return 0;
}

static void
custom_attributes(struct parse *x)
{
	json_t *a = json_object_get(x->body, "custom_attributes"), *v;
	const char *k;

	if (a == NULL || json_is_null(a)) {
		x->p->custom_attributes = xstrdup("{}");
		return;
	}
	if (!json_is_object(a) || json_object_size(a) > ATTR_MAX) {
		invalid(x, "custom_attributes", "Custom attributes are at most "
		    "32 name/value pairs.");
		return;
	}
	json_object_foreach(a, k, v)
		attribute(x, k, v);
	x->p->custom_attributes = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
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

/* The password of appearance i: the one given, the one it has (old,
 * taken), or a new one, which goes to x->generated. */
static void
station_password(struct parse *x, struct station_in *st, size_t i,
    const char *field, const char *v, char *old)
{
	char pw[25];

	if (x->tpl) {		/* templates hold no credentials */
		free(old);
	} else if (v) {
		free(old);
		if (plain_field(x, field, v) != 0)
			return;
		if (strlen(v) < 12 || strlen(v) > 64)
			invalid(x, field, "A SIP password has 12 to 64 "
			    "characters; leave it empty to have a strong one "
			    "generated.");
		else if (x->generated)	/* NULL: only checking */
			st->sealed_password = seal_box(
			    PHONE_STATION_SECRET_CONTEXT, v, strlen(v));
	} else if (old) {
		st->sealed_password = old;
	} else if (x->generated) {
		phone_input_new_password(pw);
		st->sealed_password = seal_box(PHONE_STATION_SECRET_CONTEXT, pw,
		    strlen(pw));
		json_array_append_new(x->generated, json_pack("{s:i,s:s}",
		    "position", (int)i + 1, "sip_password", pw));
		sodium_memzero(pw, sizeof(pw));
	}
}

/* "Existing Station…": the appearance takes over station v of another
 * phone (its id, credentials and licenses), which leaves that phone.
 * The station's id, or 0 with the refusal. */
static int64_t
existing_station(struct parse *x, json_t *v, const char *field)
{
	int64_t owner;
	bool sharable;

	if (!json_is_integer(v) || phone_store_station_share(x->db,
	    json_integer_value(v), &owner, &sharable) != DB_OK) {
		invalid(x, field, "Choose an existing station appearance.");
		return 0;
	}
	if (x->id && owner == x->id) {
		invalid(x, field, "This station appearance is on this phone "
		    "already.");
		return 0;
	}
	return json_integer_value(v);
}

/* What the body leaves out of an appearance that takes over station id
 * stays as that station has it. */
static void
existing_values(struct parse *x, json_t *s, int64_t id)
{
	json_t *rec = phone_store_station_get(x->db, id);

	json_object_del(rec, "id");
	json_object_update_missing(s, rec);
	json_decref(rec);
}

/* The Station Configuration extras of appearance i. */
static void
extras(struct parse *x, struct station_in *st, size_t i)
{
	struct station_extras ex;
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "stations[%zu].", i);
	station_extras_parse(json_array_get(json_object_get(x->body,
	    "stations"), i), prefix, &ex, x->rs);
	memcpy(st->auto_conference_pin, ex.pin, sizeof(ex.pin));
	st->call_forwarding = ex.call_forwarding;
	st->station_options = ex.station_options;
	ex.call_forwarding = ex.station_options = NULL;
	station_extras_release(&ex);
}

/* Station appearance i, the object s. Every field is checked; a field
 * whose rule needs the model is left out when it is not known. */
static void
station(struct parse *x, size_t i, json_t *s)
{
	struct phone_in *p = x->p;
	struct station_in *st = &p->stations[i];
	char field[64], *old;
	const char *v;
	json_t *keep = json_object_get(s, "id"), *ext, *ident, *existing;
	int64_t moving = 0;

#define FIELD(name) (snprintf(field, sizeof(field), "stations[%zu].%s", i, \
	    name), field)
	if (!json_is_object(s)) {
		invalid(x, FIELD("extension"), "Each station appearance is an "
		    "object.");
		return;
	}
	existing = x->tpl ? NULL : json_object_get(s, "existing_station");
	if (existing && !json_is_null(existing) && (moving = existing_station(
	    x, existing, FIELD("existing_station"))) == 0)
		return;
	if (moving)
		existing_values(x, s, moving);
	ext = json_object_get(s, "extension");
	v = json_string_value(ext);
	if (ext && !json_is_null(ext) && v == NULL)
		invalid(x, FIELD("extension"), "The extension is text of "
		    "digits.");
	else if (v && *v && !extension_ok(v))
		invalid(x, FIELD("extension"), "An extension has 1 to 15 "
		    "digits.");
	else if (v && *v) {
		snprintf(st->extension, sizeof(st->extension), "%s", v);
		if (phone_store_extension_taken(x->db, v, x->id, moving))
			refuse(x->rs, "duplicate", FIELD("extension"), "Another "
			    "station appearance has this extension; "
			    "extensions are unique.");
	}
	v = json_string_value(json_object_get(s, "label"));
	if (plain_field(x, FIELD("label"), v) != 0) {
		v = NULL;
	} else if (v && !label_ok(v)) {
		invalid(x, FIELD("label"), "A label has at most 64 characters.");
		v = NULL;
	}
	/* A blank label: the store gives a Polycom the phone's name
	 * (phone_store.c, STATION_LABEL). */
	snprintf(st->label, sizeof(st->label), "%s", v ? v : "");
	/* "If you do not know the IP address, leave this value blank. It
	 * populates when the phone registers." Station defaults have no
	 * address of their own. */
	ident = x->tpl ? NULL : json_object_get(s, "identification_address");
	v = json_string_value(ident);
	if (ident && !json_is_null(ident) && (v == NULL || !ident_ok(v))) {
		invalid(x, FIELD("identification_address"), "The "
		    "identification address is a SIP address: "
		    "sip:user@host:port (or blank until the phone "
		    "registers).");
		v = NULL;
	}
	snprintf(st->identification_address,
	    sizeof(st->identification_address), "%s", v ? v : "");
	if (json_int_in(json_object_get(s, "line_keys"), 1, 1, 48,
	    &st->line_keys) != 0)
		invalid(x, FIELD("line_keys"), "Line keys: 1 to 48.");
	if (json_int_in(json_object_get(s, "calls_per_line_key"), 2, 1, 24,
	    &st->calls_per_line_key) != 0)
		invalid(x, FIELD("calls_per_line_key"), "Calls per line key: 1 "
		    "to 24.");
	v = json_string_value(json_object_get(s, "sip_username"));
	if (v && (strlen(v) == 0 || strlen(v) > 64 || strspn(v,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
	    != strlen(v)))
		invalid(x, FIELD("sip_username"), "The SIP user name holds "
		    "letters, digits and . _ - only.");
	else if (v)
		snprintf(st->sip_username, sizeof(st->sip_username), "%s", v);
	else
		phone_input_sip_username(p->name, st->extension,
		    st->identification_address, (int)i + 1, st->sip_username);
	/* An existing appearance of this phone keeps its id (shared
	 * appearances point at it) and, unless a new one is given, its
	 * password. */
	if (moving) {
		int64_t owner;
		bool sharable;

		phone_store_station_share(x->db, moving, &owner, &sharable);
		old = phone_store_station_secret(x->db, moving, owner);
	} else {
		old = x->id && json_is_integer(keep) ?
		    phone_store_station_secret(x->db, json_integer_value(keep),
		    x->id) : NULL;
	}
	if (old) {
		size_t j;

		st->keep_id = moving ? moving : json_integer_value(keep);
		for (j = 0; j < i; j++)
			if (p->stations[j].keep_id == st->keep_id) {
				invalid(x, FIELD("id"), "Each station appearance "
				    "appears once.");
				st->keep_id = 0;
				break;
			}
	}
	station_password(x, st, i, FIELD("sip_password"), json_string_value(
	    json_object_get(s, "sip_password")), old);
	if (json_object_get(s, "sharable") && !json_is_boolean(
	    json_object_get(s, "sharable")))
		invalid(x, FIELD("sharable"), "Sharable is true or false.");
	st->sharable = json_is_true(json_object_get(s, "sharable"));
	if (st->sharable && x->model_known && strcmp(p->model.family,
	    "polycom") != 0)
		invalid(x, FIELD("sharable"), "\"Only stations on Polycom phones "
		    "support this feature.\"");
	st->licenses = name_list(json_object_get(s, "licenses"),
	    "[\"Basic Station\"]", license_exists, x->db);
	if (st->licenses == NULL)
		invalid(x, FIELD("licenses"), "Licenses are names of license "
		    "pools (Basic Station, Client Access, ACD Access, add-ons), "
		    "each once.");
	st->access_control = name_list(json_object_get(s, "access_control"),
	    "[\"Emergency\",\"Intercom\",\"Local\",\"Long Distance\","
	    "\"Toll Free\"]", classification_exists, x->db);
	if (st->access_control == NULL)
		invalid(x, FIELD("access_control"), "Access control lists dial "
		    "plan classifications, each once.");
	if (!x->tpl)
		extras(x, st, i);
#undef FIELD
}

/* Every license asked for must fit its pool. */
static void
licenses_fit(struct parse *x)
{
	const struct phone_in *p = x->p;
	json_t *want = json_object(), *l;
	const char *name;
	int64_t total, used;
	size_t k, before = x->rs->n;
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
		phone_store_license_use(x->db, name, x->id, &total, &used);
		if (total >= 0 && used + json_integer_value(l) > total) {
			char msg[200];

			snprintf(msg, sizeof(msg), "%s: %lld of %lld in use, "
			    "%lld more asked for.", name, (long long)used,
			    (long long)total, (long long)json_integer_value(l));
			refuse_about(x->rs, "licenses", "licenses", "license",
			    name, msg);
		}
	}
	json_decref(want);
	if (x->rs->n > before)
		refusals_summary(x->rs, "licenses", LICENSE_ALLOCATION_SHORT);
}

static bool
own_station(const struct phone_in *p, int64_t station_id)
{
	int i;

	for (i = 0; i < p->nstations; i++)
		if (p->stations[i].keep_id == station_id)
			return true;
	return false;
}

/* Polycom only: appearances of sharable stations of other phones. */
static void
shared(struct parse *x)
{
	struct phone_in *p = x->p;
	json_t *a = json_object_get(x->body, "shared_appearances"), *o;
	char field[64];
	size_t i, j;

	if (a == NULL || json_is_null(a) || (json_is_array(a) &&
	    json_array_size(a) == 0))
		return;
	if (strcmp(p->model.family, "polycom") != 0) {
		invalid(x, "shared_appearances", "\"Only stations on Polycom "
		    "phones support this feature.\"");
		return;
	}
	if (!json_is_array(a) || json_array_size(a) > PHONE_MAX_EXTRAS) {
		invalid(x, "shared_appearances", "Shared appearances are a list "
		    "of at most 12.");
		return;
	}
	json_array_foreach(a, i, o) {
		struct shared_in *sh = &p->shared[i];
		json_t *sid = json_object_get(o, "station_id");
		const char *label = json_string_value(json_object_get(o,
		    "label"));
		int64_t owner;
		bool sharable;

		p->nshared = (int)i + 1;
		snprintf(field, sizeof(field), "shared_appearances[%zu]", i);
		if (!json_is_integer(sid) || phone_store_station_share(x->db,
		    json_integer_value(sid), &owner, &sharable) != DB_OK) {
			invalid(x, field, "Choose an existing station "
			    "appearance.");
			continue;
		}
		if (owner == x->id || own_station(p, json_integer_value(sid)))
			invalid(x, field, "A phone's own station appearance "
			    "cannot be shared onto it.");
		else if (!sharable)
			invalid(x, field, "\"The first step for setting up "
			    "shared lines is to set the desired stations as "
			    "sharable\": this one is not.");
		sh->station_id = json_integer_value(sid);
		for (j = 0; j < i; j++)
			if (p->shared[j].station_id == sh->station_id) {
				invalid(x, field, "Each station appears once.");
				break;
			}
		snprintf(field, sizeof(field), "shared_appearances[%zu].label",
		    i);
		if (plain_field(x, field, label) != 0)
			label = NULL;
		snprintf(sh->label, sizeof(sh->label), "%.64s", label ? label :
		    "");
		snprintf(field, sizeof(field),
		    "shared_appearances[%zu].line_keys", i);
		if (json_int_in(json_object_get(o, "line_keys"), 1, 1, 48,
		    &sh->line_keys) != 0)
			invalid(x, field, "Line keys: 1 to 48.");
	}
}

static bool
plain_text_ok(const char *v, size_t max)
{
	return v != NULL && *v != '\0' && plain_ok(v, max);
}

/* One line of External SIP Server Authentication: -1 with the refusal,
 * when it is asked for and incomplete. */
#define XFIELD(n) (snprintf(field, sizeof(field), \
	    "external_registrations[%zu].%s", i, n), field)

static int
external_auth(struct parse *x, struct external_in *e, json_t *o, size_t i)
{
	char field[80];
	const char *v;

	v = json_string_value(json_object_get(o, "auth_username"));
	if (plain_field(x, XFIELD("auth_username"), v) != 0)
		return -1;
	if (!plain_text_ok(v, 64))
		return invalid(x, XFIELD("auth_username"), "Use External SIP "
		    "Server Authentication needs a user name.");
	snprintf(e->auth_username, sizeof(e->auth_username), "%s", v);
	v = json_string_value(json_object_get(o, "auth_password"));
	if (plain_field(x, XFIELD("auth_password"), v) != 0)
		return -1;
	if (v && *v) {
		if (strlen(v) > 128)
			return invalid(x, XFIELD("auth_password"), "The "
			    "password has at most 128 characters.");
		e->sealed_password = seal_box(EXTERNAL_SECRET_CONTEXT, v,
		    strlen(v));
	} else if (x->id == 0 || (e->sealed_password =
	    phone_store_external_secret(x->db, x->id, (int)i + 1)) == NULL) {
		return invalid(x, XFIELD("auth_password"), "Use External SIP "
		    "Server Authentication needs the password.");
	}
	return 0;
}

/* External registration i, the object o. */
static void
external(struct parse *x, struct external_in *e, json_t *o, size_t i)
{
	char field[80], kind[16];
	const char *v;
	int nregs;

	v = json_string_value(json_object_get(o, "label"));
	if (plain_field(x, XFIELD("label"), v) == 0) {
		if (!plain_text_ok(v, 64))
			invalid(x, XFIELD("label"), "A label is required (at "
			    "most 64 characters).");
		else
			snprintf(e->label, sizeof(e->label), "%s", v);
	}
	v = json_string_value(json_object_get(o, "identification_address"));
	if (plain_field(x, XFIELD("identification_address"), v) == 0) {
		if (!plain_text_ok(v, 255) || strchr(v, ' '))
			invalid(x, XFIELD("identification_address"), "The "
			    "identification address the external SIP server "
			    "expects is required, without spaces.");
		else
			snprintf(e->identification_address,
			    sizeof(e->identification_address), "%s", v);
	}
	v = json_string_value(json_object_get(o, "registration_group"));
	if (v == NULL || (e->registration_group_id =
	    phone_store_group_by_name(x->db, v, kind, &nregs, NULL)) == 0)
		invalid(x, XFIELD("registration_group"), "No registration group "
		    "has that name.");
	else if (strcmp(kind, "external") != 0)
		invalid(x, XFIELD("registration_group"), "\"Once created, you "
		    "can only use the external registration group for external "
		    "registrations\": choose an External group.");
	if (json_int_in(json_object_get(o, "line_keys"), 1, 1, 48,
	    &e->line_keys) != 0)
		invalid(x, XFIELD("line_keys"), "Line keys: 1 to 48.");
	if (json_int_in(json_object_get(o, "calls_per_line_key"), 1, 1, 24,
	    &e->calls_per_line_key) != 0)
		invalid(x, XFIELD("calls_per_line_key"), "Calls per line key: 1 "
		    "to 24.");
	v = json_string_value(json_object_get(o, "display_name"));
	if (plain_field(x, XFIELD("display_name"), v) != 0)
		v = NULL;
	else if (v && *v && !plain_text_ok(v, 64)) {
		invalid(x, XFIELD("display_name"), "The SIP display name has at "
		    "most 64 characters.");
		v = NULL;
	}
	snprintf(e->display_name, sizeof(e->display_name), "%s", v ? v : "");
	if (json_is_true(json_object_get(o, "use_external_authentication")))
		external_auth(x, e, o, i);
}
#undef XFIELD

/* Polycom only: lines that register through an External group. */
static void
externals(struct parse *x)
{
	struct phone_in *p = x->p;
	json_t *a = json_object_get(x->body, "external_registrations"), *o;
	size_t i;

	if (a == NULL || json_is_null(a) || (json_is_array(a) &&
	    json_array_size(a) == 0))
		return;
	if (strcmp(p->model.family, "polycom") != 0) {
		invalid(x, "external_registrations", "\"For Polycom phones "
		    "only, external registrations allow a specific line … to "
		    "register differently\".");
		return;
	}
	if (!json_is_array(a) || json_array_size(a) > PHONE_MAX_EXTRAS) {
		invalid(x, "external_registrations", "External registrations "
		    "are a list of at most 12.");
		return;
	}
	json_array_foreach(a, i, o) {
		p->nexternals = (int)i + 1;
		external(x, &p->externals[i], o, i);
	}
}

/* A station that other phones share cannot stop being sharable. */
static void
still_sharable(struct parse *x)
{
	const struct phone_in *p = x->p;
	char field[64];
	int i;

	for (i = 0; i < p->nstations; i++)
		if (p->stations[i].keep_id && !p->stations[i].sharable &&
		    phone_store_station_shared_count(x->db,
		    p->stations[i].keep_id) > 0) {
			snprintf(field, sizeof(field), "stations[%d].sharable",
			    i);
			refuse(x->rs, "in_use", field, "Other phones show this "
			    "station as a shared appearance; remove those "
			    "first.");
		}
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

/* Fill in from the template the body names what it leaves out. -1 with
 * the refusal when it names none that exists. */
static int
apply_template(struct db *db, json_t *body, int64_t *template_id,
    struct refusals *rs)
{
	json_t *given = json_object_get(body, "template"), *t, *s;
	const char *name = json_string_value(given);
	const char *const *k;
	size_t i;

	*template_id = 0;
	if (given == NULL || json_is_null(given) || (name && *name == '\0'))
		return 0;
	if (name == NULL || (*template_id = template_store_by_name(db, name))
	    == 0)
		return refuse(rs, "invalid_field", "template", "No template has "
		    "that name.");
	t = template_store_get(db, *template_id);
	for (k = template_keys; *k; k++)
		if (json_object_get(body, *k) == NULL)
			json_object_set(body, *k, json_object_get(t, *k));
	json_array_foreach(json_object_get(body, "stations"), i, s)
		for (k = station_default_keys; *k; k++)
			if (json_is_object(s) && json_object_get(s, *k) == NULL)
				json_object_set(s, *k, json_object_get(t, *k));
	json_decref(t);
	return 0;
}

void
phone_input_with_template(struct db *db, json_t *body)
{
	struct refusals rs;
	int64_t template_id;

	refusals_init(&rs);
	apply_template(db, body, &template_id, &rs);
	refusals_release(&rs);
}

/* A template's Station Defaults: the rules of an appearance, refusals
 * naming station_defaults.<field>. */
static void
station_defaults(struct parse *x)
{
	json_t *d = json_object_get(x->body, "station_defaults"), *s;
	size_t before = x->rs->n;

	if (d && !json_is_object(d)) {
		invalid(x, "station_defaults", "Station defaults are an "
		    "object.");
		return;
	}
	x->p->nstations = 1;
	s = d ? json_incref(d) : json_object();
	station(x, 0, s);
	json_decref(s);
	if (x->rs->n > before)
		refusals_rename(x->rs, "stations[0].", "station_defaults.");
}

/* The phone's station appearances, then what they share and register. */
static void
stations(struct parse *x)
{
	struct phone_in *p = x->p;
	json_t *list = json_object_get(x->body, "stations"), *s;
	size_t i, j, max;

	if (list && !json_is_array(list)) {
		invalid(x, "stations", "Station appearances are a list.");
		return;
	}
	/* Only Polycom phones take several appearances. */
	max = !x->model_known || strcmp(p->model.family, "polycom") == 0 ?
	    PHONE_MAX_STATIONS : 1;
	if (json_array_size(list) > max) {
		invalid(x, "stations", max == 1 ? "This phone model takes one "
		    "station appearance." : "A phone takes at most 12 station "
		    "appearances.");
		return;
	}
	json_array_foreach(list, i, s) {
		p->nstations = (int)i + 1;
		station(x, i, s);
	}
	for (i = 0; i < (size_t)p->nstations; i++)
		for (j = 0; j < i; j++)
			if (p->stations[i].extension[0] && strcmp(
			    p->stations[i].extension, p->stations[j].extension)
			    == 0) {
				char field[64];

				snprintf(field, sizeof(field),
				    "stations[%zu].extension", i);
				refuse(x->rs, "duplicate", field, "Two station "
				    "appearances have the same extension.");
				break;
			}
	still_sharable(x);
	if (x->model_known) {
		shared(x);
		externals(x);
	}
}

int
phone_input_parse(struct db *db, json_t *body, int64_t id,
    struct phone_in *p, json_t *warnings, json_t *generated, unsigned flags,
    struct refusals *rs)
{
	struct parse x = {
		.db = db, .body = body, .id = id, .p = p, .warnings = warnings,
		.generated = generated, .rs = rs,
		.tpl = (flags & PHONE_INPUT_TEMPLATE) != 0,
	};
	int64_t template_id = 0;

	memset(p, 0, sizeof(*p));
	if (!x.tpl && apply_template(db, body, &template_id, rs) != 0)
		return -1;	/* the rest would be judged without it */
	p->template_id = template_id;
	if (!x.tpl && id == 0 && generated != NULL) {
		/* A new phone's own provisioning credentials, made with it:
		 * its first fetch then needs no write of its own. */
		char pw[25];

		phone_input_new_password(pw);
		p->sealed_prov_password = seal_box(PHONE_PROV_SECRET_CONTEXT, pw,
		    strlen(pw));
		sodium_memzero(pw, sizeof(pw));
	}
	general(&x);
	if (x.model_known)
		options(&x);
	custom_attributes(&x);
	if (x.tpl)
		station_defaults(&x);
	else
		stations(&x);
	/* Licenses are counted only for an input that is right otherwise. */
	if (rs->n == 0 && !x.tpl && !(flags & PHONE_INPUT_NO_LICENSE_FIT))
		licenses_fit(&x);
	return rs->n ? -1 : 0;
}
