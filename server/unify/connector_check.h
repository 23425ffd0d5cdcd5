/* Switchboard — the ITSP status of "Unify Phone (Cloud)" (seed 003, 5.3),
 * found by really connecting: a SIP OPTIONS over TLS to the trunk's host
 * and port, and an HTTPS request to the domain carrying the API key. Each
 * has its own deadline. No database and no HTTP server in here: the
 * caller hands in where to connect and gets the result as JSON. */
#ifndef SB_CONNECTOR_CHECK_H
#define SB_CONNECTOR_CHECK_H

#include <jansson.h>

/* The seed's three ITSP states, as the Service Center shows them. */
#define UNIFY_REGISTERED "registered"
#define UNIFY_NOT_REGISTERED "not registered"
#define UNIFY_NO_REST_API "no connection to REST API"

/* The seed's remedies (FAQ, 5.3), and ours for a name that does not
 * resolve (the firewall is not the place to look then). */
#define UNIFY_REMEDY_FIREWALL "please check for correct firewall settings"
#define UNIFY_REMEDY_DNS "The appliance cannot resolve the domain: check " \
	"its DNS settings and the Domain in the Unify Phone Connectivity " \
	"wizard."
#define UNIFY_REMEDY_REST "API key invalid or regenerated; Unify Phone " \
	"JWT is not configured; Unify Phone JWT expired"

/* The REST API the seed does not publish: the check asks for this path
 * with the key as a bearer token and judges the answer's status only. */
#define UNIFY_REST_CHECK_PATH "/"

struct connector_target {
	const char	*sip_host;	/* the trunk's host (the domain) */
	int		 sip_port;	/* 65061 */
	const char	*rest_host;	/* the domain */
	int		 rest_port;	/* 443 */
	const char	*api_key;	/* plain, never logged */
	const char	*ca_file;	/* NULL: the system's store */
	int		 timeout_ms;	/* each of the two checks */
};

/* Run both checks. New reference:
 * {"status","code","remedy","sip":{…},"rest":{…}} where code is
 * "registered", "not_registered" or "no_rest_api", and sip/rest are
 * {"target","ok","answer","error","address","ms"}. checked_at is the
 * caller's to add. */
json_t	*connector_check(const struct connector_target *t);

/* The remedy for a connection that failed with error (tls_dial's words). */
const char *connector_unreached_remedy(const char *error);

/* The status when nothing was checked because of reason (the connector is
 * off, not set up, or disabled by the clone guard). New reference. */
json_t	*connector_not_checked(const char *reason);

#endif
