/* Switchboard — which phones an estate action (Change Multiple IP Phones,
 * Reboot, Delete) is about: the ids the admin ticked, or every phone the
 * list's filter matches ("Select all N matching"). Plain data in, refusals
 * out. */
#ifndef SB_PHONE_SELECTION_H
#define SB_PHONE_SELECTION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../../db/db.h"
#include "../lib/refusal.h"

/* From body: "phones": [ids] (1 to max), or "filter": {"q": text} for
 * every phone the phone list's filter matches, with "expect": the count
 * the admin confirmed, which must still be the count matched (the estate
 * may have changed since). Fills *ids (caller frees) and *n. Returns 0;
 * 1 when the body names neither (the caller may have another target);
 * -1 with the refusal in rs. */
int	phone_selection_read(struct db *db, json_t *body, size_t max,
	    int64_t **ids, size_t *n, struct refusals *rs);

#endif
