/* Switchboard — the rules of the Unify Phone user instance wizard. */
#include "unify_user_rules.h"

#include <stdio.h>
#include <string.h>

#include "../lib/netaddr.h"
#include "unify_numbers.h"
#include "unify_rules.h"

#define NAME_MAX_PART 40

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* body's member name, else the stored value, else dflt; "" for none. */
static const char *
pick(json_t *body, json_t *stored, const char *name, const char *got,
    const char *dflt)
{
	if (got)
		return got;
	if (json_object_get(body, name) == NULL && str(stored, name))
		return str(stored, name);
	return dflt ? dflt : "";
}

json_t *
unify_user_rules_parse(json_t *body, json_t *stored, json_t *tenant,
    struct refusals *rs)
{
	const char *callno = NULL, *did = NULL, *first = NULL, *last = NULL,
	    *email = NULL;
	json_t *tu = json_object_get(body, "tenant_user_id"), *out,
	    *team = json_object_get(body, "team_user");
	char name[2 * NAME_MAX_PART + 2];

	refusal_string(body, "callno", 16, false, false, &callno, rs);
	refusal_string(body, "did", 16, false, false, &did, rs);
	refusal_string(body, "first_name", NAME_MAX_PART, false, false,
	    &first, rs);
	refusal_string(body, "last_name", NAME_MAX_PART, false, false, &last,
	    rs);
	refusal_string(body, "email", 254, false, false, &email, rs);
	if (team && !json_is_boolean(team))
		refuse(rs, "invalid_field", "team_user", "Team (MULAP) user is "
		    "true or false.");
	if (tu && !json_is_null(tu) && (!json_is_integer(tu) ||
	    json_integer_value(tu) < 1))
		refuse(rs, "invalid_field", "tenant_user_id", "Choose a Unify "
		    "Phone user of the tenant.");
	if (rs->n)
		return NULL;
	callno = pick(body, stored, "callno", callno, NULL);
	did = pick(body, stored, "did", did, NULL);
	first = pick(body, stored, "first_name", first, str(tenant,
	    "first_name"));
	last = pick(body, stored, "last_name", last, str(tenant,
	    "last_name"));
	/* An added user is the tenant's account: its e-mail is the tenant
	 * user's, not the admin's to type. */
	if (tenant)
		email = str(tenant, "email");
	else
		email = pick(body, stored, "email", email, NULL);

	if (callno[0] == '\0')
		refuse(rs, "required", "callno", "Each Unify Phone user needs a "
		    "free internal call number (callno).");
	else if (!unify_callno_ok(callno))
		refuse(rs, "invalid_field", "callno", "The internal call number "
		    "is 1 to %d digits and does not start with 0.",
		    UNIFY_CALLNO_MAX);
	if (did[0] && !unify_did_ok(did))
		refuse(rs, "invalid_field", "did", "The DID is 1 to %d digits.",
		    UNIFY_DID_MAX);
	if (first[0] == '\0')
		refuse(rs, "required", "first_name", "Enter the First Name.");
	if (last[0] == '\0')
		refuse(rs, "required", "last_name", "Enter the Last Name.");
	if (email == NULL || email[0] == '\0')
		refuse(rs, "required", "email", "Assign the E-mail address.");
	else if (!netaddr_email_ok(email))
		refuse(rs, "invalid_field", "email", "Use an e-mail address "
		    "such as anna.berg@example.com.");
	if (rs->n)
		return NULL;
	/* "Name is created automatically" from First and Last Name. */
	snprintf(name, sizeof(name), "%s %s", first, last);
	out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "callno", callno, "did",
	    did, "first_name", first, "last_name", last, "name", name,
	    "email", email);
	json_object_set_new(out, "team_user", json_boolean(team ?
	    json_is_true(team) : json_is_true(json_object_get(stored,
	    "team_user"))));
	json_object_set_new(out, "tenant_user_id", tenant ?
	    json_integer(json_integer_value(json_object_get(tenant, "id"))) :
	    stored && json_is_integer(json_object_get(stored,
	    "tenant_user_id")) ? json_integer(json_integer_value(
	    json_object_get(stored, "tenant_user_id"))) : json_null());
	return out;
}

static void
holder_refusal(struct refusals *rs, const char *field, const char *what,
    const char *number, json_t *h)
{
	refuse(rs, "taken", field, "%s %s is already used by %s (%s %s).",
	    what, number, str(h, "name"), str(h, "type"), str(h, "callno"));
}

int
unify_user_rules_fit(json_t *u, const struct unify_user_facts *f,
    struct refusals *rs)
{
	const char *did = str(u, "did"), *flavour = str(f->system, "flavour");
	bool team = json_is_true(json_object_get(u, "team_user"));
	struct unify_numbering n;
	char number[UNIFY_NUMBER_MAX + 40], basis[64], why[160];
	int max = unify_max_users(f->system);

	if (f->system == NULL)
		return refuse(rs, "not_configured", "system", "Enter the "
		    "OpenScape Business system first.");
	if (f->creating && !unify_from_fr1(f->system))
		refuse(rs, "invalid_field", "tenant_user_id", "Create new "
		    "Unify Phone users from OpenScape Business V3R3 FR1; before "
		    "it, add a user of the tenant.");
	if (f->tenant_missing)
		refuse(rs, "not_found", "tenant_user_id", "There is no such "
		    "Unify Phone user of the tenant: import the tenant's users "
		    "first.");
	else if (f->tenant_assigned)
		refuse(rs, "taken", "tenant_user_id", "This Unify Phone user is "
		    "already assigned to another user instance.");
	if (f->other_users >= max)
		refuse(rs, "limit", "users", "This system allows up to %d "
		    "Unify Phone users (%s %s, %s).", max, str(f->system,
		    "model") ? str(f->system, "model") : "?", str(f->system,
		    "mainboard") ? str(f->system, "mainboard") : "",
		    str(f->system, "edition") ? str(f->system, "edition") :
		    "?");
	if (f->callno_holder)
		holder_refusal(rs, "callno", "The call number", str(u,
		    "callno"), f->callno_holder);
	if (f->did_holder)
		holder_refusal(rs, "did", "The DID", did, f->did_holder);
	if (f->email_taken)
		refuse(rs, "taken", "email", "The e-mail %s is already used by "
		    "another Unify Phone user.", str(u, "email"));
	unify_numbering_of(f->system, f->conn, &n);
	/* A Team (MULAP) user leaves its DID empty: the Team gives it its
	 * number (3.4). */
	if (team && did[0])
		refuse(rs, "invalid_field", "did", "Leave the DID of a Team "
		    "(MULAP) user empty: the Team wizard updates its call "
		    "number from the Team callno.");
	/* Without a DID the number is the callno: only for Unify Phone
	 * for OpenScape with the internal schema (3.6.5). */
	else if (!team && did[0] == '\0' && (n.international ||
	    flavour == NULL || strcmp(flavour, "Unify Phone for OpenScape") !=
	    0))
		refuse(rs, "required", "did", "A Unify Phone user without DID "
		    "needs Unify Phone for OpenScape and the internal "
		    "numbering schema (OpenScape Business V3R3 FR1 or later).");
	if (rs->n)
		return -1;
	if (f->team_callno)
		unify_call_number(&n, f->team_callno, "", number,
		    sizeof(number));
	else
		unify_call_number(&n, str(u, "callno"), did, number,
		    sizeof(number));
	if (unify_number_problem(&n, number, why, sizeof(why))) {
		refuse(rs, "invalid_number", did[0] ? "did" : "callno",
		    "%s %s", why, n.cc[0] ? "Update the Unify Phone route "
		    "location number." : "Set the location number's country "
		    "code.");
		return -1;
	}
	unify_numbering_basis(&n, basis, sizeof(basis));
	json_object_set_new(u, "call_number", json_string(number));
	json_object_set_new(u, "number_basis", json_string(basis));
	return 0;
}

json_t *
unify_destinations_parse(json_t *body, struct refusals *rs)
{
	const char *vm = NULL;
	json_t *targets = json_object_get(body, "targets"), *alt =
	    json_object_get(body, "alternative_number"), *t, *out;
	size_t i;

	refusal_string(body, "voicemail", 40, false, false, &vm, rs);
	if (targets && (!json_is_array(targets) || json_array_size(targets) >
	    3))
		refuse(rs, "invalid_field", "targets", "A call destination list "
		    "has up to 3 targets.");
	else
		json_array_foreach(targets, i, t) {
			char field[32];
			const char *v = json_string_value(t);

			snprintf(field, sizeof(field), "targets[%zu]", i);
			if (!json_is_string(t) || strlen(v) > 40 ||
			    strcspn(v, "\r\n\t") != strlen(v))
				refuse(rs, "invalid_field", field, "A target is "
				    "text of up to 40 characters.");
		}
	if (alt && !json_is_boolean(alt))
		refuse(rs, "invalid_field", "alternative_number", "Alternative "
		    "Number is true or false.");
	if (rs->n)
		return NULL;
	out = json_pack("{s:s,s:[],s:b}", "voicemail", vm ? vm : "",
	    "targets", "alternative_number", json_is_true(alt));
	for (i = 0; i < 3; i++)
		json_array_append_new(json_object_get(out, "targets"),
		    json_string(json_string_value(json_array_get(targets, i)) ?
		    json_string_value(json_array_get(targets, i)) : ""));
	return out;
}

const char *
unify_destinations_problem(json_t *cdl)
{
	const char *t2 = json_string_value(json_array_get(json_object_get(cdl,
	    "targets"), 1));

	if (!json_is_true(json_object_get(cdl, "alternative_number")))
		return NULL;
	return t2 && strcmp(t2, UNIFY_USER_DEFINED) == 0 ? NULL :
	    UNIFY_ALTERNATIVE_HINT;
}

json_t *
unify_routing_modes(json_t *cdl, bool in_team)
{
	const char *t2 = json_string_value(json_array_get(json_object_get(cdl,
	    "targets"), 1));
	/* Alternative number works once target 2 is "** User defined". */
	bool alt_ok = t2 && strcmp(t2, UNIFY_USER_DEFINED) == 0;
	const char *mulap = "Only in a Team (MULAP) with a desk phone.";

	return json_pack("[{s:s,s:b,s:n},{s:s,s:b,s:s?},{s:s,s:b,s:s?},"
	    "{s:s,s:b,s:s?}]",
	    "mode", "Default routing", "available", 1, "why",
	    "mode", "Desk phone", "available", in_team, "why", in_team ? NULL :
	    mulap,
	    "mode", "Unify phone", "available", in_team, "why", in_team ?
	    NULL : mulap,
	    "mode", "Alternative number", "available", alt_ok, "why", alt_ok ?
	    NULL : UNIFY_ALTERNATIVE_HINT);
}

void
unify_user_view(json_t *u, const char *basis)
{
	const char *b = json_string_value(json_object_get(u, "number_basis")),
	    *alt = unify_destinations_problem(json_object_get(u,
	    "call_destinations"));

	json_object_set_new(u, "needs_validation", json_boolean(b == NULL ||
	    strcmp(b, basis) != 0));
	json_object_set_new(u, "routing_modes", unify_routing_modes(
	    json_object_get(u, "call_destinations"), json_is_integer(
	    json_object_get(u, "team_id"))));
	json_object_set_new(u, "destinations_problem", alt ? json_string(alt) :
	    json_null());
}

void
unify_user_number_parts(json_t *u, const char **callno, const char **did)
{
	const char *team = json_string_value(json_object_get(u,
	    "team_callno"));

	*callno = team ? team : json_string_value(json_object_get(u,
	    "callno"));
	*did = team ? "" : json_string_value(json_object_get(u, "did"));
}
