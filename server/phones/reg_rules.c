/* Switchboard — the rules of registration groups. */
#include "reg_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ISS_MULTI_FIRMWARE "2.2.2.77"

static int
fail(struct reg_error *err, int index, const char *member, const char *fmt,
    const char *arg)
{
	if (index < 0)
		snprintf(err->field, sizeof(err->field), "registrations");
	else
		snprintf(err->field, sizeof(err->field), "registrations[%d]%s%s",
		    index, member ? "." : "", member ? member : "");
	snprintf(err->message, sizeof(err->message), fmt, arg ? arg : "");
	return -1;
}

static int
get_string(json_t *o, const char *name, char *out, size_t cap, int i,
    struct reg_error *err)
{
	json_t *v = json_object_get(o, name);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return fail(err, i, name, "Enter the %s for this "
		    "registration type.", strcmp(name, "address") == 0 ?
		    "address (host name, FQDN or IP address)" : name);
	if (json_string_length(v) >= cap)
		return fail(err, i, name, "%s is too long.", name);
	snprintf(out, cap, "%s", json_string_value(v));
	return 0;
}

static int
get_id(json_t *o, const char *name, int64_t *out, int i,
    struct reg_error *err)
{
	json_t *v = json_object_get(o, name);

	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return fail(err, i, name, "%s must name an existing one.", name);
	*out = json_integer_value(v);
	return 0;
}

static int
get_transport(json_t *o, struct registration *r, int i, struct reg_error *err)
{
	if (get_string(o, "transport", r->transport, sizeof(r->transport), i,
	    err) != 0 || !netaddr_transport_ok(r->transport))
		return fail(err, i, "transport", "Transport must be UDP, TCP "
		    "or TLS.", NULL);
	return 0;
}

static int
parse_one(json_t *o, struct registration *r, int i, struct reg_error *err)
{
	const char *type = json_string_value(json_object_get(o, "type"));
	json_t *port;
	int t;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o))
		return fail(err, i, NULL, "Each registration must be an "
		    "object.", NULL);
	for (t = 0; t < 4; t++)
		if (type && strcmp(type, reg_type_name((enum reg_type)t)) == 0)
			break;
	if (t == 4)
		return fail(err, i, "type", "Type must be line, manual, "
		    "managed_proxy or dns_srv.", NULL);
	r->type = (enum reg_type)t;
	switch (r->type) {
	case REG_LINE:
		return get_id(o, "line_id", &r->line_id, i, err);
	case REG_MANAGED_PROXY:
		if (get_id(o, "proxy_id", &r->proxy_id, i, err) != 0)
			return -1;
		return get_transport(o, r, i, err);
	case REG_DNS_SRV:
		if (get_string(o, "domain", r->domain, sizeof(r->domain), i,
		    err) != 0)
			return -1;
		if (!netaddr_domain_ok(r->domain))
			return fail(err, i, "domain", "'%s' is not a DNS "
			    "domain.", r->domain);
		return get_transport(o, r, i, err);
	case REG_MANUAL:
		if (get_string(o, "address", r->address, sizeof(r->address), i,
		    err) != 0)
			return -1;
		if (!netaddr_host_ok(r->address))
			return fail(err, i, "address", "'%s' is not a host "
			    "name, FQDN or IP address.", r->address);
		port = json_object_get(o, "port");
		if (!json_is_integer(port) || json_integer_value(port) < 1 ||
		    json_integer_value(port) > 65535)
			return fail(err, i, "port", "Port must be a number from "
			    "1 to 65535.", NULL);
		r->port = (int)json_integer_value(port);
		return get_transport(o, r, i, err);
	}
	return -1;
}

int
reg_rules_parse(json_t *arr, struct registration *regs, struct reg_error *err)
{
	size_t i;
	json_t *o;

	if (!json_is_array(arr))
		return fail(err, -1, NULL, "Registrations must be a list.",
		    NULL);
	if (json_array_size(arr) > REG_MAX)
		return fail(err, -1, NULL, "A registration group holds at most "
		    "16 registrations.", NULL);
	json_array_foreach(arr, i, o)
		if (parse_one(o, &regs[i], (int)i, err) != 0)
			return -1;
	return (int)json_array_size(arr);
}

int
reg_rules_check(const char *kind, const struct registration *regs, int n,
    struct reg_error *err)
{
	bool external = strcmp(kind, "external") == 0;
	int i, lines = 0, srvs = 0;

	if (n < 1)
		return fail(err, -1, NULL, "Each registration group consists "
		    "of an ordered list of one or more registrations.", NULL);
	for (i = 0; i < n; i++) {
		if (external && regs[i].type != REG_MANUAL &&
		    regs[i].type != REG_DNS_SRV)
			return fail(err, i, "type", "An External registration "
			    "group allows only Manual and DNS SRV "
			    "registrations.", NULL);
		if (regs[i].type == REG_LINE) {
			if (++lines > 1)
				return fail(err, i, "type", "A registration "
				    "group cannot have more than one SIP Line "
				    "registration.", NULL);
			if (i != 0)
				return fail(err, i, "type", "If a registration "
				    "group does have a SIP Line registration, "
				    "it must be the first entry in the list.",
				    NULL);
		}
		if (regs[i].type == REG_DNS_SRV) {
			if (++srvs > 1)
				return fail(err, i, "type", "A registration "
				    "group cannot have more than one DNS SRV "
				    "registration.", NULL);
			if (i != 0)
				return fail(err, i, "type", "If a registration "
				    "group does have a DNS SRV registration, "
				    "it must be the first entry in the list.",
				    NULL);
		}
	}
	return 0;
}

bool
reg_rules_main_group_ok(const char *kind, struct reg_error *err)
{
	if (strcmp(kind, "external") != 0)
		return true;
	snprintf(err->field, sizeof(err->field), "registration_group");
	snprintf(err->message, sizeof(err->message), "An external "
	    "registration group is not available for selection as the main "
	    "Registration Group of a managed IP phone.");
	return false;
}

int
version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		long x = 0, y = 0;

		/* Digits of this part; letters like "Rev G" or "_p10" end it. */
		for (; *a >= '0' && *a <= '9'; a++)
			x = x * 10 + (*a - '0');
		for (; *b >= '0' && *b <= '9'; b++)
			y = y * 10 + (*b - '0');
		if (x > 1000000000 || y > 1000000000)
			return x < y ? -1 : x > y;
		if (x != y)
			return x < y ? -1 : 1;
		while (*a && *a != '.')
			a++;
		while (*b && *b != '.')
			b++;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return 0;
}

/* The oldest firmware that registers by DNS SRV (seed 001, "Interaction
 * SIP Station I and II, AudioCodes, and Genesys phone support for DNS
 * SRV"). The seed gives AudioCodes and Genesys both v2.0.0.18 and
 * v2.2.277.2.3; the first is taken (the second would refuse every 2.2
 * release, e.g. 2.2.16, that the seed elsewhere ships). ISS I from
 * v.1.2.2._p10_build_17 (its "_p10_build_17" compares as 1.2.2). */
static const char *
dns_srv_minimum(const char *family)
{
	if (strcmp(family, "iss1") == 0)
		return "1.2.2._p10_build_17";
	if (strcmp(family, "iss2") == 0)
		return "2.0.4.15.7";
	if (strcmp(family, "audiocodes") == 0)
		return "2.0.0.18";
	return NULL;
}

int
reg_rules_phone_accepts(const char *family, const char *firmware, int n,
    bool dns_srv, struct reg_error *err)
{
	bool iss = strcmp(family, "iss1") == 0 || strcmp(family, "iss2") == 0;
	bool single = iss || strcmp(family, "audiocodes") == 0;
	const char *srv_min = dns_srv ? dns_srv_minimum(family) : NULL;

	if (srv_min && strcmp(firmware, "latest") != 0 && version_cmp(firmware,
	    srv_min) < 0) {
		snprintf(err->field, sizeof(err->field), "registration_group");
		snprintf(err->message, sizeof(err->message), "%s support DNS "
		    "SRV from firmware %s on; choose that firmware or newer, "
		    "or a registration group without DNS SRV.", strcmp(family,
		    "audiocodes") == 0 ? "AudioCodes and Genesys phones" :
		    strcmp(family, "iss1") == 0 ? "Interaction SIP Station I "
		    "phones" : "Interaction SIP Station II phones", srv_min);
		return -1;
	}

	if (!single || n <= 1)
		return 0;
	/* "latest" is 2.2.2.77 or newer for ISS. */
	if (iss && (strcmp(firmware, "latest") == 0 ||
	    version_cmp(firmware, ISS_MULTI_FIRMWARE) >= 0))
		return 0;
	snprintf(err->field, sizeof(err->field), "registration_group");
	snprintf(err->message, sizeof(err->message), "%s",
	    iss ? "Interaction SIP Station I and II phones do not support "
	    "multiple entries (registrations) in a registration group before "
	    "firmware 2.2.2.77; choose a group with one registration or "
	    "firmware 2.2.2.77 or newer." : "AudioCodes and Genesys phones do "
	    "not support multiple entries (registrations) in a registration "
	    "group; choose a group with a single registration.");
	return -1;
}
