/* Unit tests of server/phones/password_supply.c: every password taken is new,
 * sealed under the context asked for, and there when the maker has not
 * made it; stopping a maker that waits on a full ring frees what it made
 * (AddressSanitizer checks the leaks). */
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include "phones/password_supply.h"
#include "lib/seal.h"
#include "test.h"

#define EACH	3000	/* about three rings' worth: the maker waits and wakes */

static const char *const contexts[] = { "test.a", "test.b" };

static int
cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Take n passwords under context; 0 when every one is sealed under it
 * (and no other), 24 characters long, and unlike all the others. */
static int
take_all(struct password_supply *s, const char *context, const char *other,
    int n)
{
	char (*plain)[25] = calloc((size_t)n, sizeof(*plain));
	size_t len;
	int i, bad = 0;

	for (i = 0; i < n && !bad; i++) {
		char *box = password_supply_take(s, context), *pw;

		if (box == NULL || seal_open(other, box, &len) != NULL ||
		    (pw = seal_open(context, box, &len)) == NULL) {
			bad = 1;
		} else {
			bad = len != 24;
			memcpy(plain[i], pw, len < 24 ? len : 24);
			seal_free(pw, len);
		}
		free(box);
	}
	qsort(plain, (size_t)n, sizeof(*plain), cmp);
	for (i = 1; i < n && !bad; i++)
		bad = strcmp(plain[i - 1], plain[i]) == 0;
	free(plain);
	return bad;
}

int
main(void)
{
	char dir[] = "/tmp/sb-supply-XXXXXX", key[64], err[256];
	struct password_supply *s;
	char *box;

	if (sodium_init() < 0)
		return 1;
	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(key, sizeof(key), "%s/secret.key", dir);
	CHECK(seal_init(key, err, sizeof(err)) == 0, "key file created");

	s = password_supply_start(contexts, 2, EACH);
	usleep(20000);	/* let the maker fill its first ring */
	CHECK(take_all(s, "test.a", "test.b", EACH) == 0, "the first context's "
	    "passwords: sealed under it, 24 characters, all different");
	CHECK(take_all(s, "test.b", "test.a", EACH) == 0, "then the second's");
	CHECK(take_all(s, "test.a", "test.b", 10) == 0, "more than were asked "
	    "for are made by the taker");
	box = password_supply_take(s, "test.c");
	CHECK(box != NULL && strncmp(box, "sb1:", 4) == 0, "a context the "
	    "supply does not make is made by the taker");
	free(box);
	password_supply_stop(s);

	s = password_supply_start(contexts, 2, 100000);
	usleep(20000);
	CHECK(take_all(s, "test.a", "test.b", 5) == 0, "a few taken from a "
	    "supply that makes many");
	password_supply_stop(s);
	password_supply_stop(NULL);

	seal_shutdown();
	s = password_supply_start(contexts, 2, 10);
	CHECK(password_supply_take(s, "test.a") == NULL, "without a key there "
	    "is no password, from either side");
	password_supply_stop(s);

	unlink(key);
	rmdir(dir);
	return test_done();
}
