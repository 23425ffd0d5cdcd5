/* Switchboard — the phones an estate action is about. */
#include "phone_selection.h"

#include <stdlib.h>

#include "../../db/phone_store.h"
#include "../lib/id_list.h"

/* "filter": {"q"} with "expect". */
static int
by_filter(struct db *db, json_t *body, json_t *filter, size_t max,
    int64_t **ids, size_t *n, struct refusals *rs)
{
	json_t *expect = json_object_get(body, "expect");
	const char *q;

	if (!json_is_object(filter) || refusal_string(filter, "q", 200, false,
	    false, &q, rs) != 0)
		return refuse(rs, "invalid_field", "filter", "The filter is "
		    "{\"q\": the text the phone list is filtered by}.");
	if (!json_is_integer(expect) || json_integer_value(expect) < 1)
		return refuse(rs, "invalid_field", "expect", "Say how many "
		    "phones the filter matched when you confirmed (expect).");
	*ids = phone_store_ids_matching(db, q, max + 1, n);
	if (*n == 0)
		return refuse(rs, "invalid_field", "filter", "No phone matches "
		    "the filter.");
	if (*n > max)
		return refuse(rs, "invalid_field", "filter", "The filter "
		    "matches more than %zu phones; narrow it.", max);
	if ((json_int_t)*n != json_integer_value(expect))
		return refuse(rs, "stale_selection", "expect", "The filter now "
		    "matches %zu phones, not the %lld you confirmed: the list "
		    "changed meanwhile. Check it and confirm again.", *n,
		    (long long)json_integer_value(expect));
	return 0;
}

int
phone_selection_read(struct db *db, json_t *body, size_t max, int64_t **ids,
    size_t *n, struct refusals *rs)
{
	json_t *list = json_object_get(body, "phones");
	json_t *filter = json_object_get(body, "filter");
	long bad;
	int rc;

	*ids = NULL;
	*n = 0;
	if (list && filter)
		return refuse(rs, "invalid_field", "filter", "Give the phones "
		    "or a filter, not both.");
	if (filter) {
		if (by_filter(db, body, filter, max, ids, n, rs) == 0)
			return 0;
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	if (list == NULL)
		return 1;
	if ((rc = id_list_read(list, max, ids, n, &bad)) == 0)
		return 0;
	if (rc == -2)
		return refuse(rs, "invalid_field", "phones", "Phones are given "
		    "by their ids (positive integers).");
	return refuse(rs, "invalid_field", "phones", "Select 1 to %zu phones.",
	    max);
}
