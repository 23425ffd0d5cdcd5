/* Switchboard — the rules of Teams with a desk phone (seed 003, 3.4): a
 * Team (MULAP) holds exactly one IP or TDM desk phone and one Unify Phone
 * user whose DID is empty; cordless subscribers are not approved; the
 * Team's callno is a free number of the system and gives the user its
 * call number. Plain data in, refusals out. */
#ifndef SB_UNIFY_TEAM_RULES_H
#define SB_UNIFY_TEAM_RULES_H

#include <jansson.h>
#include <stdbool.h>

#include "../lib/refusal.h"

/* The seed's advice before a client joins a Team. */
#define UNIFY_TEAM_ADVICE "Please log off the Unify Phone client before " \
	"integrating the client into a Team or MULAP."

/* A Team from body over stored (NULL when new): {"callno","name",
 * "desk_station_id","user_id"}. New reference, or NULL with refusals. */
json_t	*unify_team_rules_parse(json_t *body, json_t *stored,
	    struct refusals *rs);

/* What the store knows about the parsed Team. */
struct unify_team_facts {
	json_t	*desk;		/* the desk phone's station, or NULL */
	json_t	*user;		/* the Unify Phone user, or NULL */
	json_t	*callno_holder;	/* a station or another Team with the callno */
	bool	 desk_in_team;	/* the desk phone is in another Team */
	bool	 user_in_team;	/* the user is in another Team */
};

/* Whether the Team fits. 0, or -1 with refusals in rs. */
int	 unify_team_rules_fit(json_t *t, const struct unify_team_facts *f,
	    struct refusals *rs);

#endif
