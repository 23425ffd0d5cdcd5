/* Switchboard — the rules of the Unify Phone user instance wizard (seed
 * 003, 3.3): [Create] (new in V3R3 FR1), [Add] a tenant user, [Edit]. Each
 * instance is a virtual station of type Trusted External User with a free
 * internal call number, an optional DID, First and Last name making the
 * Name, an e-mail, and the call number composed from the numbering schema
 * and location. Plain JSON in, refusals out: what only the store knows
 * (numbers taken, the count of users) comes in as facts. */
#ifndef SB_UNIFY_USER_RULES_H
#define SB_UNIFY_USER_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../lib/refusal.h"

/* The user from body over stored (the user as stored, NULL when new):
 * {"callno","did","first_name","last_name","name","email",
 * "tenant_user_id","team_user"} (team_user: a Team (MULAP) user, whose
 * DID stays empty). New reference, or NULL with refusals in rs. tenant:
 * the tenant user named by body's tenant_user_id ([Add]), NULL otherwise
 * (its name and e-mail fill what the body leaves out). */
json_t	*unify_user_rules_parse(json_t *body, json_t *stored, json_t *tenant,
	    struct refusals *rs);

/* What the store knows about the parsed user u. */
struct unify_user_facts {
	json_t		*system;	/* stored, or NULL */
	json_t		*conn;		/* the Connectivity wizard's input */
	int64_t		 other_users;	/* users besides this one */
	json_t		*callno_holder;	/* the station with u's callno */
	json_t		*did_holder;	/* a station with u's DID as callno
					   or DID */
	bool		 email_taken;
	bool		 tenant_missing;	/* tenant_user_id names none */
	bool		 tenant_assigned;	/* … assigned to another user */
	bool		 creating;	/* [Create]: new, not from the tenant */
	const char	*team_callno;	/* the callno of u's Team, or NULL */
};

/* Whether u fits the system; on success u gets "call_number" and
 * "number_basis". 0, or -1 with refusals in rs. */
int	 unify_user_rules_fit(json_t *u, const struct unify_user_facts *f,
	    struct refusals *rs);

/* A user as the API shows it (u as the store lists it, changed in
 * place): "needs_validation" when its number was composed on another
 * basis than basis (unify_numbering_basis), "routing_modes", and
 * "destinations_problem" (the Alternative Number check, or null). */
void	 unify_user_view(json_t *u, const char *basis);

/* The callno and DID a user's call number is composed from (u as the
 * store lists it): its Team's callno and no DID in a Team, its own
 * otherwise. Borrowed from u. */
void	 unify_user_number_parts(json_t *u, const char **callno,
	    const char **did);

/* The target a call destination list needs in position 2 for the Unify
 * Phone feature Alternative Number (3.6.3-3.6.4). */
#define UNIFY_USER_DEFINED "** User defined"
#define UNIFY_ALTERNATIVE_HINT "For the usage of the Unify Phone feature " \
	"Alternative Number target 2 must be set to \"** User defined\"."

/* A call destination list from body: {"voicemail","targets":[3 strings],
 * "alternative_number"}. New reference, or NULL with refusals. */
json_t	*unify_destinations_parse(json_t *body, struct refusals *rs);

/* What the user's configuration allows (3.6.4): [{"mode","available",
 * "why"}] for Default routing, Desk phone, Unify phone and Alternative
 * number; in_team: the user is in a Team (MULAP). New reference. */
json_t	*unify_routing_modes(json_t *cdl, bool in_team);

/* UNIFY_ALTERNATIVE_HINT when the list wants Alternative Number and target
 * 2 is not UNIFY_USER_DEFINED, else NULL. */
const char *unify_destinations_problem(json_t *cdl);

#endif
