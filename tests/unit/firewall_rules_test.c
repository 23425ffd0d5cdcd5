/* Unit tests of the Unify Phone firewall rules (seed 003, chapter 4): the
 * three tables filled from a system with and without its public IP, a
 * domain other than the default, the one list for the exports, and the
 * nftables text with its sets, its chain and the drop of incoming 443. */
#include <stdlib.h>

#include "unify/firewall_rules.h"
#include "test.h"

static json_t *
table(json_t *rules, size_t i)
{
	return json_array_get(json_object_get(rules, "tables"), i);
}

static const char *
cell(json_t *rules, size_t t, size_t row, const char *key)
{
	return json_string_value(json_object_get(json_array_get(
	    json_object_get(table(rules, t), "rows"), row), key));
}

/* The row of table t named name, or NULL. */
static json_t *
row(json_t *rules, size_t t, const char *name)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(table(rules, t), "rows"), i, r)
		if (strcmp(json_string_value(json_object_get(r, "name")),
		    name) == 0)
			return r;
	return NULL;
}

static const char *
field(json_t *r, const char *key)
{
	const char *s = json_string_value(json_object_get(r, key));

	return s ? s : "";
}

static int
has(const char *text, const char *part)
{
	return text && strstr(text, part) != NULL;
}

int
main(void)
{
	json_t *sys = json_pack("{s:s,s:s}", "public_ip", "203.0.113.10",
	    "media_ports", "20000-20999");
	json_t *bare = json_pack("{s:s}", "public_ip", "");
	json_t *own = json_pack("{s:s}", "domain", "phone.example.net");
	json_t *rules, *rows, *r;
	char *nft;

	/* The default domain, a public IP and media ports. */
	rules = firewall_rules(sys, NULL);
	CHECK_INT(json_array_size(json_object_get(rules, "tables")), 3,
	    "three tables");
	CHECK_STR(json_string_value(json_object_get(table(rules, 0),
	    "caption")), "Table 1: Client Egress Firewall Rule Table",
	    "table 1 caption");
	CHECK_STR(json_string_value(json_object_get(table(rules, 1),
	    "caption")), "Table 2: Egress Firewall Rule Table",
	    "table 2 caption");
	CHECK_STR(json_string_value(json_object_get(table(rules, 2),
	    "caption")), "Table 3: Ingress Firewall Rule Table",
	    "table 3 caption");
	CHECK_INT(json_array_size(json_object_get(table(rules, 0), "rows")),
	    2, "table 1: two rows");
	CHECK_INT(json_array_size(json_object_get(table(rules, 1), "rows")),
	    4, "table 2: four rows");
	CHECK_INT(json_array_size(json_object_get(table(rules, 2), "rows")),
	    2, "table 3: two rows");
	CHECK_STR(cell(rules, 0, 0, "name"), "TURN for clients",
	    "table 1 starts with TURN for clients");
	CHECK_STR(cell(rules, 0, 0, "source_ip"), "34.159.228.55",
	    "TURN for clients: the TURN server's address");
	CHECK_STR(cell(rules, 0, 0, "destination_ip"), "Client IP",
	    "TURN for clients: to the client");
	CHECK_STR(cell(rules, 0, 0, "source_port"), "3478 (TCP/UDP)",
	    "TURN for clients: from 3478");
	r = row(rules, 1, "Unify Phone client REST API (HTTPS)");
	CHECK_STR(field(r, "destination_ip"), "34.117.105.255",
	    "REST API: the seed's address");
	CHECK_STR(field(r, "destination_port"), "443", "REST API: 443");
	CHECK_STR(field(r, "source_ip"),
	    "203.0.113.10 (OpenScape Business public IP)",
	    "REST API: from the public IP");
	CHECK(has(field(r, "comment"), "Unify Phone client connection to "
	    "provision Unify Phone users in the OpenScape Business.") &&
	    has(field(r, "comment"), "Hostname is phoneapp.unify.com"),
	    "REST API: the seed's comment with the hostname");
	r = row(rules, 1, "Unify Phone Connector SIP over TLS");
	CHECK_STR(field(r, "destination_ip"), "35.246.178.13",
	    "SIP over TLS: the seed's address");
	CHECK_STR(field(r, "destination_port"), "65061",
	    "SIP over TLS: 65061");
	CHECK(has(field(r, "comment"), "(allow Established Connection)"),
	    "SIP over TLS: allow Established Connection");
	r = row(rules, 1, "Media RTP");
	CHECK_STR(field(r, "destination_ip"),
	    "GCP IP source range for Europe-west3", "Media RTP: to GCP");
	CHECK(has(field(r, "destination_port"), "10000-49999"),
	    "Media RTP: ports 10000-49999");
	CHECK_STR(field(r, "source_port"),
	    "20000-20999 (OpenScape Business media ports)",
	    "Media RTP: from the media ports set");
	r = row(rules, 1, "TURN/STUN");
	CHECK_STR(field(r, "destination_ip"), "34.159.228.55",
	    "TURN/STUN: the seed's address");
	CHECK_STR(field(r, "destination_port"), "3478 (TCP/UDP)",
	    "TURN/STUN: 3478");
	r = row(rules, 2, "OpenScape Business (SIP/CSTA)");
	CHECK(has(field(r, "comment"), "Returned SIP client connection"),
	    "ingress SIP/CSTA: the seed's comment");
	r = row(rules, 2, "OpenScape Business Media RTP");
	CHECK_STR(field(r, "source_port"),
	    "20000-20999 (OpenScape Business Media ports)",
	    "ingress media: the media ports set");
	CHECK_STR(json_string_value(json_object_get(rules, "warning")),
	    "Port 443 must not be opened for incoming data traffic to "
	    "OpenScape Business.", "the warning");
	CHECK(json_is_true(json_object_get(rules, "seed_addresses")),
	    "the seed's addresses apply");
	CHECK_STR(json_string_value(json_array_get(json_object_get(table(
	    rules, 1), "notes"), 0)), "GCP IP source range for Europe-west3: "
	    "https://www.gstatic.com/ipranges/cloud.json", "table 2: GCP note");
	CHECK(has(json_string_value(json_array_get(json_object_get(table(
	    rules, 0), "notes"), 0)), "uses a proxy server"),
	    "table 1: the proxy note");

	rows = firewall_rules_rows(rules);
	CHECK_INT(json_array_size(rows), 8, "one list of eight rows");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 7),
	    "table")), "Table 3: Ingress Firewall Rule Table",
	    "each row names its table");
	CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 7),
	    "name")), "OpenScape Business Media RTP", "the last row");
	json_decref(rows);
	json_decref(rules);

	/* No public IP yet, no media ports: the rows say so. */
	rules = firewall_rules(bare, NULL);
	r = row(rules, 1, "Unify Phone Connector SIP over TLS");
	CHECK(has(field(r, "source_ip"), "OpenScape Business public IP") &&
	    has(field(r, "source_ip"), "not set yet"),
	    "no public IP: the row says it is not set yet");
	CHECK_STR(field(row(rules, 1, "Media RTP"), "source_port"),
	    "OpenScape Business media ports", "no media ports: the seed's words");
	CHECK_STR(json_string_value(json_object_get(rules, "public_ip")), "",
	    "public_ip empty");
	json_decref(rules);
	/* What would not pass the system's rules counts as not set. */
	json_object_set_new(bare, "media_ports", json_string("20000-70000"));
	json_object_set_new(bare, "public_ip", json_string("203.0.113"));
	rules = firewall_rules(bare, NULL);
	CHECK_STR(field(row(rules, 1, "Media RTP"), "source_port"),
	    "OpenScape Business media ports", "ports past 65535: not set");
	CHECK(has(field(row(rules, 1, "Media RTP"), "source_ip"),
	    "not set yet"), "not an IPv4 address: not set");
	json_decref(rules);
	json_object_set_new(bare, "public_ip", json_string(""));
	rules = firewall_rules(NULL, NULL);
	CHECK(has(field(row(rules, 1, "TURN/STUN"), "source_ip"),
	    "not set yet"), "no system at all: not set yet");
	CHECK_STR(json_string_value(json_object_get(rules, "domain")),
	    "phoneapp.unify.com", "no wizard input: the default domain");
	json_decref(rules);

	/* Another domain: no invented addresses. */
	rules = firewall_rules(sys, own);
	r = row(rules, 1, "Unify Phone client REST API (HTTPS)");
	CHECK(has(field(r, "destination_ip"), "phone.example.net") &&
	    has(field(r, "destination_ip"), "fill in"),
	    "another domain: the REST address is the domain's, to fill in");
	CHECK(has(field(r, "comment"), "Hostname is phone.example.net"),
	    "another domain: the hostname in the comment");
	CHECK(has(field(row(rules, 1, "TURN/STUN"), "destination_ip"),
	    "fill in"), "another domain: the TURN/STUN address to fill in");
	CHECK(has(cell(rules, 0, 0, "source_ip"), "fill in"),
	    "another domain: the clients' TURN address to fill in");
	CHECK(json_is_false(json_object_get(rules, "seed_addresses")),
	    "another domain: not the seed's addresses");
	rows = firewall_rules_rows(rules);
	{
		char *all = json_dumps(rows, 0);

		CHECK(!has(all, "34.117.105.255") && !has(all, "35.246.178.13")
		    && !has(all, "34.159.228.55"),
		    "another domain: none of the seed's addresses");
		free(all);
	}
	json_decref(rows);
	json_decref(rules);

	/* The nftables text. */
	nft = firewall_rules_nft(sys, NULL);
	CHECK(has(nft, "table inet unify_phone {"), "nft: a table of its own");
	CHECK(has(nft, "set unify_rest {") && has(nft, "34.117.105.255"),
	    "nft: the REST API set");
	CHECK(has(nft, "set unify_sip_tls {") && has(nft, "35.246.178.13"),
	    "nft: the SIP over TLS set");
	CHECK(has(nft, "set unify_turn_stun {") && has(nft, "34.159.228.55"),
	    "nft: the TURN/STUN set");
	CHECK(has(nft, "set gcp_europe_west3 {\n\t\ttype ipv4_addr\n\t\t"
	    "flags interval\n\t}"), "nft: the GCP range set, empty");
	CHECK(has(nft, "cloud.json"), "nft: where the GCP range comes from");
	CHECK(has(nft, "set osbiz_public {\n\t\ttype ipv4_addr\n\t\t"
	    "elements = { 203.0.113.10 }"), "nft: the public IP set");
	CHECK(has(nft, "policy accept;"), "nft: policy accept");
	CHECK(has(nft, "ct state new ct original ip daddr @osbiz_public "
	    "meta l4proto tcp ct original proto-dst 443 counter drop"),
	    "nft: new incoming TCP 443 to OpenScape Business dropped");
	CHECK(has(nft, "ct state established,related counter accept comment "
	    "\"allow Established Connection\""), "nft: established allowed");
	CHECK(has(nft, "comment \"Unify Phone Connector SIP over TLS\"") &&
	    has(nft, "tcp dport 65061"), "nft: the SIP over TLS rule");
	CHECK(has(nft, "udp dport 10000-49999 udp sport 20000-20999 counter"),
	    "nft: media from the media ports to the GCP ports");
	CHECK(has(nft, "comment \"TURN for clients\"") && has(nft,
	    "comment \"OpenScape Business Media RTP\""),
	    "nft: comments carry the seed's row names");
	free(nft);
	nft = firewall_rules_nft(bare, own);
	CHECK(!has(nft, "34.117.105.255") && has(nft, "phone.example.net"),
	    "nft, another domain: no seed address, the domain named");
	CHECK(has(nft, "set osbiz_public {\n\t\ttype ipv4_addr\n\t}"),
	    "nft, no public IP: the set is empty");
	CHECK(has(nft, "not set yet"), "nft, no public IP: says so");
	CHECK(!has(nft, "udp sport 20000"), "nft, no media ports: any port");
	free(nft);

	json_decref(sys);
	json_decref(bare);
	json_decref(own);
	return test_done();
}
