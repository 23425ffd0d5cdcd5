/* Switchboard — adopting a provisional phone into an existing record: the
 * rule of which records can take a MAC that asked for its files. Plain
 * data in, refusals out. */
#ifndef SB_ADOPTION_H
#define SB_ADOPTION_H

#include <stdint.h>

#include "../../db/db.h"
#include "../lib/refusal.h"

/* A provisional phone's address: a MAC, or a soft phone's full computer
 * name (at most 253 characters). */
#define PROVISIONAL_MAX 254

/* Can phone phone_id take the MAC mac (normalised), which said it is made
 * by seen_manufacturer ("" when its User-Agent did not say)? It must
 * exist, have no address yet, have a model with a MAC address (never a
 * SIP Soft Phone), of a manufacturer whose MAC prefixes hold mac's and
 * who is seen_manufacturer. A full computer name (no ':') is taken only
 * by a SIP Soft Phone without an address. 0, or -1 with the refusal
 * (field phone_id) in rs. */
int	adoption_check(struct db *db, const char *mac,
	    const char *seen_manufacturer, int64_t phone_id,
	    struct refusals *rs);

#endif
