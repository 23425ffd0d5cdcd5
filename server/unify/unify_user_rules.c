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
	json_t *tu = json_object_get(body, "tenant_user_id"), *out;
	char name[2 * NAME_MAX_PART + 2];

	refusal_string(body, "callno", 16, false, false, &callno, rs);
	refusal_string(body, "did", 16, false, false, &did, rs);
	refusal_string(body, "first_name", NAME_MAX_PART, false, false,
	    &first, rs);
	refusal_string(body, "last_name", NAME_MAX_PART, false, false, &last,
	    rs);
	refusal_string(body, "email", 254, false, false, &email, rs);
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
	/* Without a DID the number is the callno: only for Unify Phone
	 * for OpenScape with the internal schema (3.6.5). */
	if (did[0] == '\0' && (n.international || flavour == NULL ||
	    strcmp(flavour, "Unify Phone for OpenScape") != 0))
		refuse(rs, "required", "did", "A Unify Phone user without DID "
		    "needs Unify Phone for OpenScape and the internal "
		    "numbering schema (OpenScape Business V3R3 FR1 or later).");
	if (rs->n)
		return -1;
	unify_call_number(&n, str(u, "callno"), did, number, sizeof(number));
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
