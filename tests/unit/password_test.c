/* Unit tests of server/lib/password.c: argon2id hashing and the policy. */
#include <sodium.h>

#include "lib/password.h"
#include "test.h"

int
main(void)
{
	char hash[PASSWORD_HASH_MAX], hash2[PASSWORD_HASH_MAX];

	if (sodium_init() < 0)
		return 1;
	CHECK(password_policy("short") != NULL, "11 characters or fewer refused");
	CHECK(password_policy("exactly12chr") == NULL, "12 characters accepted");
	CHECK(password_policy("with\ttab-inside") != NULL,
	    "control characters refused");
	CHECK(password_hash("correct horse battery", hash) == 0, "hash");
	CHECK(strncmp(hash, "$argon2id$", 10) == 0, "argon2id hash string");
	CHECK(password_verify(hash, "correct horse battery"), "right password");
	CHECK(!password_verify(hash, "correct horse batterY"), "wrong password");
	CHECK(!password_verify(hash, ""), "empty password");
	CHECK(password_hash("correct horse battery", hash2) == 0 &&
	    strcmp(hash, hash2) != 0, "salted: same password, new hash");
	CHECK(!password_verify(password_dummy_hash(), "correct horse battery"),
	    "the dummy hash matches nothing");
	return test_done();
}
