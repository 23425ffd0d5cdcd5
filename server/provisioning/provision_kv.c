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
#include "provision.h"

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

/* prefix/leaf=value. */
static void
kv_at(struct strbuf *sb, const char *prefix, const char *leaf,
    const char *value)
{
	char key[160];

	snprintf(key, sizeof(key), "%s/%s", prefix, leaf);
	kv(sb, key, value);
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

/* prefix/leaf=v. */
static void
kv_at_int(struct strbuf *sb, const char *prefix, const char *leaf,
    long long v)
{
	char key[160];

	snprintf(key, sizeof(key), "%s/%s", prefix, leaf);
	kv_int(sb, key, v);
}

void
kv_gmt_offset(int seconds, char out[8])
{
	int a = seconds < 0 ? -seconds : seconds;

	snprintf(out, 8, "%c%02d:%02d", seconds < 0 ? '-' : '+', a / 3600 %
	    100, a % 3600 / 60);
}

/* One registration's server: a DNS SRV registration is its domain (port
 * 0: the phone looks the servers up), the others their address, or the
 * host the phone asked when a line leaves it empty. */
static void
server_of(const struct prov_phone *pp, json_t *reg, const char **addr,
    long long *port, const char **transport, bool *srv)
{
	*srv = strcmp(str(reg, "type"), "dns_srv") == 0;
	*addr = *srv ? str(reg, "domain") : str(reg, "address");
	if ((*addr)[0] == '\0')
		*addr = pp->server_host;
	*port = *srv ? 0 : json_integer_value(json_object_get(reg, "port"));
	if (*port == 0 && !*srv)
		*port = 5060;
	*transport = str(reg, "transport")[0] ? str(reg, "transport") : "UDP";
}

/* One registration under prefix: prefix/address (prefix/srv_leaf for a
 * DNS SRV registration), prefix/port unless DNS SRV, prefix/transport. */
static void
server_entry(struct strbuf *sb, const char *prefix,
    const struct prov_phone *pp, json_t *reg, const char *srv_leaf)
{
	const char *addr, *transport;
	long long port;
	bool srv;

	server_of(pp, reg, &addr, &port, &transport, &srv);
	kv_at(sb, prefix, srv ? srv_leaf : "address", addr);
	if (!srv)
		kv_at_int(sb, prefix, "port", port);
	kv_at(sb, prefix, "transport", transport);
}

/* The registration group of an ISS, AudioCodes or Genesys phone: the
 * first registration is the proxy and registrar, the second the redundant
 * proxy the phone fails over to, later ones (ISS from 2.2.2.77) after it
 * in the group's order (a DNS SRV registration is only ever the first). */
static void
kv_registrations(struct strbuf *sb, const struct prov_phone *pp)
{
	json_t *regs = json_object_get(pp->group, "registrations"), *reg;
	const char *addr, *transport;
	long long port;
	bool srv;
	size_t i;
	char prefix[64];

	server_of(pp, json_array_get(regs, 0), &addr, &port, &transport, &srv);
	kv(sb, "voip/signalling/sip/proxy_address", addr);
	if (!srv)
		kv_int(sb, "voip/signalling/sip/proxy_port", port);
	kv(sb, "voip/signalling/sip/use_proxy", "1");
	kv(sb, "voip/signalling/sip/dns_srv/enabled", srv ? "1" : "0");
	kv(sb, "voip/signalling/sip/sip_registrar/enabled", "1");
	kv(sb, "voip/signalling/sip/sip_registrar/addr", addr);
	if (!srv)
		kv_int(sb, "voip/signalling/sip/sip_registrar/port", port);
	kv(sb, "voip/signalling/sip/transport_protocol", transport);
	kv(sb, "voip/signalling/sip/redundant_proxy/enabled",
	    json_array_size(regs) > 1 ? "1" : "0");
	json_array_foreach(regs, i, reg) {
		if (i == 0)
			continue;
		if (i == 1)
			snprintf(prefix, sizeof(prefix),
			    "voip/signalling/sip/redundant_proxy");
		else
			snprintf(prefix, sizeof(prefix),
			    "voip/signalling/sip/redundant_proxy/%zu", i);
		server_entry(sb, prefix, pp, reg, "address");
	}
}

/* The soft phone: every registration, in the group's order. */
static void
soft_registrations(struct strbuf *sb, const struct prov_phone *pp)
{
	json_t *regs = json_object_get(pp->group, "registrations"), *reg;
	size_t i;
	char prefix[32];

	json_array_foreach(regs, i, reg) {
		snprintf(prefix, sizeof(prefix), "sip/server/%zu", i + 1);
		server_entry(sb, prefix, pp, reg, "srv_domain");
	}
	if (json_array_size(regs) == 0) {
		kv(sb, "sip/server/1/address", pp->server_host);
		kv(sb, "sip/server/1/port", "5060");
		kv(sb, "sip/server/1/transport", "UDP");
	}
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

/* The phone's config_files custom attribute (seed 001, "Custom
 * configuration files" of AudioCodes and Genesys): each file by its URL,
 * fetched with the phone's own credentials like its configuration. */
static void
custom_files(struct strbuf *sb, const struct prov_phone *pp,
    const char *base_url)
{
	char *list = provision_custom_files(pp->phone, pp->mac12), *p;
	char *save = NULL, key[80];
	int n = 0;

	for (p = list ? strtok_r(list, ",", &save) : NULL; p; p = strtok_r(NULL,
	    ",", &save)) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			continue;
		snprintf(key, sizeof(key),
		    "provisioning/configuration/custom_files/%d/url", n++);
		credentials_url(sb, key, pp, base_url, p);
	}
	free(list);
}

char *
kv_phone_file(const struct prov_phone *pp, const char *base_url,
    const char *firmware, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *st = json_array_get(json_object_get(pp->phone, "stations"), 0);
	const char *sntp = str(pp->location, "sntp_server");
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
	custom_files(&sb, pp, base_url);
	kv_registrations(&sb, pp);
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
	struct tz_rules r;

	strbuf_printf(&sb, "; Switchboard: SIP Soft Phone %s. Generated from "
	    "its configuration.\n", str(pp->phone, "address"));
	kv(&sb, "config/url", base_url);
	soft_registrations(&sb, pp);
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
