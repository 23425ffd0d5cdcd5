/* Unit tests of the Unify Phone call numbers: the numbering from the system
 * and wizard input (before and from V3R3 FR1), the composed number per
 * schema, and the E.164 checks at their edges. */
#include "unify/unify_numbers.h"
#include "test.h"

int
main(void)
{
	json_t *sys = json_pack("{s:s,s:s,s:s,s:s}", "software_version",
	    "V3R3", "country_code", "43", "local_area_code", "1",
	    "pabx_number", "555");
	json_t *conn = json_pack("{s:s,s:s,s:s,s:s}", "numbering_schema",
	    "internal", "route_country_code", "49", "route_local_area_code",
	    "89", "route_pabx_number", "7007");
	struct unify_numbering n;
	char out[64], why[160], basis[64];

	/* Before FR1: international on the gateway location, whatever the
	 * input says. */
	unify_numbering_of(sys, conn, &n);
	unify_call_number(&n, "100", "20", out, sizeof(out));
	CHECK_STR(out, "+43155520", "gateway location and the DID");
	unify_call_number(&n, "100", "", out, sizeof(out));
	CHECK_STR(out, "+431555100", "no DID: the callno");

	json_object_set_new(sys, "software_version", json_string("V3R3 FR1"));
	unify_numbering_of(sys, conn, &n);
	unify_call_number(&n, "100", "20", out, sizeof(out));
	CHECK_STR(out, "100", "internal: the callno, DID or not");
	unify_numbering_basis(&n, basis, sizeof(basis));
	CHECK_STR(basis, "internal", "the internal basis");
	CHECK(unify_number_problem(&n, out, why, sizeof(why)) == NULL,
	    "internal numbers are not E.164's business");

	json_object_set_new(conn, "numbering_schema",
	    json_string("international"));
	unify_numbering_of(sys, conn, &n);
	unify_numbering_basis(&n, basis, sizeof(basis));
	CHECK_STR(basis, "international:49:89:7007", "the route location");
	unify_call_number(&n, "100", "1234567", out, sizeof(out));
	CHECK_STR(out, "+498970071234567", "15 digits");
	CHECK(unify_number_problem(&n, out, why, sizeof(why)) == NULL,
	    "15 digits pass");
	unify_call_number(&n, "100", "12345678", out, sizeof(out));
	CHECK(unify_number_problem(&n, out, why, sizeof(why)) != NULL,
	    "16 digits fail");
	CHECK_STR(why, "+4989700712345678 has 16 digits: E.164 allows at most "
	    "15.", "and say how many");

	json_object_set_new(conn, "route_country_code", json_string("049"));
	unify_numbering_of(sys, conn, &n);
	CHECK(unify_number_problem(&n, "+0498970071", why, sizeof(why)) &&
	    why[0] == 'T', "a country code starting with 0");
	json_object_set_new(conn, "route_country_code", json_string(""));
	unify_numbering_of(sys, conn, &n);
	CHECK(unify_number_problem(&n, "+8970071", why, sizeof(why)) != NULL,
	    "no country code");

	CHECK(unify_callno_ok("100") && !unify_callno_ok("0100") &&
	    !unify_callno_ok("1234567") && !unify_callno_ok("12a") &&
	    !unify_callno_ok(""), "callno: 1 to 6 digits, no leading 0");
	CHECK(unify_did_ok("0") && unify_did_ok("12345678901") &&
	    !unify_did_ok("123456789012") && !unify_did_ok(""),
	    "DID: 1 to 11 digits");
	json_decref(conn);
	json_decref(sys);
	return test_done();
}
