/* Switchboard — License Allocation: the licenses station appearances
 * asked for and did not get (the Assistant creates every phone even when
 * the pools run short, as the seed has it), and giving them out once the
 * pools hold them. */
#ifndef SB_LICENSE_ALLOCATION_H
#define SB_LICENSE_ALLOCATION_H

#include <jansson.h>
#include <stdint.h>

#include "../../db/db.h"
#include "../lib/refusal.h"

/* The seed's message, verbatim. */
#define LICENSE_ALLOCATION_SHORT "Some or all licenses could not be " \
	"allocated to each station appearance"

/* After the stations of phones from first_phone on were created: for
 * each limited pool that now holds more than its total (before: its
 * license_store_limited from before they were), the new stations beyond
 * what it held keep their other licenses and wait for this one. Returns
 * how many licenses wait, or -1 on a database error. Inside the caller's
 * transaction. */
int64_t	license_allocation_withhold(struct db *db, json_t *before,
	    int64_t first_phone);

/* Give the stations ids (a JSON id list; NULL: every station) the
 * licenses they wait for, all or none: a pool that cannot hold them is
 * refused (field "licenses", about the license, saying how many are in
 * use and asked for). Returns how many stations got theirs, or -1 with
 * refusals in rs (or none, on a database error). Inside the caller's
 * transaction. */
int64_t	license_allocation_apply(struct db *db, const char *ids,
	    struct refusals *rs);

#endif
