/* Switchboard — the firewall rules Unify Phone needs (seed 003, 4). */
#include "firewall_rules.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/netaddr.h"
#include "../lib/strbuf.h"
#include "unify_rules.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)
#define ANY_PORT "any (1024-65535)"
#define PUBLIC_IP "OpenScape Business public IP"
#define RTP_PORTS STR(UNIFY_RTP_FIRST) "-" STR(UNIFY_RTP_LAST)

/* What the rows are filled from. */
struct fw_input {
	const char	*domain;	/* the wizard's, or the default */
	const char	*public_ip;	/* "" until set */
	const char	*media_ports;	/* "" until set */
	bool		 seed;		/* the seed's addresses apply */
};

/* The addresses the seed's columns name. */
enum fw_addr { A_CLIENT, A_REST, A_SIP, A_TURN, A_GCP, A_OSBIZ };

static const struct fw_table {
	const char	*id, *caption, *note;
} tables[] = {
	{ "client-egress", "Table 1: Client Egress Firewall Rule Table",
	    FIREWALL_PROXY_NOTE },
	{ "egress", "Table 2: Egress Firewall Rule Table", FIREWALL_GCP_NOTE },
	{ "ingress", "Table 3: Ingress Firewall Rule Table", FIREWALL_GCP_NOTE },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* The seed's rows in its order. A media row's source port is the seed's
 * words, with the system's media ports before them once they are set; a
 * row with hostname ends its comment with the domain. nft is the row's
 * match in the rule set, and nft_media what the media ports add to it. */
static const struct fw_row {
	size_t		 table;
	const char	*name;
	enum fw_addr	 dst;
	const char	*dst_port;
	enum fw_addr	 src;
	const char	*src_port;
	bool		 media, hostname;
	const char	*comment, *nft, *nft_media;
} rows[] = {
	{ 0, "TURN for clients", A_CLIENT, ANY_PORT, A_TURN,
	    STR(UNIFY_STUN_PORT) " (TCP/UDP)", false, false,
	    "SBC should be able to establish connection to TURN server.",
	    "ip daddr @unify_turn_stun meta l4proto { tcp, udp } th dport "
	    STR(UNIFY_STUN_PORT), NULL },
	{ 0, "HTTPS for clients", A_CLIENT, ANY_PORT, A_REST,
	    STR(UNIFY_HTTPS_PORT) " (TCP)", false, false,
	    "Web/Mobile/Desktop Clients need to connect to TURN server thus "
	    "the firewall should allow connection towards the TURN server.",
	    "ip daddr @unify_rest tcp dport " STR(UNIFY_HTTPS_PORT), NULL },
	{ 1, "Unify Phone client REST API (HTTPS)", A_REST,
	    STR(UNIFY_HTTPS_PORT), A_OSBIZ, ANY_PORT, false, true,
	    "Unify Phone client connection to provision Unify Phone users in "
	    "the OpenScape Business.", "ip saddr @osbiz_hosts ip daddr "
	    "@unify_rest tcp dport " STR(UNIFY_HTTPS_PORT), NULL },
	{ 1, "Unify Phone Connector SIP over TLS", A_SIP,
	    STR(UNIFY_SIP_TLS_PORT), A_OSBIZ, ANY_PORT, false, false,
	    "Needed for SIP connectivity over TLS with Unify Phone. (allow "
	    "Established Connection)", "ip saddr @osbiz_hosts ip daddr "
	    "@unify_sip_tls tcp dport " STR(UNIFY_SIP_TLS_PORT), NULL },
	{ 1, "Media RTP", A_GCP, "Media RTP (UDP ports) to GCP nodes "
	    "(destination): Ports " RTP_PORTS, A_OSBIZ,
	    "OpenScape Business media ports", true, false,
	    "Media Path/RTP configuration to establish media stream.",
	    "ip saddr @osbiz_hosts ip daddr @gcp_europe_west3 udp dport "
	    RTP_PORTS, "udp sport" },
	{ 1, "TURN/STUN", A_TURN, STR(UNIFY_STUN_PORT) " (TCP/UDP)", A_OSBIZ,
	    ANY_PORT, false, false, "OpenScape Business should be able to "
	    "establish connection to STUN/TURN server.", "ip saddr "
	    "@osbiz_hosts ip daddr @unify_turn_stun meta l4proto { tcp, udp } "
	    "th dport " STR(UNIFY_STUN_PORT), NULL },
	/* Inbound: ct original is the address and port as they arrived,
	 * before any port forwarding (DNAT) to OpenScape Business. */
	{ 2, "OpenScape Business (SIP/CSTA)", A_GCP, ANY_PORT " (TCP)",
	    A_OSBIZ, "OpenScape Business ports", false, false,
	    "Returned SIP client connection that OpenScape Business has "
	    "established with Unify Phone.", "ip saddr @gcp_europe_west3 "
	    "ct original ip daddr @osbiz_public meta l4proto tcp ct state "
	    "established", NULL },
	{ 2, "OpenScape Business Media RTP", A_GCP, "Media RTP (UDP) from GCP "
	    "nodes: ports " RTP_PORTS, A_OSBIZ,
	    "OpenScape Business Media ports", true, false,
	    "Media Path/RTP configuration to establish media stream.",
	    "ip saddr @gcp_europe_west3 ct original ip daddr @osbiz_public "
	    "meta l4proto udp th sport " RTP_PORTS, "ct original proto-dst" },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* The seed's address of each Unify Phone endpoint at the default domain,
 * the seed's name for it, what it is where another domain's address must
 * be filled in, and its set in the rule set. */
static const struct fw_endpoint {
	enum fw_addr	 addr;
	const char	*seed, *name, *what, *set;
} endpoints[] = {
	{ A_REST, UNIFY_REST_ADDRESS, "Unify Phone client REST API (HTTPS)",
	    "REST API (HTTPS)", "unify_rest" },
	{ A_SIP, UNIFY_SIP_ADDRESS, "Unify Phone Connector SIP over TLS",
	    "SIP over TLS", "unify_sip_tls" },
	{ A_TURN, UNIFY_TURN_ADDRESS, "TURN/STUN", "TURN/STUN server",
	    "unify_turn_stun" },
};
#define NENDPOINTS (sizeof(endpoints) / sizeof(endpoints[0]))

static const char *
text_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* What stored values say; whatever does not pass the rules it was saved
 * under counts as not set, so no text of it reaches the rule set. */
static void
input_of(json_t *system, json_t *conn, struct fw_input *in)
{
	struct in_addr a;
	size_t n;

	in->domain = text_of(conn, "domain");
	if (!netaddr_domain_ok(in->domain))
		in->domain = UNIFY_DEFAULT_DOMAIN;
	/* DNS names match in any letter case, with or without the root's
	 * trailing dot. */
	n = strlen(in->domain);
	if (n > 0 && in->domain[n - 1] == '.')
		n--;
	in->seed = n == strlen(UNIFY_DEFAULT_DOMAIN) && strncasecmp(in->domain,
	    UNIFY_DEFAULT_DOMAIN, n) == 0;
	in->public_ip = text_of(system, "public_ip");
	if (inet_pton(AF_INET, in->public_ip, &a) != 1)
		in->public_ip = "";
	in->media_ports = text_of(system, "media_ports");
	if (!netaddr_ports_ok(in->media_ports))
		in->media_ports = "";
}

static const struct fw_endpoint *
endpoint(enum fw_addr a)
{
	size_t i;

	for (i = 0; i < NENDPOINTS; i++)
		if (endpoints[i].addr == a)
			return &endpoints[i];
	return NULL;
}

static json_t *
address(const struct fw_input *in, enum fw_addr a)
{
	const struct fw_endpoint *e = endpoint(a);

	if (e)
		return in->seed ? json_string(e->seed) : json_sprintf("the "
		    "Unify Phone %s address for %s (fill in)", e->what,
		    in->domain);
	if (a == A_OSBIZ)
		return in->public_ip[0] ? json_sprintf("%s (" PUBLIC_IP ")",
		    in->public_ip) : json_string(PUBLIC_IP " (not set yet: "
		    "enter it under OpenScape Business system)");
	return json_string(a == A_CLIENT ? "Client IP" :
	    "GCP IP source range for Europe-west3");
}

static json_t *
row_json(const struct fw_input *in, const struct fw_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "destination_ip", address(in, r->dst));
	json_object_set_new(o, "destination_port", json_string(r->dst_port));
	json_object_set_new(o, "source_ip", address(in, r->src));
	json_object_set_new(o, "source_port", r->media &&
	    in->media_ports[0] ? json_sprintf("%s (%s)", in->media_ports,
	    r->src_port) : json_string(r->src_port));
	json_object_set_new(o, "comment", r->hostname ? json_sprintf("%s "
	    "Hostname is %s", r->comment, in->domain) :
	    json_string(r->comment));
	return o;
}

json_t *
firewall_rules(json_t *system, json_t *conn)
{
	struct fw_input in;
	json_t *out, *list = json_array(), *t;
	size_t i, j;

	input_of(system, conn, &in);
	for (i = 0; i < NTABLES; i++) {
		t = json_pack("{s:s,s:s,s:[s],s:[]}", "id", tables[i].id,
		    "caption", tables[i].caption, "notes", tables[i].note,
		    "rows");
		for (j = 0; j < NROWS; j++)
			if (rows[j].table == i)
				json_array_append_new(json_object_get(t,
				    "rows"), row_json(&in, &rows[j]));
		json_array_append_new(list, t);
	}
	out = json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:o}", "domain",
	    in.domain, "public_ip", in.public_ip, "media_ports",
	    in.media_ports, "seed_addresses", in.seed, "intro", "Unify Phone "
	    "is a cloud-based Software-as-a-Service. Your organization's "
	    "network must satisfy some connectivity requirements to allow "
	    "Unify Phone to work properly.", "warning", FIREWALL_WARNING,
	    "further", "Further requirements are defined and detailed in "
	    "Unify Phone Administration, Administrator Documentation.",
	    "tables", list);
	return out;
}

json_t *
firewall_rules_rows(json_t *rules)
{
	json_t *out = json_array(), *t, *r, *o;
	size_t i, j;

	json_array_foreach(json_object_get(rules, "tables"), i, t)
		json_array_foreach(json_object_get(t, "rows"), j, r) {
			o = json_pack("{s:O}", "table", json_object_get(t,
			    "caption"));
			json_object_update(o, r);
			json_array_append_new(out, o);
		}
	return out;
}

/* A set of addresses; elements NULL or "" leaves it empty. */
static void
nft_set(struct strbuf *sb, const char *name, const char *flags,
    const char *elements)
{
	strbuf_printf(sb, "\tset %s {\n\t\ttype ipv4_addr\n", name);
	if (flags)
		strbuf_printf(sb, "\t\tflags %s\n", flags);
	if (elements && elements[0])
		strbuf_printf(sb, "\t\telements = { %s }\n", elements);
	strbuf_puts(sb, "\t}\n\n");
}

static void
nft_sets(struct strbuf *sb, const struct fw_input *in)
{
	size_t i;

	for (i = 0; i < NENDPOINTS; i++) {
		strbuf_printf(sb, "\t# %s", endpoints[i].name);
		if (endpoints[i].addr == A_REST)
			strbuf_printf(sb, ": %s", in->domain);
		if (!in->seed)
			strbuf_printf(sb, "\n\t# The Unify Phone %s address "
			    "for %s: fill in (elements = { ADDRESS })",
			    endpoints[i].what, in->domain);
		strbuf_puts(sb, "\n");
		nft_set(sb, endpoints[i].set, NULL, in->seed ?
		    endpoints[i].seed : NULL);
	}
	strbuf_puts(sb, "\t# " FIREWALL_GCP_NOTE "\n"
	    "\t# Fill in the ipv4Prefix of each entry whose scope is "
	    "\"europe-west3\", e.g. with\n"
	    "\t#   curl -s https://www.gstatic.com/ipranges/cloud.json |\n"
	    "\t#   jq -r '.prefixes[] | select(.scope == \"europe-west3\") "
	    "| .ipv4Prefix // empty'\n"
	    "\t# as elements = { PREFIX, PREFIX, ... }\n");
	nft_set(sb, "gcp_europe_west3", "interval", NULL);
	if (in->public_ip[0])
		strbuf_puts(sb, "\t# " PUBLIC_IP "\n");
	else
		strbuf_puts(sb, "\t# " PUBLIC_IP ": not set yet. Enter it "
		    "under OpenScape Business system\n"
		    "\t# in Switchboard, or fill it in here (elements = { "
		    "ADDRESS }).\n");
	nft_set(sb, "osbiz_public", NULL, in->public_ip);
	strbuf_puts(sb, "\t# OpenScape Business as this router's forward "
	    "chain sees it sending: its public IP,\n"
	    "\t# and its LAN address too when this router translates it "
	    "(NAT).\n");
	nft_set(sb, "osbiz_hosts", NULL, in->public_ip);
}

/* The forward chain: the drop of incoming 443 first, then the seed's rows
 * in its order, then established connections. */
static void
nft_chain(struct strbuf *sb, const struct fw_input *in)
{
	size_t i;

	strbuf_puts(sb, "\tchain forward {\n"
	    "\t\ttype filter hook forward priority filter; policy accept;\n"
	    "\n"
	    "\t\t# " FIREWALL_WARNING "\n"
	    "\t\t# (ct original: the address and port as they arrived, before "
	    "any port forwarding)\n"
	    "\t\tct state new ct original ip daddr @osbiz_public meta l4proto "
	    "tcp ct original proto-dst " STR(UNIFY_HTTPS_PORT) " counter drop "
	    "comment \"Port 443 must not be opened for incoming data "
	    "traffic\"\n");
	for (i = 0; i < NROWS; i++) {
		if (i == 0 || rows[i].table != rows[i - 1].table)
			strbuf_printf(sb, "\n\t\t# %s%s\n",
			    tables[rows[i].table].caption, rows[i].table == 0 ?
			    " (the clients behind this router)" : "");
		strbuf_printf(sb, "\t\t%s ", rows[i].nft);
		if (rows[i].nft_media && in->media_ports[0])
			strbuf_printf(sb, "%s %s ", rows[i].nft_media,
			    in->media_ports);
		strbuf_printf(sb, "counter accept comment \"%s\"\n",
		    rows[i].name);
	}
	strbuf_puts(sb, "\n\t\tct state established,related counter accept "
	    "comment \"allow Established Connection\"\n\t}\n");
}

char *
firewall_rules_nft(json_t *system, json_t *conn)
{
	struct strbuf sb = STRBUF_INIT;
	struct fw_input in;

	input_of(system, conn, &in);
	strbuf_printf(&sb, "#!/usr/sbin/nft -f\n"
	    "# Unify Phone firewall rules for a Linux router in front of "
	    "OpenScape Business\n"
	    "# (Firewall Rules, Tables 1 to 3), made by Switchboard.\n"
	    "# Domain: %s. " PUBLIC_IP ": %s.\n"
	    "#\n"
	    "# Check:  nft -c -f unify-phone-firewall.nft\n"
	    "# Load:   nft -f unify-phone-firewall.nft   (loading it again "
	    "replaces it)\n"
	    "# Remove: nft delete table inet unify_phone\n"
	    "#\n"
	    "# The table is its own: loading it changes no other table. Its "
	    "forward chain\n"
	    "# accepts what Unify Phone needs and lets everything else pass "
	    "(policy accept),\n"
	    "# so it locks nobody out of the router or the network. It drops "
	    "one thing:\n"
	    "#   " FIREWALL_WARNING "\n"
	    "# An accept here does not undo a drop in another table: where "
	    "another forward\n"
	    "# chain drops by default, copy these rules into it.\n"
	    "\n"
	    "table inet unify_phone\n"
	    "delete table inet unify_phone\n"
	    "\n"
	    "table inet unify_phone {\n", in.domain, in.public_ip[0] ?
	    in.public_ip : "not set yet");
	nft_sets(&sb, &in);
	nft_chain(&sb, &in);
	strbuf_puts(&sb, "}\n");
	return strbuf_detach(&sb, NULL);
}
