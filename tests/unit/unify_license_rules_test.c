/* Unit tests of the OpenScape Business licenses of Unify Phone: totals set
 * and refused below their use, a user's licenses fitting the pools or
 * refused naming the exhausted pool, [Apply] giving both required
 * licenses or none while the pools last, the shortfall as text, and the
 * Software Support date. */
#include <string.h>

#include "unify/unify_license_rules.h"
#include "test.h"

/* The refusal of field, or NULL. */
static const struct refusal *
refusal_of(const struct refusals *rs, const char *field)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].field, field) == 0)
			return &rs->v[i];
	return NULL;
}

static json_t *
user(int id, const char *name, bool mobility, bool unify)
{
	return json_pack("{s:i,s:s,s:{s:b,s:b,s:b,s:b}}", "id", id, "name",
	    name, "licenses", "mobility_user", mobility, "unify_phone", unify,
	    "desk_phone", 0, "voicemail", 0);
}

static void
test_pools(void)
{
	struct unify_license_count c[UNIFY_LIC_POOLS] = {
		{ 10, 3 }, { 5, 5 }, { 0, 0 }, { 2, 1 } };
	json_t *p = unify_license_pools_json(c), *f, *held;

	CHECK_STR(unify_license_pools[UNIFY_LIC_MOBILITY_USER].name,
	    "IP User (Mobility User)", "the seed's name of the first pool");
	CHECK_STR(unify_license_pools[UNIFY_LIC_DESK_PHONE].name,
	    "IP User (Desk Phone)", "and of the desk phone's");
	CHECK_INT(unify_license_pool_of("voicemail"), UNIFY_LIC_VOICEMAIL,
	    "a pool by key");
	CHECK_INT(unify_license_pool_of("Voicemail"), -1, "keys only");
	CHECK_INT(json_array_size(p), 4, "four pools");
	CHECK_INT(json_integer_value(json_object_get(json_array_get(p, 0),
	    "free")), 7, "free is total less used");
	CHECK(json_is_true(json_object_get(json_array_get(p, 1),
	    "required")), "Unify Phone is required");
	CHECK(json_is_false(json_object_get(json_array_get(p, 3),
	    "required")), "Voicemail is optional");
	json_decref(p);

	held = json_pack("[s,s]", "unify_phone", "voicemail");
	f = unify_license_flags(held);
	CHECK(json_is_true(json_object_get(f, "unify_phone")) &&
	    json_is_true(json_object_get(f, "voicemail")) &&
	    json_is_false(json_object_get(f, "mobility_user")) &&
	    json_is_false(json_object_get(f, "desk_phone")),
	    "flags of what is held");
	json_decref(f);
	json_decref(held);
	f = unify_license_flags(NULL);
	CHECK(json_object_size(f) == 4 && json_is_false(json_object_get(f,
	    "unify_phone")), "nothing held: four false flags");
	json_decref(f);
}

static void
test_totals(void)
{
	struct unify_license_count c[UNIFY_LIC_POOLS] = {
		{ 10, 3 }, { 10, 3 }, { 0, 0 }, { 4, 2 } };
	int64_t t[UNIFY_LIC_POOLS];
	const struct refusal *f;
	struct refusals rs;
	json_t *body;

	refusals_init(&rs);
	body = json_pack("{s:i,s:n}", "mobility_user", 20, "voicemail");
	CHECK_INT(unify_license_rules_totals(body, c, t, &rs), 0,
	    "a total set");
	CHECK(t[UNIFY_LIC_MOBILITY_USER] == 20 && t[UNIFY_LIC_UNIFY_PHONE] ==
	    10 && t[UNIFY_LIC_VOICEMAIL] == 4, "pools left out or null keep "
	    "their totals");
	json_decref(body);

	body = json_pack("{s:i,s:i,s:i}", "unify_phone", 2, "voicemail", 2,
	    "desk_phone", -1);
	CHECK_INT(unify_license_rules_totals(body, c, t, &rs), -1,
	    "below use, or negative: refused");
	f = refusal_of(&rs, "unify_phone");
	CHECK(f != NULL && strcmp(f->about_key, "license") == 0 &&
	    strcmp(f->about, "Unify Phone") == 0, "lowering below use names "
	    "the pool");
	CHECK(f != NULL && strstr(f->message, "3 Unify Phone licenses are in "
	    "use") != NULL, "and how many are in use");
	CHECK(refusal_of(&rs, "voicemail") == NULL, "down to the use is "
	    "allowed");
	CHECK(refusal_of(&rs, "desk_phone") != NULL, "a negative total");
	json_decref(body);
	refusals_release(&rs);

	body = json_pack("{s:i}", "voicemail", UNIFY_LICENSE_TOTAL_MAX + 1);
	CHECK_INT(unify_license_rules_totals(body, c, t, &rs), -1,
	    "past the most a total may name");
	json_decref(body);
	refusals_release(&rs);
}

static void
test_activate(void)
{
	struct unify_license_count c[UNIFY_LIC_POOLS] = {
		{ 2, 1 }, { 1, 1 }, { 0, 0 }, { 5, 0 } };
	bool held[UNIFY_LIC_POOLS] = { false, false, false, false },
	    want[UNIFY_LIC_POOLS];
	const struct refusal *f;
	struct refusals rs;
	json_t *body;

	refusals_init(&rs);
	body = json_pack("{s:b,s:b}", "mobility_user", 1, "voicemail", 1);
	CHECK_INT(unify_license_rules_activate(body, "Dora Ek", held, c, want,
	    &rs), 0, "free licenses fit");
	CHECK(want[UNIFY_LIC_MOBILITY_USER] && want[UNIFY_LIC_VOICEMAIL] &&
	    !want[UNIFY_LIC_UNIFY_PHONE], "and are wanted");
	json_decref(body);

	body = json_pack("{s:b,s:b,s:b}", "mobility_user", 1, "unify_phone",
	    1, "desk_phone", 1);
	CHECK_INT(unify_license_rules_activate(body, "Dora Ek", held, c, want,
	    &rs), -1, "exhausted pools refuse");
	CHECK_INT(rs.n, 2, "one refusal per exhausted pool");
	f = refusal_of(&rs, "unify_phone");
	CHECK(f != NULL && strcmp(f->about, "Unify Phone") == 0 &&
	    strcmp(f->code, "license_exhausted") == 0, "naming the pool");
	CHECK(f != NULL && strstr(f->message, "Dora Ek") != NULL &&
	    strstr(f->message, "1 of 1") != NULL, "the user and the use");
	f = refusal_of(&rs, "desk_phone");
	CHECK(f != NULL && strcmp(f->about, "IP User (Desk Phone)") == 0,
	    "a pool of none");
	CHECK(refusal_of(&rs, "mobility_user") == NULL, "a pool with one "
	    "free is not refused");
	json_decref(body);
	refusals_release(&rs);

	/* What the user holds needs no free license; giving back always
	 * fits. */
	held[UNIFY_LIC_UNIFY_PHONE] = true;
	body = json_pack("{s:b,s:b}", "unify_phone", 1, "mobility_user", 0);
	CHECK_INT(unify_license_rules_activate(body, "Dora Ek", held, c, want,
	    &rs), 0, "keeping one held in a full pool");
	CHECK(want[UNIFY_LIC_UNIFY_PHONE] && !want[UNIFY_LIC_MOBILITY_USER],
	    "held and given back");
	json_decref(body);
	body = json_pack("{s:s}", "voicemail", "yes");
	CHECK_INT(unify_license_rules_activate(body, "Dora Ek", held, c, want,
	    &rs), -1, "not a boolean");
	CHECK(refusal_of(&rs, "voicemail") != NULL, "names the field");
	json_decref(body);
	refusals_release(&rs);
}

static void
test_apply(void)
{
	/* Two Mobility User licenses free, one Unify Phone. */
	struct unify_license_count c[UNIFY_LIC_POOLS] = {
		{ 3, 1 }, { 2, 1 }, { 0, 0 }, { 0, 0 } };
	json_t *users = json_pack("[o,o,o,o]",
	    user(1, "Ada Lund", true, true),
	    user(2, "Ben Kurz", false, false),
	    user(3, "Cora Lind", false, false),
	    user(4, "Dora Ek", true, false));
	json_t *a, *s;

	/* Ben takes the last Unify Phone license; Cora needs both and finds
	 * none; Dora needs only Unify Phone: none is left either. */
	a = unify_license_rules_apply(users, c);
	CHECK_INT(json_integer_value(json_object_get(a, "complete")), 1,
	    "Ada had both");
	CHECK_INT(json_array_size(json_object_get(a, "granted")), 1,
	    "one user served");
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(a, "granted"), 0), "name")), "Ben Kurz",
	    "in order");
	CHECK_INT(json_array_size(json_object_get(json_array_get(
	    json_object_get(a, "granted"), 0), "pools")), 2, "both licenses");
	s = json_object_get(a, "short");
	CHECK_INT(json_array_size(s), 2, "two left without");
	CHECK_STR(json_string_value(json_object_get(json_array_get(s, 0),
	    "license")), "Unify Phone", "the pool that ran out");
	CHECK_INT(json_array_size(json_object_get(json_array_get(s, 0),
	    "missing")), 2, "Cora lacks both");
	CHECK(c[UNIFY_LIC_MOBILITY_USER].used == 2 &&
	    c[UNIFY_LIC_UNIFY_PHONE].used == 2, "all or none per user: "
	    "Cora's Mobility User license is not taken");
	json_decref(a);

	/* The users passed in are not changed: with one more Unify Phone
	 * license, a second run serves Ben again, before Cora. */
	c[UNIFY_LIC_UNIFY_PHONE].total = 3;
	a = unify_license_rules_apply(users, c);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(a, "granted"), 0), "name")), "Ben Kurz",
	    "Ben first again");
	json_decref(a);
	json_decref(users);
}

static void
test_shortfall(void)
{
	json_t *users = json_pack("[o,o,o,o,o]",
	    user(1, "Ada Lund", true, true),
	    user(2, "Ben Kurz", false, false),
	    user(3, "Cora Lind", true, false),
	    user(4, "Dora Ek", false, true),
	    user(5, "Eva Fern", false, false));
	json_t *none = json_pack("[o]", user(1, "Ada Lund", true, true));
	json_t *sys = json_pack("{s:s}", "software_support_until",
	    "2026-12-06");
	char text[400];

	CHECK_INT(unify_license_shortfall(users, text, sizeof(text)), 4,
	    "four users lack a license");
	CHECK_STR(text, "Ben Kurz lacks IP User (Mobility User) and Unify "
	    "Phone; Cora Lind lacks Unify Phone; Dora Ek lacks IP User "
	    "(Mobility User); and 1 more.", "the first three, by pool");
	CHECK_INT(unify_license_shortfall(none, text, sizeof(text)), 0,
	    "nobody lacks one");
	CHECK(unify_license_support_valid(sys, "2026-12-06"),
	    "valid on its last day");
	CHECK(!unify_license_support_valid(sys, "2026-12-07"),
	    "not the day after");
	CHECK(!unify_license_support_valid(NULL, "2026-12-07"),
	    "not without a system");
	json_decref(sys);
	json_decref(none);
	json_decref(users);
}

int
main(void)
{
	test_pools();
	test_totals();
	test_activate();
	test_apply();
	test_shortfall();
	return test_done();
}
