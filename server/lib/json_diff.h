/* Switchboard — what an update changed in a record, for the audit log:
 * two versions of a record as the API shows it in, the fields that
 * differ out, each with its old and new value, and never a secret. */
#ifndef SB_JSON_DIFF_H
#define SB_JSON_DIFF_H

#include <jansson.h>
#include <stdbool.h>

/* The fields that differ between before and after (objects; NULL reads
 * as {}), flattened to paths:
 *   {"name": ["Desk 1", "Desk 2"],
 *    "stations[0].label": ["Lobby", "Front desk"],
 *    "stations[0].licenses": [["Basic Station"], ["Basic Station",
 *        "ACD Access"]]}
 * Objects are walked member by member ("a.b"), arrays whose elements are
 * all objects element by element ("a[0].b"); any other array is one
 * value. A field one side lacks is null there. Members whose name says
 * they hold a secret (json_diff_is_secret) are left out at every depth,
 * whatever they hold, and members named in ignore (NULL, or a
 * NULL-terminated list, e.g. "updated_at") are not compared at any
 * depth either. Returns a
 * new object, {} when nothing differs; the caller json_decrefs it.
 * before and after are borrowed and left as they are.
 * Thread-safe. */
json_t	*json_diff(json_t *before, json_t *after,
	    const char *const *ignore);

/* Whether a member named key holds a secret or what proves one: a
 * password, a password hash, a token, a key, a JWT (any letter case:
 * "sip_password", "prov_password", "password_hash", "token", "api_key",
 * "jwt", "secret"). */
bool	 json_diff_is_secret(const char *key);

#endif
