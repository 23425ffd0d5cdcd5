/* Switchboard — the firewall rules Unify Phone needs (seed 003, chapter 4
 * "Firewall Rules"): the seed's three tables filled in from the stored
 * system (public IP, media ports) and wizard input (domain), and the same
 * rules as an nftables rule set for a Linux router in front of OpenScape
 * Business. Plain JSON in, JSON or text out. */
#ifndef SB_FIREWALL_RULES_H
#define SB_FIREWALL_RULES_H

#include <jansson.h>

#define FIREWALL_WARNING "Port 443 must not be opened for incoming data " \
	"traffic to OpenScape Business."
#define FIREWALL_GCP_NOTE "GCP IP source range for Europe-west3: " \
	"https://www.gstatic.com/ipranges/cloud.json"
#define FIREWALL_PROXY_NOTE "If your organization's network uses a proxy " \
	"server, the browser will establish the connection via the proxy."

/* The tables for system and conn (either may be NULL: nothing stored
 * yet): {"domain","public_ip","media_ports","seed_addresses","intro",
 * "warning","further","tables":[{"id","caption","notes":[…],"rows":[{
 * "name","destination_ip","destination_port","source_ip","source_port",
 * "comment"}]}]}. seed_addresses is true when the seed's addresses apply
 * (the default domain); for another domain the rows say which address
 * the admin fills in. New reference. */
json_t	*firewall_rules(json_t *system, json_t *conn);

/* Every row of rules (firewall_rules' answer) in one list, each with
 * "table" (its table's caption) first: for the CSV and XLSX exports. New
 * reference. */
json_t	*firewall_rules_rows(json_t *rules);

/* The nftables rule set for system and conn: a table of its own
 * ("table inet unify_phone") with named sets for the addresses and a
 * forward chain (policy accept) that accepts the seed's rows and drops
 * new incoming TCP 443 to the OpenScape Business public IP. The caller
 * frees the text. */
char	*firewall_rules_nft(json_t *system, json_t *conn);

#endif
