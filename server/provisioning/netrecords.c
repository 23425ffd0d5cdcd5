/* Switchboard — DHCP and DNS records for the voice network. */
#include "netrecords.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/netaddr.h"
#include "../lib/strbuf.h"
#include "../lib/tz_rules.h"

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Member k of o is given (not null) but is no string: read as "" it
 * would quietly replace a saved value with the default. */
static bool
not_text(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return v != NULL && !json_is_null(v) && !json_is_string(v);
}

static bool
ipv4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return false;
	if (out)
		*out = ntohl(a.s_addr);
	return true;
}

/* Member k of in is def (also when left out or null) or other: copied
 * into out. -1 for anything else. */
static int
one_of(json_t *in, const char *k, const char *def, const char *other,
    json_t *out)
{
	const char *s = str(in, k);

	if (not_text(in, k))
		return -1;
	if (s[0] == '\0')
		s = def;
	if (strcmp(s, def) != 0 && strcmp(s, other) != 0)
		return -1;
	json_object_set_new(out, k, json_string(s));
	return 0;
}

static int
fail(char *field, size_t fieldlen, const char **msg, const char *f,
    const char *m)
{
	snprintf(field, fieldlen, "%s", f);
	*msg = m;
	return -1;
}

/* A list of at most max IPv4 addresses (min of them required). */
static int
ipv4_list(json_t *in, const char *key, size_t min, size_t max, json_t *out,
    char *field, size_t fieldlen, const char **msg)
{
	json_t *a = json_object_get(in, key), *v;
	size_t i;

	if (a == NULL && min == 0) {
		json_object_set_new(out, key, json_array());
		return 0;
	}
	if (!json_is_array(a) || json_array_size(a) < min ||
	    json_array_size(a) > max)
		return fail(field, fieldlen, msg, key, "A list of IPv4 "
		    "addresses.");
	json_array_foreach(a, i, v)
		if (!json_is_string(v) || !ipv4(json_string_value(v), NULL)) {
			char f[64];

			snprintf(f, sizeof(f), "%s[%zu]", key, i);
			return fail(field, fieldlen, msg, f, "Not an IPv4 "
			    "address.");
		}
	json_object_set(out, key, a);
	return 0;
}

json_t *
netrecords_check(json_t *in, int (*location_ok)(void *, const char *),
    void *arg, char *field, size_t fieldlen, const char **msg)
{
	json_t *out = json_object(), *a, *v, *ports;
	const char *s;
	size_t i;
	json_int_t n;

	if (!json_is_object(in))
		goto bad_body;
	s = str(in, "domain");
	if (!netaddr_domain_ok(s) || strchr(s, '.') == NULL) {
		fail(field, fieldlen, msg, "domain", "The DNS domain of the "
		    "voice network, such as lab.voip.");
		goto bad;
	}
	json_object_set_new(out, "domain", json_string(s));
	s = str(in, "provision_host");
	if (s[0] == '\0' || strchr(s, '.') || !netaddr_host_ok(s)) {
		fail(field, fieldlen, msg, "provision_host", "One label, such "
		    "as provision: the Host (A) record of the provisioning "
		    "server.");
		goto bad;
	}
	json_object_set_new(out, "provision_host", json_string(s));
	v = json_object_get(in, "provision_port");
	n = v ? json_integer_value(v) : 8088;
	if ((v && !json_is_integer(v)) || n < 1 || n > 65535) {
		fail(field, fieldlen, msg, "provision_port", "A port, 1 to "
		    "65535.");
		goto bad;
	}
	json_object_set_new(out, "provision_port", json_integer(n));
	if (ipv4_list(in, "provision_addresses", 1, 2, out, field, fieldlen,
	    msg) || ipv4_list(in, "dns_servers", 0, 4, out, field, fieldlen,
	    msg))
		goto bad;
	a = json_object_get(in, "pbx_hosts");
	if (!json_is_array(a) || json_array_size(a) < 1 ||
	    json_array_size(a) > 2) {
		fail(field, fieldlen, msg, "pbx_hosts", "The one or two SIP "
		    "servers (host names) of the switchover pair.");
		goto bad;
	}
	json_array_foreach(a, i, v)
		if (!json_is_string(v) || !netaddr_host_ok(json_string_value(
		    v)) || strchr(json_string_value(v), '.') == NULL) {
			snprintf(field, fieldlen, "pbx_hosts[%zu]", i);
			*msg = "A host name such as vm40ic1.lab.voip.";
			goto bad;
		}
	json_object_set(out, "pbx_hosts", a);
	if ((v = json_object_get(in, "sip_ports")) != NULL &&
	    !json_is_null(v) && !json_is_object(v)) {
		fail(field, fieldlen, msg, "sip_ports", "The SIP ports are an "
		    "object: {\"udp\",\"tcp\",\"tls\"}.");
		goto bad;
	}
	ports = json_object();
	{
		static const char *const t[] = { "udp", "tcp", "tls" };
		static const int def[] = { 5060, 5060, 5061 };

		for (i = 0; i < 3; i++) {
			v = json_object_get(json_object_get(in, "sip_ports"),
			    t[i]);
			n = v ? json_integer_value(v) : def[i];
			if ((v && !json_is_integer(v)) || n < 0 || n > 65535) {
				snprintf(field, fieldlen, "sip_ports.%s", t[i]);
				*msg = "A port (0 leaves that transport out).";
				json_decref(ports);
				goto bad;
			}
			json_object_set_new(ports, t[i], json_integer(n));
		}
	}
	json_object_set_new(out, "sip_ports", ports);
	s = str(in, "tftp_server");
	if (not_text(in, "tftp_server") || (s[0] && !ipv4(s, NULL))) {
		fail(field, fieldlen, msg, "tftp_server", "The IPv4 address of "
		    "the TFTP server phones use in recovery mode.");
		goto bad;
	}
	json_object_set_new(out, "tftp_server", json_string(s));
	/* The appliance's time server: what a location's SNTP "Use IC
	 * server" (left empty) gives its phones and its DHCP scope. */
	s = str(in, "time_server");
	if (not_text(in, "time_server") || (s[0] && !netaddr_host_ok(s))) {
		fail(field, fieldlen, msg, "time_server", "The time server "
		    "phones use where a location says \"Use IC server\": an "
		    "IPv4 address or a host name such as ntp.lab.voip.");
		goto bad;
	}
	json_object_set_new(out, "time_server", json_string(s));
	/* The seed: "Set either option 004 or 042, not both." */
	if (one_of(in, "time_server_option", "042", "004", out) != 0) {
		fail(field, fieldlen, msg, "time_server_option", "\"042\" "
		    "(NTP servers) or \"004\" (time servers): one of them, "
		    "never both.");
		goto bad;
	}
	/* Which Vendor Classes get an option 067: the models the estate
	 * has phones of, or the seed's whole list. */
	if (one_of(in, "recovery_classes", "estate", "all", out) != 0) {
		fail(field, fieldlen, msg, "recovery_classes", "\"estate\" "
		    "(the models there are phones of) or \"all\" (every "
		    "model with a recovery image).");
		goto bad;
	}
	v = json_object_get(in, "voice_vlan");
	n = v ? json_integer_value(v) : 0;
	if ((v && !json_is_integer(v)) || n < 0 || n > 4094) {
		fail(field, fieldlen, msg, "voice_vlan", "A VLAN ID, 1 to 4094 "
		    "(0: none).");
		goto bad;
	}
	json_object_set_new(out, "voice_vlan", json_integer(n));
	a = json_object_get(in, "subnets");
	if (a && (!json_is_array(a) || json_array_size(a) > 64)) {
		fail(field, fieldlen, msg, "subnets", "At most 64 subnets.");
		goto bad;
	}
	json_object_set_new(out, "subnets", json_array());
	json_array_foreach(a, i, v) {
		uint32_t net, lo, hi, r, mask;
		char cidr[64], *slash;
		long bits;
		const char *what = NULL, *fname = NULL;

		snprintf(cidr, sizeof(cidr), "%s", str(v, "subnet"));
		slash = strchr(cidr, '/');
		if (slash)
			*slash++ = '\0';
		bits = slash ? strtol(slash, NULL, 10) : -1;
		mask = bits > 0 ? 0xffffffffu << (32 - bits) : 0;
		if (!location_ok(arg, str(v, "location"))) {
			fname = "location";
			what = "No location has that name.";
		} else if (!ipv4(cidr, &net) || bits < 8 || bits > 30 ||
		    (net & ~mask) != 0) {
			fname = "subnet";
			what = "A network such as 10.250.1.0/24 (prefix 8 to "
			    "30).";
		} else if (!ipv4(str(v, "range_start"), &lo) || (lo & mask) !=
		    net) {
			fname = "range_start";
			what = "An address inside the subnet.";
		} else if (!ipv4(str(v, "range_end"), &hi) || (hi & mask) !=
		    net || hi < lo) {
			fname = "range_end";
			what = "An address inside the subnet, not before the "
			    "range start.";
		} else if (not_text(v, "router") || (str(v, "router")[0] &&
		    (!ipv4(str(v, "router"), &r) || (r & mask) != net))) {
			fname = "router";
			what = "The default gateway, inside the subnet.";
		}
		if (what) {
			snprintf(field, fieldlen, "subnets[%zu].%s", i, fname);
			*msg = what;
			goto bad;
		}
		json_array_append_new(json_object_get(out, "subnets"),
		    json_pack("{s:s,s:s,s:s,s:s,s:s}", "location", str(v,
		    "location"), "subnet", str(v, "subnet"), "range_start",
		    str(v, "range_start"), "range_end", str(v, "range_end"),
		    "router", str(v, "router")));
	}
	return out;
bad_body:
	fail(field, fieldlen, msg, "", "The settings are an object.");
bad:
	json_decref(out);
	return NULL;
}

void
netrecords_time_offset_hex(int32_t seconds, char out[9])
{
	snprintf(out, 9, "%08X", (uint32_t)seconds);
}

static void
netmask_of(const char *cidr, char net[16], char mask[16])
{
	const char *slash = strchr(cidr, '/');
	long bits = slash ? strtol(slash + 1, NULL, 10) : 32;
	uint32_t m = bits > 0 ? 0xffffffffu << (32 - bits) : 0;

	snprintf(net, 16, "%.*s", slash ? (int)(slash - cidr) : 15, cidr);
	snprintf(mask, 16, "%u.%u.%u.%u", m >> 24, (m >> 16) & 255,
	    (m >> 8) & 255, m & 255);
}

static void
prov_url(json_t *set, char *out, size_t len)
{
	snprintf(out, len, "http://%s.%s:%lld", str(set, "provision_host"),
	    str(set, "domain"), (long long)json_integer_value(json_object_get(
	    set, "provision_port")));
}

/* What one subnet's options come to. */
struct opts {
	bool		 have_offset;
	int		 offset;
	char		 hex[9];
	const char	*ntp;	/* an IPv4 address, or NULL */
	bool		 opt004;	/* option 004 instead of 042 */
};

static void
location_opts(json_t *set, json_t *locations, json_t *sub, json_t *warnings,
    struct opts *o)
{
	json_t *loc = json_object_get(locations, str(sub, "location"));
	struct tz_rules r;
	char msg[300];

	const char *ntp = str(loc, "sntp_server");

	memset(o, 0, sizeof(*o));
	o->opt004 = strcmp(str(set, "time_server_option"), "004") == 0;
	if (ntp[0] == '\0')	/* "Use IC server": the appliance's own */
		ntp = str(set, "time_server");
	if (str(loc, "time_zone")[0] && tz_rules_get(str(loc, "time_zone"),
	    &r) == 0) {
		o->have_offset = true;
		o->offset = r.utc_offset;
		netrecords_time_offset_hex(r.utc_offset, o->hex);
	} else {
		snprintf(msg, sizeof(msg), "Location %s has no time zone: "
		    "option 002 is left out for %s.", str(sub, "location"),
		    str(sub, "subnet"));
		json_array_append_new(warnings, json_string(msg));
	}
	if (ipv4(ntp, NULL)) {
		o->ntp = ntp;
	} else if (ntp[0]) {
		snprintf(msg, sizeof(msg), "Location %s's SNTP server %s is a "
		    "host name; option %s takes IPv4 addresses and is left "
		    "out (the phones' files carry it).", str(sub, "location"),
		    ntp, o->opt004 ? "004" : "042");
		json_array_append_new(warnings, json_string(msg));
	}
}

static void
join_list(struct strbuf *sb, json_t *a, const char *sep)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v) {
		if (i)
			strbuf_puts(sb, sep);
		strbuf_puts(sb, json_string_value(v));
	}
}

/* "00:04:f2,64:16:7f" -> the ISC/Kea/dnsmasq match expressions. */
static void
match_isc(struct strbuf *sb, const char *prefixes)
{
	char buf[128], *p, *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", prefixes);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		strbuf_printf(sb, "%ssubstring(hardware, 1, 3) = %s", n++ ?
		    " or " : "", p);
}

static void
match_kea(struct strbuf *sb, const char *prefixes)
{
	char buf[128], *p, *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", prefixes);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",",
	    &save)) {
		char hexd[8];
		int i, j;

		for (i = j = 0; p[i] && j < 6; i++)
			if (p[i] != ':')
				hexd[j++] = p[i];
		hexd[j] = '\0';
		strbuf_printf(sb, "%ssubstring(pkt4.mac,0,3) == 0x%s", n++ ?
		    " or " : "", hexd);
	}
}

#define OPT067_NOTE "\n# Option 067 by Vendor Class (option 60): the " \
	"image a phone in\n# recovery mode fetches from the TFTP server " \
	"(option 066).\n"

static long long
vlan(json_t *set)
{
	return (long long)json_integer_value(json_object_get(set,
	    "voice_vlan"));
}

void
netrecords_vendor_class(const char *image, char *out, size_t len)
{
	size_t n = strlen(image), i;

	if (n > 4 && strcasecmp(image + n - 4, ".img") == 0)
		n -= 4;
	for (i = 0; i < n && i + 1 < len; i++)
		out[i] = (char)toupper((unsigned char)image[i]);
	if (len)
		out[i] = '\0';
}

/* dnsmasq matches a vendor class as a substring ("405" is in "405HD"):
 * a class's 067 excludes the tags of the classes that contain it. */
static void
dnsmasq_vendor_classes(struct strbuf *sb, json_t *images)
{
	char vc[NETRECORDS_CLASS_MAX], other[NETRECORDS_CLASS_MAX];
	json_t *img, *o;
	size_t i, j, k;

	json_array_foreach(images, i, img) {
		netrecords_vendor_class(json_string_value(img), vc, sizeof(vc));
		for (k = 0; vc[k]; k++)
			other[k] = (char)tolower((unsigned char)vc[k]);
		other[k] = '\0';
		strbuf_printf(sb, "%sdhcp-vendorclass=set:vc-%s,%s\n"
		    "dhcp-option=tag:vc-%s", i ? "" : OPT067_NOTE, other, vc,
		    other);
		json_array_foreach(images, j, o) {
			char ovc[NETRECORDS_CLASS_MAX];

			netrecords_vendor_class(json_string_value(o), ovc,
			    sizeof(ovc));
			if (j == i || strstr(ovc, vc) == NULL)
				continue;
			for (k = 0; ovc[k]; k++)
				ovc[k] = (char)tolower((unsigned char)ovc[k]);
			strbuf_printf(sb, ",tag:!vc-%s", ovc);
		}
		strbuf_printf(sb, ",option:bootfile-name,%s\n",
		    json_string_value(img));
	}
}

static void
isc(struct strbuf *sb, json_t *set, json_t *locations, json_t *recovery,
    json_t *images, json_t *prefixes, json_t *warnings)
{
	json_t *sub, *img;
	const char *maker;
	json_t *pre;
	char url[300], net[16], mask[16];
	size_t i;

	prov_url(set, url, sizeof(url));
	strbuf_puts(sb, "# Switchboard: DHCP options for managed IP phones "
	    "(ISC dhcpd).\n");
	strbuf_puts(sb, "option prov-url code 160 = text;\n");
	strbuf_puts(sb, "option voice-vlan code 132 = text;\n\n");
	json_object_foreach(prefixes, maker, pre) {
		strbuf_printf(sb, "class \"%s\" {\n  match if ", maker);
		match_isc(sb, json_string_value(pre));
		strbuf_puts(sb, ";\n");
		if (json_object_get(recovery, maker)) {
			if (str(set, "tftp_server")[0])
				strbuf_printf(sb, "  option tftp-server-name "
				    "\"%s\";\n", str(set, "tftp_server"));
			if (vlan(set) > 0)
				strbuf_printf(sb, "  option voice-vlan \"%lld\";"
				    "\n", vlan(set));
		}
		strbuf_puts(sb, "}\n");
	}
	json_array_foreach(images, i, img) {
		char vc[NETRECORDS_CLASS_MAX];

		netrecords_vendor_class(json_string_value(img), vc, sizeof(vc));
		strbuf_printf(sb, "%sclass \"%s Class\" {\n  match if option "
		    "vendor-class-identifier = \"%s\";\n  option "
		    "bootfile-name \"%s\";\n}\n", i ? "" : OPT067_NOTE, vc, vc,
		    json_string_value(img));
	}
	json_array_foreach(json_object_get(set, "subnets"), i, sub) {
		struct opts o;

		location_opts(set, locations, sub, warnings, &o);
		netmask_of(str(sub, "subnet"), net, mask);
		strbuf_printf(sb, "\n# Location: %s\nsubnet %s netmask %s {\n",
		    str(sub, "location"), net, mask);
		strbuf_printf(sb, "  range %s %s;\n", str(sub, "range_start"),
		    str(sub, "range_end"));
		if (str(sub, "router")[0])
			strbuf_printf(sb, "  option routers %s;\n", str(sub,
			    "router"));
		if (o.have_offset)
			strbuf_printf(sb, "  option time-offset %d;  # hex "
			    "%s\n", o.offset, o.hex);
		if (o.ntp)
			strbuf_printf(sb, "  option %s %s;\n", o.opt004 ?
			    "time-servers" : "ntp-servers", o.ntp);
		if (json_array_size(json_object_get(set, "dns_servers"))) {
			strbuf_puts(sb, "  option domain-name-servers ");
			join_list(sb, json_object_get(set, "dns_servers"),
			    ", ");
			strbuf_puts(sb, ";\n");
		}
		strbuf_printf(sb, "  option domain-name \"%s\";\n", str(set,
		    "domain"));
		strbuf_printf(sb, "  option prov-url \"%s\";\n}\n", url);
	}
}

static void
kea_opt(struct strbuf *sb, int *n, const char *name, const char *data)
{
	strbuf_printf(sb, "%s\n        {\"name\": \"%s\", \"data\": \"%s\"}",
	    (*n)++ ? "," : "", name, data);
}

static void
kea(struct strbuf *sb, json_t *set, json_t *locations, json_t *recovery,
    json_t *images, json_t *prefixes, json_t *warnings)
{
	json_t *sub, *pre, *img;
	const char *maker;
	char url[300], buf[64];
	size_t i;
	int c = 0;

	prov_url(set, url, sizeof(url));
	strbuf_puts(sb, "{\n  \"Dhcp4\": {\n    \"interfaces-config\": "
	    "{\"interfaces\": []},\n    \"option-def\": [\n      {\"name\": "
	    "\"prov-url\", \"code\": 160, \"type\": \"string\", \"space\": "
	    "\"dhcp4\"},\n      {\"name\": \"voice-vlan\", \"code\": 132, "
	    "\"type\": \"string\", \"space\": \"dhcp4\"}\n    ],\n"
	    "    \"client-classes\": [");
	json_object_foreach(prefixes, maker, pre) {
		int n = 0;

		strbuf_printf(sb, "%s\n      {\"name\": \"%s\", \"test\": \"",
		    c++ ? "," : "", maker);
		match_kea(sb, json_string_value(pre));
		strbuf_puts(sb, "\", \"option-data\": [");
		if (json_object_get(recovery, maker)) {
			if (str(set, "tftp_server")[0])
				kea_opt(sb, &n, "tftp-server-name", str(set,
				    "tftp_server"));
			if (vlan(set) > 0) {
				snprintf(buf, sizeof(buf), "%lld", vlan(set));
				kea_opt(sb, &n, "voice-vlan", buf);
			}
		}
		strbuf_puts(sb, "]}");
	}
	/* Option 067 by Vendor Class (option 60). */
	json_array_foreach(images, i, img) {
		char vc[NETRECORDS_CLASS_MAX];
		int n = 0;

		netrecords_vendor_class(json_string_value(img), vc, sizeof(vc));
		strbuf_printf(sb, "%s\n      {\"name\": \"%s Class\", \"test\": "
		    "\"option[60].text == '%s'\", \"option-data\": [", c++ ?
		    "," : "", vc, vc);
		kea_opt(sb, &n, "boot-file-name", json_string_value(img));
		strbuf_puts(sb, "]}");
	}
	strbuf_puts(sb, "\n    ],\n    \"subnet4\": [");
	json_array_foreach(json_object_get(set, "subnets"), i, sub) {
		struct opts o;
		int n = 0;

		location_opts(set, locations, sub, warnings, &o);
		strbuf_printf(sb, "%s\n      {\"id\": %zu, \"subnet\": \"%s\", "
		    "\"user-context\": {\"location\": \"%s\"},\n       "
		    "\"pools\": [{\"pool\": \"%s - %s\"}],\n       "
		    "\"option-data\": [", i ? "," : "", i + 1, str(sub,
		    "subnet"), str(sub, "location"), str(sub, "range_start"),
		    str(sub, "range_end"));
		if (str(sub, "router")[0])
			kea_opt(sb, &n, "routers", str(sub, "router"));
		if (o.have_offset) {
			snprintf(buf, sizeof(buf), "%d", o.offset);
			kea_opt(sb, &n, "time-offset", buf);
		}
		if (o.ntp)
			kea_opt(sb, &n, o.opt004 ? "time-servers" :
			    "ntp-servers", o.ntp);
		if (json_array_size(json_object_get(set, "dns_servers"))) {
			struct strbuf l = STRBUF_INIT;

			join_list(&l, json_object_get(set, "dns_servers"),
			    ", ");
			kea_opt(sb, &n, "domain-name-servers", l.buf);
			strbuf_release(&l);
		}
		kea_opt(sb, &n, "domain-name", str(set, "domain"));
		kea_opt(sb, &n, "prov-url", url);
		strbuf_puts(sb, "]}");
	}
	strbuf_puts(sb, "\n    ]\n  }\n}\n");
}

static void
dnsmasq(struct strbuf *sb, json_t *set, json_t *locations, json_t *recovery,
    json_t *images, json_t *prefixes, json_t *warnings)
{
	json_t *sub, *pre;
	const char *maker;
	char url[300], net[16], mask[16];
	size_t i;

	prov_url(set, url, sizeof(url));
	strbuf_puts(sb, "# Switchboard: DHCP options for managed IP phones "
	    "(dnsmasq).\n");
	json_array_foreach(json_object_get(set, "subnets"), i, sub) {
		struct opts o;

		location_opts(set, locations, sub, warnings, &o);
		netmask_of(str(sub, "subnet"), net, mask);
		strbuf_printf(sb, "\n# Location: %s\ndhcp-range=set:loc%zu,%s,%s,"
		    "%s\n", str(sub, "location"), i + 1, str(sub,
		    "range_start"), str(sub, "range_end"), mask);
		if (str(sub, "router")[0])
			strbuf_printf(sb, "dhcp-option=tag:loc%zu,option:router,"
			    "%s\n", i + 1, str(sub, "router"));
		if (o.have_offset)
			strbuf_printf(sb, "dhcp-option=tag:loc%zu,option:"
			    "time-offset,%d\n", i + 1, o.offset);
		if (o.ntp)
			strbuf_printf(sb, "dhcp-option=tag:loc%zu,%s,%s\n",
			    i + 1, o.opt004 ? "4" : "option:ntp-server",
			    o.ntp);
		if (json_array_size(json_object_get(set, "dns_servers"))) {
			strbuf_printf(sb, "dhcp-option=tag:loc%zu,option:"
			    "dns-server,", i + 1);
			join_list(sb, json_object_get(set, "dns_servers"), ",");
			strbuf_puts(sb, "\n");
		}
		strbuf_printf(sb, "dhcp-option=tag:loc%zu,option:domain-name,%s"
		    "\n", i + 1, str(set, "domain"));
		strbuf_printf(sb, "dhcp-option=tag:loc%zu,160,\"%s\"\n", i + 1,
		    url);
	}
	strbuf_puts(sb, "\n");
	json_object_foreach(prefixes, maker, pre) {
		char buf[128], *p, *save = NULL, tag[40];
		size_t j;

		for (j = 0; maker[j] && j + 1 < sizeof(tag); j++)
			tag[j] = (char)tolower((unsigned char)maker[j]);
		tag[j] = '\0';
		snprintf(buf, sizeof(buf), "%s", json_string_value(pre));
		for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",",
		    &save))
			strbuf_printf(sb, "dhcp-mac=set:%s,%s:*:*:*\n", tag, p);
		if (json_object_get(recovery, maker)) {
			if (str(set, "tftp_server")[0])
				strbuf_printf(sb, "dhcp-option=tag:%s,option:"
				    "tftp-server,%s\n", tag, str(set,
				    "tftp_server"));
			if (vlan(set) > 0)
				strbuf_printf(sb, "dhcp-option=tag:%s,132,"
				    "\"%lld\"\n", tag, vlan(set));
		}
	}
	dnsmasq_vendor_classes(sb, images);
}

char *
netrecords_dhcp(enum netrecords_format fmt, json_t *settings,
    json_t *locations, json_t *recovery, json_t *images, json_t *prefixes,
    json_t *warnings)
{
	struct strbuf sb = STRBUF_INIT;

	if (fmt == NET_ISC)
		isc(&sb, settings, locations, recovery, images, prefixes,
		    warnings);
	else if (fmt == NET_KEA)
		kea(&sb, settings, locations, recovery, images, prefixes,
		    warnings);
	else
		dnsmasq(&sb, settings, locations, recovery, images, prefixes,
		    warnings);
	if (json_array_size(images) == 0)
		json_array_append_new(warnings, json_string("No phone of the "
		    "estate uses recovery mode (Interaction SIP Station, "
		    "AudioCodes, Genesys): no option 067 is written. Recovery "
		    "classes \"all\" writes the seed's whole list."));
	return strbuf_detach(&sb, NULL);
}

char *
netrecords_dns(json_t *set)
{
	struct strbuf sb = STRBUF_INIT;
	static const char *const svc[] = { "_sip._udp", "_sip._tcp",
	    "_sips._tcp" };
	static const char *const key[] = { "udp", "tcp", "tls" };
	json_t *v;
	size_t i, k;

	strbuf_printf(&sb, "; Switchboard: DNS records for managed IP phones "
	    "in zone %s.\n; The provisioning Host (A) records of the "
	    "switchover pair:\n", str(set, "domain"));
	json_array_foreach(json_object_get(set, "provision_addresses"), i, v)
		strbuf_printf(&sb, "%-12s IN A     %s\n", str(set,
		    "provision_host"), json_string_value(v));
	strbuf_puts(&sb, "; SIP service location (SRV) records, one per "
	    "server and transport:\n");
	for (k = 0; k < 3; k++) {
		json_int_t port = json_integer_value(json_object_get(
		    json_object_get(set, "sip_ports"), key[k]));

		if (port == 0)
			continue;
		json_array_foreach(json_object_get(set, "pbx_hosts"), i, v) {
			const char *h = json_string_value(v);
			size_t hl = strlen(h);

			strbuf_printf(&sb, "%-12s IN SRV   0 0 %lld %s%s\n",
			    svc[k], (long long)port, h, hl && h[hl - 1] ==
			    '.' ? "" : ".");
		}
	}
	return strbuf_detach(&sb, NULL);
}
