/* Switchboard — a few assertion macros for the C unit tests. Each check
 * prints a TAP line ("ok N - what" / "not ok N - what"); test_done() returns
 * the exit status. */
#ifndef SB_TEST_H
#define SB_TEST_H

#include <stdio.h>
#include <string.h>

static int test_n, test_failed;

#define CHECK(cond, what) do {						\
	test_n++;							\
	if (cond) {							\
		printf("ok %d - %s\n", test_n, what);			\
	} else {							\
		test_failed++;						\
		printf("not ok %d - %s (%s:%d: %s)\n", test_n, what,	\
		    __FILE__, __LINE__, #cond);				\
	}								\
} while (0)

#define CHECK_STR(a, b, what) CHECK((a) != NULL && strcmp((a), (b)) == 0, what)
#define CHECK_INT(a, b, what) CHECK((long long)(a) == (long long)(b), what)

static inline int
test_done(void)
{
	fflush(stdout);
	return test_failed ? 1 : 0;
}

#endif
