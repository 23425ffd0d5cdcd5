/* Switchboard — lists of record ids as requests give them ("phones":
 * [5, 9, 5]): read, checked and each id kept once, so a phone named twice
 * is one reboot, one update and one in every count. */
#ifndef SB_ID_LIST_H
#define SB_ID_LIST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Read a, a JSON list of 1 to max ids (positive integers), into a new
 * array *ids (caller frees) of the *n distinct ids in the order each was
 * first given. Returns 0; -1 when a is not such a list (*bad = -1), or
 * -2 when element *bad is not a positive integer. *ids is NULL on
 * failure. Thread-safe. */
int	id_list_read(json_t *a, size_t max, int64_t **ids, size_t *n,
	    long *bad);

/* Keep the first of each id in ids[0..n), in order; returns the count
 * left. */
size_t	id_list_distinct(int64_t *ids, size_t n);

#endif
