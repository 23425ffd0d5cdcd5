/* Switchboard — Teams with a desk phone. */
#include "unify_team_rules.h"

#include <stdio.h>
#include <string.h>

#include "unify_numbers.h"

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_int_t
id_of(json_t *body, json_t *stored, const char *name, struct refusals *rs,
    const char *what)
{
	json_t *v = json_object_get(body, name);

	if (v == NULL)
		v = json_object_get(stored, name);
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		refuse(rs, "required", name, "%s", what);
		return 0;
	}
	return json_integer_value(v);
}

json_t *
unify_team_rules_parse(json_t *body, json_t *stored, struct refusals *rs)
{
	const char *callno = NULL, *name = NULL;
	json_int_t desk, user;
	char dflt[48];

	refusal_string(body, "callno", 16, false, false, &callno, rs);
	refusal_string(body, "name", 40, false, false, &name, rs);
	if (callno == NULL)
		callno = str(stored, "callno");
	if (name == NULL)
		name = str(stored, "name");
	if (callno[0] == '\0')
		refuse(rs, "required", "callno", "Enter the Team's internal call "
		    "number (callno).");
	else if (!unify_callno_ok(callno))
		refuse(rs, "invalid_field", "callno", "The internal call number "
		    "is 1 to %d digits and does not start with 0.",
		    UNIFY_CALLNO_MAX);
	desk = id_of(body, stored, "desk_station_id", rs, "Select the first "
	    "telephone: an IP or TDM desk phone.");
	user = id_of(body, stored, "user_id", rs, "Add the Unify Phone "
	    "mobility user as second telephone.");
	if (rs->n)
		return NULL;
	if (name[0] == '\0') {
		snprintf(dflt, sizeof(dflt), "Team %s", callno);
		name = dflt;
	}
	return json_pack("{s:s,s:s,s:I,s:I}", "callno", callno, "name", name,
	    "desk_station_id", desk, "user_id", user);
}

int
unify_team_rules_fit(json_t *t, const struct unify_team_facts *f,
    struct refusals *rs)
{
	const char *type = str(f->desk, "type");

	if (f->callno_holder)
		refuse(rs, "taken", "callno", "The call number %s is already "
		    "used by %s (%s).", str(t, "callno"), str(f->callno_holder,
		    "name"), str(f->callno_holder, "type"));
	if (f->desk == NULL)
		refuse(rs, "not_found", "desk_station_id", "There is no such "
		    "station.");
	else if (strcmp(type, "cordless") == 0)
		refuse(rs, "invalid_field", "desk_station_id", "Cordless "
		    "subscribers are not approved in connection with Unify "
		    "Phone.");
	else if (strcmp(type, "IP") != 0 && strcmp(type, "TDM") != 0)
		refuse(rs, "invalid_field", "desk_station_id", "Only one IP or "
		    "TDM desk phone can be included in the Team configuration "
		    "with the Unify Phone User; %s is a %s.", str(f->desk,
		    "name"), type);
	else if (f->desk_in_team)
		refuse(rs, "taken", "desk_station_id", "%s is already in "
		    "another Team.", str(f->desk, "name"));
	if (f->user == NULL)
		refuse(rs, "not_found", "user_id", "There is no such Unify Phone "
		    "user.");
	else if (str(f->user, "did")[0])
		refuse(rs, "invalid_field", "user_id", "Leave the DID of %s "
		    "empty: the Team updates its call number from the Team "
		    "callno.", str(f->user, "name"));
	else if (f->user_in_team)
		refuse(rs, "taken", "user_id", "%s is already in another Team.",
		    str(f->user, "name"));
	return rs->n ? -1 : 0;
}
