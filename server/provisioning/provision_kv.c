/* Switchboard — key=value phone files. */
#include "provision_kv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../phones/catalog.h"
#include "../lib/strbuf.h"
#include "../lib/tz_rules.h"
#include "option_params.h"

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* One line; values never carry a line break (it would start a new key)
 * nor any other control character but tab. */
static void
kv(struct strbuf *sb, const char *key, const char *value)
{
	const char *p;

	strbuf_puts(sb, key);
	strbuf_puts(sb, "=");
	for (p = value; *p; p++)
		if ((unsigned char)*p >= 0x20 || *p == '\t')
			strbuf_add(sb, p, 1);
	strbuf_puts(sb, "\n");
}

static void
emit_kv(void *arg, const char *name, const char *value)
{
	kv(arg, name, value);
}

static void
kv_int(struct strbuf *sb, const char *key, long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", v);
	kv(sb, key, s);
}

void
kv_gmt_offset(int seconds, char out[8])
{
	int a = seconds < 0 ? -seconds : seconds;

	snprintf(out, 8, "%c%02d:%02d", seconds < 0 ? '-' : '+', a / 3600 %
	    100, a % 3600 / 60);
}

/* The first registration of the phone's group: address, port, transport. */
static void
first_server(const struct prov_phone *pp, const char **addr, long long *port,
    const char **transport)
{
	json_t *reg = json_array_get(json_object_get(pp->group,
	    "registrations"), 0);

	*addr = str(reg, "address")[0] ? str(reg, "address") :
	    pp->server_host;
	*port = json_integer_value(json_object_get(reg, "port"));
	if (*port == 0)
		*port = 5060;
	*transport = str(reg, "transport")[0] ? str(reg, "transport") : "UDP";
}

static const char *
time_zone(const struct prov_phone *pp)
{
	const char *tz = str(pp->phone, "time_zone");

	return tz[0] ? tz : str(pp->location, "time_zone");
}

static void
credentials_url(struct strbuf *sb, const char *key, const struct prov_phone *pp,
    const char *base_url, const char *file)
{
	const char *scheme_end = strstr(base_url, "://");
	char url[600];

	/* The phone's own provisioning credentials ride in the URL, so its
	 * next fetch answers the digest challenge. */
	if (scheme_end)
		snprintf(url, sizeof(url), "%.*s%s:%s@%s%s", (int)(scheme_end -
		    base_url + 3), base_url, pp->mac12, pp->prov_password,
		    scheme_end + 3, file);
	else
		snprintf(url, sizeof(url), "%s%s", base_url, file);
	kv(sb, key, url);
}

char *
kv_phone_file(const struct prov_phone *pp, const char *base_url,
    const char *firmware, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *st = json_array_get(json_object_get(pp->phone, "stations"), 0);
	const char *addr, *transport, *sntp = str(pp->location, "sntp_server");
	long long port;
	struct tz_rules r;
	char off[8], model[64];

	model_token(str(pp->phone, "model"), model, sizeof(model));
	strbuf_printf(&sb, "; Switchboard: managed IP phone %s. Generated from "
	    "its configuration; edit the phone, not this file.\n", pp->mac12);
	kv(&sb, "system/type", model);
	kv(&sb, "provisioning/method", "DYNAMIC");
	credentials_url(&sb, "provisioning/configuration/url", pp, base_url,
	    "");
	if (firmware)
		credentials_url(&sb, "provisioning/firmware/url", pp, base_url,
		    firmware);
	first_server(pp, &addr, &port, &transport);
	kv(&sb, "voip/signalling/sip/proxy_address", addr);
	kv_int(&sb, "voip/signalling/sip/proxy_port", port);
	kv(&sb, "voip/signalling/sip/use_proxy", "1");
	kv(&sb, "voip/signalling/sip/sip_registrar/enabled", "1");
	kv(&sb, "voip/signalling/sip/sip_registrar/addr", addr);
	kv_int(&sb, "voip/signalling/sip/sip_registrar/port", port);
	kv(&sb, "voip/signalling/sip/transport_protocol", transport);
	if (st) {
		kv(&sb, "voip/line/0/enabled", "1");
		kv(&sb, "voip/line/0/id", str(st, "sip_username"));
		kv(&sb, "voip/line/0/description", str(st, "label")[0] ?
		    str(st, "label") : str(pp->phone, "name"));
		kv(&sb, "voip/line/0/auth_name", str(st, "sip_username"));
		kv(&sb, "voip/line/0/auth_password", json_string_value(
		    json_array_get(pp->station_passwords, 0)) ?
		    json_string_value(json_array_get(pp->station_passwords, 0)) :
		    "");
	}
	if (sntp[0]) {
		kv(&sb, "system/ntp/enabled", "1");
		kv(&sb, "system/ntp/primary_server_address", sntp);
	}
	if (time_zone(pp)[0] && tz_rules_get(time_zone(pp), &r) == 0) {
		kv_gmt_offset(r.utc_offset, off);
		kv(&sb, "system/ntp/gmt_offset", off);
	}
	kv(&sb, "voip/media/srtp/enabled", strcmp(str(pp->phone,
	    "audio_protocol"), "SRTP") == 0 ? "1" : "0");
	option_params_write(str(pp->phone, "family"), pp->phone, emit_kv, &sb);
	return strbuf_detach(&sb, len);
}

char *
kv_softphone_file(const struct prov_phone *pp, const char *base_url,
    size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *st = json_array_get(json_object_get(pp->phone, "stations"), 0);
	const char *addr, *transport;
	long long port;
	struct tz_rules r;

	strbuf_printf(&sb, "; Switchboard: SIP Soft Phone %s. Generated from "
	    "its configuration.\n", str(pp->phone, "address"));
	kv(&sb, "config/url", base_url);
	first_server(pp, &addr, &port, &transport);
	kv(&sb, "sip/server/address", addr);
	kv_int(&sb, "sip/server/port", port);
	kv(&sb, "sip/server/transport", transport);
	if (st) {
		kv(&sb, "sip/line/1/user", str(st, "sip_username"));
		kv(&sb, "sip/line/1/label", str(st, "label")[0] ? str(st,
		    "label") : str(pp->phone, "name"));
		kv(&sb, "sip/line/1/identification_address", str(st,
		    "identification_address"));
		kv(&sb, "sip/line/1/auth_user", str(st, "sip_username"));
		kv(&sb, "sip/line/1/auth_password", json_string_value(
		    json_array_get(pp->station_passwords, 0)) ?
		    json_string_value(json_array_get(pp->station_passwords, 0)) :
		    "");
	}
	kv(&sb, "media/srtp", strcmp(str(pp->phone, "audio_protocol"),
	    "SRTP") == 0 ? "1" : "0");
	if (time_zone(pp)[0] && tz_rules_get(time_zone(pp), &r) == 0)
		kv_int(&sb, "time/utc_offset", r.utc_offset);
	option_params_write("softphone", pp->phone, emit_kv, &sb);
	kv(&sb, "provisioning/user", str(pp->phone, "address"));
	kv(&sb, "provisioning/password", pp->prov_password ?
	    pp->prov_password : "");
	return strbuf_detach(&sb, len);
}
