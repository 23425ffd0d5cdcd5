/* Switchboard — License Allocation. */
#include "license_allocation.h"

#include <stdio.h>

#include "../../db/license_store.h"
#include "../../db/phone_store.h"

int64_t
license_allocation_withhold(struct db *db, json_t *before,
    int64_t first_phone)
{
	json_t *after = license_store_limited(db), *a;
	int64_t waiting = 0, n;
	size_t i;

	json_array_foreach(after, i, a) {
		/* The same pools in the same order: none is made meanwhile. */
		json_t *b = json_array_get(before, i);
		json_int_t total = json_integer_value(json_object_get(a,
		    "total"));
		json_int_t used = json_integer_value(json_object_get(a, "used"));
		json_int_t was = json_integer_value(json_object_get(b, "used"));

		if (used <= total)
			continue;
		n = phone_store_withhold_license(db, first_phone,
		    json_string_value(json_object_get(a, "name")),
		    total > was ? total - was : 0);
		if (n < 0) {
			waiting = -1;
			break;
		}
		waiting += n;
	}
	json_decref(after);
	return waiting;
}

int64_t
license_allocation_apply(struct db *db, const char *ids, struct refusals *rs)
{
	json_t *want = phone_store_missing_wanted(db, ids), *n;
	const char *name;
	int64_t total, used;
	size_t before = rs->n;

	json_object_foreach(want, name, n) {
		char msg[240];

		if (phone_store_license_use(db, name, 0, &total, &used) !=
		    DB_OK || total < 0 || used + json_integer_value(n) <= total)
			continue;
		snprintf(msg, sizeof(msg), "%s: %lld of %lld in use, %lld more "
		    "asked for. Raise its total on Station licenses or free "
		    "some first.", name, (long long)used, (long long)total,
		    (long long)json_integer_value(n));
		refuse_about(rs, "licenses", "licenses", "license", name, msg);
	}
	json_decref(want);
	if (rs->n > before) {
		refusals_summary(rs, "licenses", LICENSE_ALLOCATION_SHORT);
		return -1;
	}
	return phone_store_grant_missing(db, ids);
}
