/* Switchboard — Polycom configuration files. */
#include "provision_polycom.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/tz_rules.h"
#include "option_params.h"

#define HEADER "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long
num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* One attribute on its own line: name="value". */
static void
attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_printf(sb, "  %s=\"", name);
	strbuf_xml(sb, value);
	strbuf_puts(sb, "\"\n");
}

static void
attr_fmt(struct strbuf *sb, const char *fmt, int n, const char *value)
{
	char name[96];

	snprintf(name, sizeof(name), fmt, n);
	attr(sb, name, value);
}

static void
attr_int(struct strbuf *sb, const char *name, long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", v);
	attr(sb, name, s);
}

void
polycom_group_file_name(const char *group, char *out, size_t len)
{
	size_t i;

	for (i = 0; group[i] && i + 1 < len; i++)
		out[i] = isalnum((unsigned char)group[i]) || group[i] == '-' ?
		    group[i] : '_';
	out[i] = '\0';
}

char *
polycom_master(const struct prov_phone *pp, const char *mac12,
    const char *custom, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char group[80];

	strbuf_puts(&sb, HEADER);
	strbuf_printf(&sb, "<!-- Switchboard: master file of %s. -->\n",
	    mac12);
	strbuf_puts(&sb, "<APPLICATION APP_FILE_PATH=\"");
	strbuf_xml(&sb, pp && pp->app_file_path ? pp->app_file_path :
	    "sip.ld");
	strbuf_puts(&sb, "\" CONFIG_FILES=\"server/cert/ca.cfg, ");
	if (pp) {
		polycom_group_file_name(str(pp->phone, "registration_group"),
		    group, sizeof(group));
		strbuf_printf(&sb, "phone/%s.cfg, proxy/%s.cfg, ", pp->guid,
		    group);
	}
	/* The seed: custom files come after server/xic.cfg, "immediately
	 * before it requests phone1.cfg". */
	strbuf_puts(&sb, "server/xic.cfg, ");
	if (pp && custom && custom[0]) {
		strbuf_xml(&sb, custom);
		strbuf_puts(&sb, ", ");
	}
	strbuf_puts(&sb, "phone1.cfg, sip.cfg\" "
	    "MISC_FILES=\"\" LOG_FILE_DIRECTORY=\"logs/\" "
	    "OVERRIDES_DIRECTORY=\"overrides/\" CONTACTS_DIRECTORY=\"contacts/\" "
	    "LICENSE_DIRECTORY=\"\" USER_PROFILES_DIRECTORY=\"\" "
	    "CALL_LISTS_DIRECTORY=\"\" COREFILE_DIRECTORY=\"\"/>\n");
	return strbuf_detach(&sb, len);
}

/* A DNS SRV registration without a transport lets the phone ask NAPTR
 * first; with one, the phone looks up that transport's SRV record. */
static const char *
polycom_transport(const char *t, const char *type)
{
	if (strcmp(t, "TLS") == 0)
		return "TLS";
	if (strcmp(t, "TCP") == 0)
		return "TCPOnly";
	if (strcmp(t, "UDP") == 0)
		return "UDPOnly";
	return strcmp(type, "dns_srv") == 0 ? "DNSnaptr" : "UDPOnly";
}

/* One registration's server as prefix.address/.port/.transport: a Line,
 * Manual or Managed Proxy registration by its address (the host the
 * phone asked when the line leaves it empty), a DNS SRV registration by
 * its domain with port 0, so the phone looks the servers up (seed 001:
 * "Obtain registration settings automatically using DNS SRV"). */
static void
server_attrs(struct strbuf *sb, const char *prefix, json_t *reg,
    const char *server_host)
{
	bool srv = strcmp(str(reg, "type"), "dns_srv") == 0;
	const char *addr = srv ? str(reg, "domain") : str(reg, "address");
	char name[96];

	snprintf(name, sizeof(name), "%s.address", prefix);
	attr(sb, name, addr[0] ? addr : server_host);
	snprintf(name, sizeof(name), "%s.port", prefix);
	attr_int(sb, name, srv ? 0 : num(reg, "port"));
	snprintf(name, sizeof(name), "%s.transport", prefix);
	attr(sb, name, polycom_transport(str(reg, "transport"),
	    str(reg, "type")));
}

/* "sip:1001@pbx.example.com:5061" -> user, host, port. */
static void
split_sip(const char *uri, char user[128], char host[256], char port[16])
{
	const char *at, *colon;

	user[0] = host[0] = port[0] = '\0';
	if (strncmp(uri, "sip:", 4) != 0 || (at = strchr(uri, '@')) == NULL)
		return;
	snprintf(user, 128, "%.*s", (int)(at - uri - 4), uri + 4);
	colon = strchr(at + 1, ':');
	snprintf(host, 256, "%.*s", colon ? (int)(colon - at - 1) :
	    (int)strlen(at + 1), at + 1);
	if (colon)
		snprintf(port, 16, "%s", colon + 1);
}

/* An external registration registers with its External group's servers,
 * in the group's order; a group without any falls back to the host of
 * the identification address. */
static void
external_servers(struct strbuf *sb, int n, json_t *group, const char *host,
    const char *port)
{
	json_t *reg;
	size_t m;
	char prefix[64];

	if (json_array_size(json_object_get(group, "registrations")) == 0) {
		attr_fmt(sb, "reg.%d.server.1.address", n, host);
		if (port[0])
			attr_fmt(sb, "reg.%d.server.1.port", n, port);
		return;
	}
	json_array_foreach(json_object_get(group, "registrations"), m, reg) {
		snprintf(prefix, sizeof(prefix), "reg.%d.server.%d", n,
		    (int)m + 1);
		server_attrs(sb, prefix, reg, host);
	}
}

/* Call Forwarding of the station on line n (its Station Configuration
 * tab): forward all, on busy, on no answer after a number of rings.
 * Nothing is written for a kind that is off. */
static void
forwarding(struct strbuf *sb, json_t *st, int n)
{
	json_t *f = json_object_get(st, "call_forwarding");
	char v[32];

	if (str(f, "all")[0]) {
		attr_fmt(sb, "reg.%d.fwdStatus", n, "1");
		attr_fmt(sb, "reg.%d.fwdContact", n, str(f, "all"));
	}
	if (str(f, "busy")[0]) {
		attr_fmt(sb, "reg.%d.fwd.busy.status", n, "1");
		attr_fmt(sb, "reg.%d.fwd.busy.contact", n, str(f, "busy"));
	}
	if (str(f, "no_answer")[0]) {
		attr_fmt(sb, "reg.%d.fwd.noanswer.status", n, "1");
		attr_fmt(sb, "reg.%d.fwd.noanswer.contact", n, str(f,
		    "no_answer"));
		snprintf(v, sizeof(v), "%lld", num(f, "no_answer_rings"));
		attr_fmt(sb, "reg.%d.fwd.noanswer.ringCount", n, v);
	}
}

static void
registrations(struct strbuf *sb, const struct prov_phone *pp)
{
	json_t *st;
	size_t i;
	int n = 0;
	char v[32];

	json_array_foreach(json_object_get(pp->phone, "stations"), i, st) {
		const char *label = str(st, "label");

		n++;
		/* A sharable station is mirrored on other phones (seed 001,
		 * "Shared line appearances"): its own phone shares it too. */
		attr_fmt(sb, "reg.%d.type", n, json_is_true(json_object_get(st,
		    "sharable")) ? "shared" : "private");
		attr_fmt(sb, "reg.%d.address", n, str(st, "sip_username"));
		attr_fmt(sb, "reg.%d.auth.userId", n, str(st,
		    "sip_username"));
		attr_fmt(sb, "reg.%d.auth.password", n, json_string_value(
		    json_array_get(pp->station_passwords, i)) ?
		    json_string_value(json_array_get(pp->station_passwords,
		    i)) : "");
		attr_fmt(sb, "reg.%d.label", n, label[0] ? label : str(st,
		    "extension"));
		attr_fmt(sb, "reg.%d.displayName", n, label[0] ? label :
		    str(pp->phone, "name"));
		snprintf(v, sizeof(v), "%lld", num(st, "line_keys"));
		attr_fmt(sb, "reg.%d.lineKeys", n, v);
		snprintf(v, sizeof(v), "%lld", num(st, "calls_per_line_key"));
		attr_fmt(sb, "reg.%d.callsPerLineKey", n, v);
		forwarding(sb, st, n);
	}
	json_array_foreach(pp->shared, i, st) {
		n++;
		attr_fmt(sb, "reg.%d.type", n, "shared");
		attr_fmt(sb, "reg.%d.address", n, str(st, "username"));
		attr_fmt(sb, "reg.%d.auth.userId", n, str(st, "username"));
		attr_fmt(sb, "reg.%d.auth.password", n, str(st, "password"));
		attr_fmt(sb, "reg.%d.label", n, str(st, "label"));
		snprintf(v, sizeof(v), "%lld", num(st, "line_keys"));
		attr_fmt(sb, "reg.%d.lineKeys", n, v);
	}
	json_array_foreach(json_object_get(pp->phone,
	    "external_registrations"), i, st) {
		char user[128], host[256], port[16];
		const char *pw = json_string_value(json_array_get(
		    pp->external_passwords, i));

		n++;
		split_sip(str(st, "identification_address"), user, host, port);
		attr_fmt(sb, "reg.%d.type", n, "private");
		attr_fmt(sb, "reg.%d.address", n, user);
		attr_fmt(sb, "reg.%d.label", n, str(st, "label"));
		attr_fmt(sb, "reg.%d.displayName", n, str(st, "display_name"));
		if (pw && pw[0]) {
			attr_fmt(sb, "reg.%d.auth.userId", n, str(st,
			    "auth_username"));
			attr_fmt(sb, "reg.%d.auth.password", n, pw);
		}
		external_servers(sb, n, json_array_get(pp->external_groups, i),
		    host, port);
		snprintf(v, sizeof(v), "%lld", num(st, "line_keys"));
		attr_fmt(sb, "reg.%d.lineKeys", n, v);
	}
}

static void
dst_change(struct strbuf *sb, const char *which, const struct tz_change *c)
{
	char name[96];

	snprintf(name, sizeof(name), "tcpIpApp.sntp.daylightSavings.%s.month",
	    which);
	attr_int(sb, name, c->month);
	/* Not a fixed day: the first dayOfWeek on or after date. */
	snprintf(name, sizeof(name), "tcpIpApp.sntp.daylightSavings.%s.date",
	    which);
	attr_int(sb, name, c->week >= 5 ? 1 : (c->week - 1) * 7 + 1);
	snprintf(name, sizeof(name),
	    "tcpIpApp.sntp.daylightSavings.%s.dayOfWeek", which);
	attr_int(sb, name, c->weekday + 1);	/* Polycom: 1 = Sunday */
	snprintf(name, sizeof(name),
	    "tcpIpApp.sntp.daylightSavings.%s.dayOfWeek.lastInMonth", which);
	attr_int(sb, name, c->week >= 5);
	snprintf(name, sizeof(name), "tcpIpApp.sntp.daylightSavings.%s.time",
	    which);
	attr_int(sb, name, c->hour);
}

static void
time_settings(struct strbuf *sb, const struct prov_phone *pp)
{
	const char *tz = str(pp->phone, "time_zone");
	const char *sntp = str(pp->location, "sntp_server");
	struct tz_rules r;

	if (tz[0] == '\0')
		tz = str(pp->location, "time_zone");
	/* Whether these override DHCP's is an Advanced Option. */
	if (sntp[0])
		attr(sb, "tcpIpApp.sntp.address", sntp);
	if (tz[0] && tz_rules_get(tz, &r) == 0) {
		attr_int(sb, "tcpIpApp.sntp.gmtOffset", r.utc_offset);
		attr(sb, "tcpIpApp.sntp.daylightSavings.enable", r.dst ? "1" :
		    "0");
		if (r.dst) {
			attr(sb, "tcpIpApp.sntp.daylightSavings.fixedDayEnable",
			    "0");
			dst_change(sb, "start", &r.start);
			dst_change(sb, "stop", &r.end);
		}
	}
}

/* "English, United States" -> "English_United_States". */
static void
language(struct strbuf *sb, const char *lang)
{
	char v[96];
	size_t i, o = 0;

	if (lang[0] == '\0')
		return;
	for (i = 0; lang[i] && o + 1 < sizeof(v); i++) {
		if (lang[i] == ',')
			continue;
		v[o++] = lang[i] == ' ' ? '_' : lang[i];
	}
	v[o] = '\0';
	attr(sb, "lcl.ml.lang", v);
}

static void
emit_attr(void *arg, const char *name, const char *value)
{
	attr(arg, name, value);
}

char *
polycom_phone_file(const struct prov_phone *pp, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	bool srtp = strcmp(str(pp->phone, "audio_protocol"), "SRTP") == 0;

	strbuf_puts(&sb, HEADER);
	strbuf_printf(&sb, "<!-- Switchboard: managed IP phone %s. Generated "
	    "from its configuration; edit the phone, not this file. -->\n",
	    pp->mac12);
	strbuf_puts(&sb, "<polycomConfig\n");
	registrations(&sb, pp);
	attr(&sb, "voIpProt.SIP.specialEvent.checkSync.alwaysReboot", "1");
	attr(&sb, "sec.tagSerialNo", "1");
	attr(&sb, "sec.srtp.enable", srtp ? "1" : "0");
	attr(&sb, "sec.srtp.offer", srtp ? "1" : "0");
	attr(&sb, "sec.srtp.require", srtp ? "1" : "0");
	language(&sb, str(pp->phone, "language"));
	time_settings(&sb, pp);
	option_params_write("polycom", pp->phone, emit_attr, &sb);
	/* Its own provisioning credentials: every later request proves it. */
	attr(&sb, "device.set", "1");
	attr(&sb, "device.prov.user", pp->mac12);
	attr(&sb, "device.prov.user.set", "1");
	attr(&sb, "device.prov.password", pp->prov_password);
	attr(&sb, "device.prov.password.set", "1");
	strbuf_puts(&sb, "/>\n");
	return strbuf_detach(&sb, len);
}


char *
polycom_proxy_file(json_t *group, const char *server_host, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *reg;
	size_t i;
	char name[64];

	strbuf_puts(&sb, HEADER);
	strbuf_printf(&sb, "<!-- Switchboard: registration group. -->\n");
	strbuf_puts(&sb, "<polycomConfig\n");
	/* The phone tries them in this order: fail-over as the seed's
	 * "attempts to use the first registration. If it fails, it uses the
	 * second one". */
	json_array_foreach(json_object_get(group, "registrations"), i, reg) {
		snprintf(name, sizeof(name), "voIpProt.server.%d", (int)i + 1);
		server_attrs(&sb, name, reg, server_host);
		snprintf(name, sizeof(name), "voIpProt.server.%d.expires",
		    (int)i + 1);
		attr(&sb, name, "3600");
	}
	strbuf_puts(&sb, "/>\n");
	return strbuf_detach(&sb, len);
}

char *
polycom_xic_file(size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, HEADER);
	strbuf_puts(&sb, "<!-- Switchboard: dial plan and features. *901 "
	    "<extension> zone page, *902 <orbit> park, *903 <orbit> pick up a "
	    "parked call, *904 (<orbit>) list parked calls. -->\n");
	strbuf_puts(&sb, "<polycomConfig\n");
	attr(&sb, "dialplan.digitmap", "*901x.T|*902x.T|*903x.T|*904|*904x.T|"
	    "[2-9]xxx|[2-9]xxxxxxxxx|1xxxxxxxxxx|0T|011x.T|x.T");
	attr(&sb, "dialplan.digitmap.timeOut", "3");
	attr(&sb, "feature.callPark.enabled", "1");
	attr(&sb, "call.parkedCallRetrieveMethod", "legacy");
	attr(&sb, "call.parkedCallRetrieveString", "*903");
	attr(&sb, "voIpProt.SIP.specialEvent.checkSync.alwaysReboot", "1");
	strbuf_puts(&sb, "/>\n");
	return strbuf_detach(&sb, len);
}

char *
polycom_defaults_file(const char *name, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, HEADER);
	strbuf_printf(&sb, "<!-- Switchboard: %s, the Polycom-default "
	    "configuration. Every setting the appliance manages comes "
	    "earlier in CONFIG_FILES; to serve Polycom's own %s, upload it "
	    "as a custom file. -->\n", name, name);
	strbuf_puts(&sb, "<polycomConfig\n");
	attr(&sb, "voIpProt.SIP.enable", "1");
	attr(&sb, "voIpProt.SIP.outboundProxy.address", "");
	attr(&sb, "prov.autoConfigUpload.enabled", "1");
	strbuf_puts(&sb, "/>\n");
	return strbuf_detach(&sb, len);
}

char *
polycom_ca_file(const char *pem, size_t *len)
{
	struct strbuf sb = STRBUF_INIT, certs = STRBUF_INIT;
	const char *p = pem, *b, *e;

	/* Certificates only: the private key beside them never leaves. */
	while ((b = strstr(p, "-----BEGIN CERTIFICATE-----")) != NULL &&
	    (e = strstr(b, "-----END CERTIFICATE-----")) != NULL) {
		e += strlen("-----END CERTIFICATE-----");
		strbuf_add(&certs, b, (size_t)(e - b));
		strbuf_puts(&certs, "\n");
		p = e;
	}
	strbuf_puts(&sb, HEADER);
	strbuf_puts(&sb, "<!-- Switchboard: the certificate phones trust for "
	    "TLS to this appliance. -->\n<polycomConfig\n");
	attr(&sb, "sec.TLS.customCaCert.1", certs.buf ? certs.buf : "");
	attr(&sb, "sec.TLS.profile.1.caCertList", "Builtin,Platform1,"
	    "Platform2,Platform3,Custom1");
	strbuf_puts(&sb, "/>\n");
	strbuf_release(&certs);
	return strbuf_detach(&sb, len);
}
