/* Switchboard — the rules of Unify Phone on OpenScape Business (seed 003,
 * chapter 3): the system, the Unify Phone Connectivity wizard's input and
 * what its [Execute Function] creates. Plain JSON in, refusals out. */
#ifndef SB_UNIFY_RULES_H
#define SB_UNIFY_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../lib/refusal.h"

#define UNIFY_DEFAULT_DOMAIN "phoneapp.unify.com"
#define UNIFY_TRUNK_NAME "Unify Phone (Cloud)"
#define UNIFY_SIP_TLS_PORT 65061
#define UNIFY_STUN_PORT 3478
/* The seal context of the wizard's API key. */
#define UNIFY_KEY_CONTEXT "unify.connectivity.api_key"
#define UNIFY_HTTPS_PORT 443
#define UNIFY_RTP_FIRST 10000	/* the GCP nodes' media ports */
#define UNIFY_RTP_LAST 49999
/* The seed's addresses of Unify Phone at UNIFY_DEFAULT_DOMAIN (4). */
#define UNIFY_REST_ADDRESS "34.117.105.255"
#define UNIFY_SIP_ADDRESS "35.246.178.13"
#define UNIFY_TURN_ADDRESS "34.159.228.55"
/* The seed's reason for refusing edits of the wizard's entries. */
#define UNIFY_WIZARD_ONLY "Only the Unify Phone Connectivity wizard " \
	"configures and establishes the connection to the Unify Phone " \
	"Tenant. Changes via the Expert Mode will either not be handled or " \
	"must be reconfigured after the wizard has been executed."
#define UNIFY_UPDATE_BANNER "Software update detected. Please run the " \
	"Unify Phone Connectivity wizard without changing the configuration."

/* The system from body: returns the object to store (new reference), or
 * NULL with refusals in rs. */
json_t	*unify_rules_system(json_t *body, struct refusals *rs);

/* The most Unify Phone users the stored system allows (0 when unknown). */
int	 unify_max_users(json_t *system);

/* The table of models, mainboards and editions to their maximum of Unify
 * Phone users, as published in the API. New reference. */
json_t	*unify_users_table(void);

/* A software version such as "V3R3 FR1" as a number that grows with the
 * version; 0 when it is not one. */
int	 unify_version_rank(const char *v);

/* True when the system's version offers what the seed marks "new in V3R3
 * FR1" (the numbering schema page, among others). */
bool	 unify_from_fr1(json_t *system);

/* True when the system's software version is above the one the wizard
 * last ran with (run: the stored record of the last run, may be NULL):
 * the pages show UNIFY_UPDATE_BANNER until it runs again. */
bool	 unify_update_detected(json_t *system, json_t *run);

/* The wizard's object key of the plan entry of kind at index i for
 * system_id ("trunk", 0 / "route", 1): what finds it again. */
void	 unify_wizard_key(char *out, size_t n, const char *kind, size_t i,
	    const char *system_id);

/* The upstream's share of internet calls: {"per_call_kbps":{codec:kbps},
 * "max_internet_calls":{codec:n},"shared_with":[…]}. New reference. */
json_t	*unify_bandwidth(int64_t upstream_kbps);

/* The wizard's input from body over stored (the input saved before, may be
 * NULL), for system (may be NULL). Returns the object to store without the
 * key (new reference) and *api_key the pasted key (borrowed from body,
 * NULL when not sent), or NULL with refusals in rs. have_key: a key is
 * stored already. */
json_t	*unify_rules_connectivity(json_t *body, json_t *stored,
	    json_t *system, bool have_key, const char **api_key,
	    struct refusals *rs);

/* Whether [Execute Function] may run with this system and input; refusals
 * in rs otherwise. today: "YYYY-MM-DD". */
int	 unify_rules_execute(json_t *system, json_t *conn, bool have_key,
	    const char *today, struct refusals *rs);

/* What [Execute Function] configures for the system known as system_id:
 * [{"kind","key","name","config"}] for the trunk (SIP over TLS to sip_port,
 * UNIFY_SIP_TLS_PORT unless a lab says otherwise), the route (its config
 * gets "trunk_id" when run) and the LCR entries. New reference. */
json_t	*unify_wizard_plan(json_t *system, json_t *conn,
	    const char *system_id, int sip_port);

#endif
