/* Switchboard — the rules of third-party SIP devices (seed 000). */
#include "sip_device_rules.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../lib/netaddr.h"
#include "../lib/util.h"
#include "sip_credentials.h"

#define TEXT_MAX	80
#define EXTENSION_MAX	10
#define E164_MIN	8
#define E164_MAX	15

const struct sip_requirement sip_requirements[SIP_REQUIREMENTS] = {
	{ "supported", "Under manufacturer support", "Currently under "
	    "manufacturer support, not in an End of Support (EoS) or End of "
	    "Life (EoL) phase" },
	{ "tls", "TLS 1.2 or later", "Supports Transport Layer Security "
	    "(TLS) 1.2 or later" },
	{ "border_proxy_fqdn", "Accepts the border proxy FQDN", "Supports "
	    "the FQDN of the customer's regional border proxy" },
	{ "naptr", "Supports NAPTR", "Supports Name Authority Pointer "
	    "(NAPTR) records to connect to the border proxy" },
	{ "sip_name_dash", "Alphanumeric SIP names with '-'", "Accepts "
	    "alphanumeric SIP names including '-' characters" },
	{ "alphanumeric_password", "Alphanumeric SIP passwords", "Accepts "
	    "alphanumeric SIP passwords" },
};

static const char *const supported[] = {
	"Inbound and outbound calling",
	"Internal and external calling",
	"Voicemail (Star Code version ONLY)",
	"Agent Log In/Out (Star Code version ONLY)",
	"Call Transfer will be best effort ONLY",
};

static const char *const not_supported[] = {
	"No feature configuration for third party SIP devices through the "
	    "portal, except: admin capabilities for the phone number itself, "
	    "and for tracking which user is using a third party device",
	"No configuration files for third party SIP devices, including "
	    "preferential user settings, digitmap dialing patterns, etc.",
	"No directory/contact access for third party SIP devices",
	"No local settings related to call management are honored: Call "
	    "Forwarding is managed through the desktop client or the portal",
};

static json_t *
strings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *
sip_program_json(void)
{
	json_t *req = json_array();
	size_t i;

	for (i = 0; i < SIP_REQUIREMENTS; i++)
		json_array_append_new(req, json_pack("{s:s,s:s,s:s}", "key",
		    sip_requirements[i].key, "column", sip_requirements[i].column,
		    "label", sip_requirements[i].label));
	return json_pack("{s:s,s:o,s:s,s:o,s:o}", "hardware_model",
	    SIP_HARDWARE_MODEL, "requirements", req, "requirements_firm",
	    SIP_REQUIREMENTS_FIRM, "supported", strings(supported,
	    sizeof(supported) / sizeof(supported[0])), "not_supported",
	    strings(not_supported, sizeof(not_supported) /
	    sizeof(not_supported[0])));
}

static bool
digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, "0123456789") == n;
}

/* "+49 89 722-1234" -> "+49897221234" into out; false when it is not a
 * number in E.164 (a '+', a country code not starting with 0, 8 to 15
 * digits in all). */
static bool
e164(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	if (*s++ != '+' || cap < E164_MAX + 2)
		return false;
	out[n++] = '+';
	for (; *s; s++) {
		if (*s == ' ' || *s == '-' || *s == '(' || *s == ')')
			continue;
		if (!isdigit((unsigned char)*s) || n > E164_MAX)
			return false;
		out[n++] = *s;
	}
	out[n] = '\0';
	return n - 1 >= E164_MIN && out[1] != '0';
}

/* "YYYY-MM-DD", a real date. */
static bool
date_ok(const char *s)
{
	int64_t t;
	char back[24];

	if (strlen(s) != 10 || parse_utc(s, &t) != 0)
		return false;
	format_utc(t, back, sizeof(back));
	return strncmp(back, s, 10) == 0;
}

enum {
	F_USER, F_EMAIL, F_EXTENSION, F_DID, F_MANUFACTURER, F_MODEL,
	F_PURPOSE, F_REGION, F_REPLACE_BY, F_TEXTS
};
static const char *const fields[F_TEXTS] = {
	"user_name", "user_email", "extension", "did", "manufacturer",
	"model", "purpose", "region", "replace_by",
};
static const size_t field_max[F_TEXTS] = {
	TEXT_MAX, 254, EXTENSION_MAX, 32, TEXT_MAX, TEXT_MAX, TEXT_MAX,
	TEXT_MAX, 10,
};

static json_t *
requirements(json_t *body, json_t *stored, struct refusals *rs)
{
	json_t *in = json_object_get(body, "requirements"), *was, *out, *v;
	char field[64];
	size_t i;

	if (in && !json_is_object(in)) {
		refuse(rs, "invalid_field", "requirements", "The requirements "
		    "are an object of yes/no answers.");
		return NULL;
	}
	was = json_object_get(stored, "requirements");
	out = json_object();
	for (i = 0; i < SIP_REQUIREMENTS; i++) {
		const char *k = sip_requirements[i].key;

		if ((v = json_object_get(in, k)) != NULL && !json_is_boolean(v)) {
			snprintf(field, sizeof(field), "requirements.%s", k);
			refuse(rs, "invalid_field", field, "%s: answer yes or "
			    "no.", sip_requirements[i].column);
		}
		if (v == NULL)	/* not confirmed is not met */
			v = json_object_get(was, k);
		json_object_set_new(out, k, json_boolean(json_is_true(v)));
	}
	return out;
}

json_t *
sip_device_parse(json_t *body, json_t *stored, struct refusals *rs)
{
	const char *v[F_TEXTS] = { NULL };
	char did[E164_MAX + 2] = "";
	json_t *req, *out;
	size_t i, before = rs->n;

	for (i = 0; i < F_TEXTS; i++)
		refusal_string(body, fields[i], field_max[i], false, false,
		    &v[i], rs);
	req = requirements(body, stored, rs);
	if (rs->n > before) {
		json_decref(req);
		return NULL;
	}
	for (i = 0; i < F_TEXTS; i++) {
		if (v[i] == NULL)
			v[i] = json_string_value(json_object_get(stored,
			    fields[i]));
		if (v[i] == NULL)
			v[i] = "";
	}
	if (v[F_USER][0] == '\0')
		refuse(rs, "required", "user_name", "Enter the user who uses "
		    "the device.");
	if (v[F_EMAIL][0] && !netaddr_email_ok(v[F_EMAIL]))
		refuse(rs, "invalid_field", "user_email", "'%.60s' is not an "
		    "e-mail address.", v[F_EMAIL]);
	if (v[F_EXTENSION][0] == '\0')
		refuse(rs, "required", "extension", "Enter the extension.");
	else if (!digits(v[F_EXTENSION], 1, EXTENSION_MAX))
		refuse(rs, "invalid_field", "extension", "The extension is 1 "
		    "to %d digits.", EXTENSION_MAX);
	if (v[F_DID][0] && !e164(v[F_DID], did, sizeof(did)))
		refuse(rs, "invalid_field", "did", "The DID is an E.164 "
		    "number: '+', the country code and %d to %d digits in all, "
		    "e.g. +49897221234.", E164_MIN, E164_MAX);
	if (v[F_MANUFACTURER][0] == '\0')
		refuse(rs, "required", "manufacturer", "Enter the "
		    "manufacturer.");
	if (v[F_MODEL][0] == '\0')
		refuse(rs, "required", "model", "Enter the model.");
	if (v[F_REGION][0] == '\0')
		refuse(rs, "required", "region", "Choose the region whose "
		    "border proxy the device registers to.");
	if (v[F_REPLACE_BY][0] && !date_ok(v[F_REPLACE_BY]))
		refuse(rs, "invalid_field", "replace_by", "The date to replace "
		    "the device by is YYYY-MM-DD.");
	if (rs->n > before) {
		json_decref(req);
		return NULL;
	}
	out = json_object();
	for (i = 0; i < F_TEXTS; i++)
		json_object_set_new(out, fields[i], json_string(i == F_DID ?
		    did : v[i]));
	json_object_set_new(out, "requirements", req);
	return out;
}

json_t *
sip_device_unmet(json_t *device)
{
	json_t *req = json_object_get(device, "requirements"), *out;
	size_t i;

	out = json_array();
	for (i = 0; i < SIP_REQUIREMENTS; i++)
		if (!json_is_true(json_object_get(req, sip_requirements[i].key)))
			json_array_append_new(out, json_string(
			    sip_requirements[i].key));
	return out;
}

void
sip_device_unmet_columns(json_t *device, const char *sep, char *buf,
    size_t cap)
{
	json_t *req = json_object_get(device, "requirements");
	size_t i, len = 0;

	if (cap)
		buf[0] = '\0';
	for (i = 0; i < SIP_REQUIREMENTS && len < cap; i++)
		if (!json_is_true(json_object_get(req, sip_requirements[i].key)))
			len += (size_t)snprintf(buf + len, cap - len, "%s%s",
			    len ? sep : "", sip_requirements[i].column);
}

void
sip_device_decorate(json_t *device)
{
	json_object_set_new(device, "hardware_model", json_string(
	    SIP_HARDWARE_MODEL));
	json_object_set_new(device, "unmet", sip_device_unmet(device));
}

/* A border proxy is a name, never an address: the devices find it by
 * NAPTR (seed 000, Technical Requirements). */
static bool
fqdn_ok(const char *s)
{
	return strchr(s, '.') != NULL && netaddr_domain_ok(s) &&
	    strspn(s, "0123456789.") != strlen(s) && strchr(s, ':') == NULL;
}

json_t *
sip_region_parse(json_t *body, struct refusals *rs)
{
	const char *name = NULL, *fqdn = NULL;
	size_t before = rs->n;

	refusal_string(body, "name", 40, true, false, &name, rs);
	refusal_string(body, "border_proxy", NETADDR_HOST_MAX, true, false,
	    &fqdn, rs);
	if (fqdn && !fqdn_ok(fqdn))
		refuse(rs, "invalid_field", "border_proxy", "The border proxy "
		    "is a fully qualified domain name, e.g. "
		    "sip-eu.provider.example, not an address.");
	if (rs->n > before)
		return NULL;
	return json_pack("{s:s,s:s}", "name", name, "border_proxy", fqdn);
}

json_t *
sip_handler_parse(json_t *body, struct refusals *rs)
{
	const char *name = NULL, *org = NULL, *phone = NULL, *email = NULL;
	size_t before = rs->n;

	refusal_string(body, "name", TEXT_MAX, true, false, &name, rs);
	refusal_string(body, "organisation", TEXT_MAX, false, false, &org, rs);
	refusal_string(body, "phone", 32, false, false, &phone, rs);
	refusal_string(body, "email", 254, false, false, &email, rs);
	if (phone && phone[0] && strspn(phone, "+0123456789 -()/") !=
	    strlen(phone))
		refuse(rs, "invalid_field", "phone", "A phone number: digits, "
		    "'+', spaces and '-'.");
	if (email && email[0] && !netaddr_email_ok(email))
		refuse(rs, "invalid_field", "email", "'%.60s' is not an e-mail "
		    "address.", email);
	if (rs->n == before && (phone == NULL || phone[0] == '\0'))
		refuse(rs, "required", "phone", "Enter the handler's phone "
		    "number: the passwords are given by phone or text message, "
		    "never by e-mail.");
	if (rs->n > before)
		return NULL;
	return json_pack("{s:s,s:s,s:s,s:s}", "name", name, "organisation",
	    org ? org : "", "phone", phone, "email", email ? email : "");
}

#define HOURS_MAX (24 * 30)

json_t *
sip_settings_parse(json_t *body, json_t *stored, struct refusals *rs)
{
	const char *prefix = NULL;
	json_t *hours = json_object_get(body, "export_hours");
	json_int_t h = json_integer_value(json_object_get(stored,
	    "export_hours"));
	size_t before = rs->n;

	refusal_string(body, "sip_name_prefix", SIP_PREFIX_MAX, false, false,
	    &prefix, rs);
	if (prefix == NULL)
		prefix = json_string_value(json_object_get(stored,
		    "sip_name_prefix"));
	if (prefix == NULL)
		prefix = "";
	if (!sip_prefix_ok(prefix))
		refuse(rs, "invalid_field", "sip_name_prefix", "The prefix is "
		    "up to %d letters, digits and '-', starting with a letter "
		    "or digit.", SIP_PREFIX_MAX);
	if (hours && (!json_is_integer(hours) || json_integer_value(hours) <
	    1 || json_integer_value(hours) > HOURS_MAX))
		refuse(rs, "invalid_field", "export_hours", "Archives stay "
		    "downloadable 1 to %d hours.", HOURS_MAX);
	else if (hours)
		h = json_integer_value(hours);
	if (rs->n > before)
		return NULL;
	return json_pack("{s:s,s:I}", "sip_name_prefix", prefix,
	    "export_hours", h > 0 ? h : 72);
}

/* The device list: the API's fields, then the requirements. */
#define LIST_COLUMNS (F_TEXTS + SIP_REQUIREMENTS)
static const char *const list_columns[LIST_COLUMNS] = {
	"User", "E-mail", "Extension", "DID", "Manufacturer", "Model",
	"Purpose", "Region", "Replace by",
	"Under manufacturer support", "TLS 1.2 or later",
	"Accepts the border proxy FQDN", "Supports NAPTR",
	"Alphanumeric SIP names with '-'", "Alphanumeric SIP passwords",
};

static const char *
list_check(const int *seen, int *kind)
{
	(void)kind;
	return !seen[F_USER] ? "User" : !seen[F_EXTENSION] ? "Extension" :
	    !seen[F_MANUFACTURER] ? "Manufacturer" : !seen[F_MODEL] ?
	    "Model" : !seen[F_REGION] ? "Region" : NULL;
}

const struct csv_schema sip_device_list = {
	"SIP device list", list_columns, LIST_COLUMNS, list_check,
};

json_t *
sip_device_row(const char **values, unsigned not_text, struct refusals *rs)
{
	json_t *body = json_object(), *req = json_object(), *f;
	size_t i;

	for (i = 0; i < LIST_COLUMNS; i++)
		if (not_text & (1u << i))
			refuse(rs, "invalid_text", list_columns[i], "Not UTF-8 "
			    "text: save the list as CSV UTF-8.");
	for (i = 0; i < F_TEXTS; i++)
		if (values[i][0])
			json_object_set_new(body, fields[i], json_string(
			    values[i]));
	for (i = 0; i < SIP_REQUIREMENTS; i++)
		if ((f = csv_list_flag(values[F_TEXTS + i])) != NULL)
			json_object_set_new(req, sip_requirements[i].key, f);
	json_object_set_new(body, "requirements", req);
	return body;
}

const char *
sip_device_column(const char *field)
{
	size_t i;

	for (i = 0; i < F_TEXTS; i++)
		if (strcmp(field, fields[i]) == 0)
			return list_columns[i];
	if (strncmp(field, "requirements.", 13) == 0)
		for (i = 0; i < SIP_REQUIREMENTS; i++)
			if (strcmp(field + 13, sip_requirements[i].key) == 0)
				return sip_requirements[i].column;
	return field;
}
