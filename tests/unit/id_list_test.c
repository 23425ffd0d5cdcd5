/* Unit tests of server/lib/id_list.c: each id once, in the order first given. */
#include <stdlib.h>

#include "lib/id_list.h"
#include "test.h"

int
main(void)
{
	int64_t a[] = { 5, 5, 5 }, b[] = { 9, 3, 9, 1, 3, 7 }, *ids, *big;
	json_t *j;
	size_t n, i;
	long bad;

	CHECK(id_list_distinct(a, 3) == 1 && a[0] == 5, "[5,5,5] is one id");
	CHECK(id_list_distinct(b, 6) == 4 && b[0] == 9 && b[1] == 3 &&
	    b[2] == 1 && b[3] == 7, "repeats dropped, first places kept");
	j = json_pack("[i,i,i,i]", 4, 2, 4, 2);
	CHECK(id_list_read(j, 10, &ids, &n, &bad) == 0 && n == 2 &&
	    ids[0] == 4 && ids[1] == 2, "read from JSON, each once");
	free(ids);
	json_decref(j);
	j = json_pack("[i,s]", 4, "x");
	CHECK(id_list_read(j, 10, &ids, &n, &bad) == -2 && bad == 1 &&
	    ids == NULL, "a non-id element is named by its place");
	json_decref(j);
	j = json_pack("[i,i]", 4, 0);
	CHECK(id_list_read(j, 10, &ids, &n, &bad) == -2 && bad == 1,
	    "ids are positive");
	json_decref(j);
	j = json_pack("[i,i,i]", 1, 2, 3);
	CHECK(id_list_read(j, 2, &ids, &n, &bad) == -1 && bad == -1,
	    "more than max given");
	json_decref(j);
	j = json_array();
	CHECK(id_list_read(j, 2, &ids, &n, &bad) == -1, "an empty list");
	json_decref(j);
	CHECK(id_list_read(NULL, 2, &ids, &n, &bad) == -1, "no list");
	big = malloc(100000 * sizeof(*big));
	for (i = 0; i < 100000; i++)
		big[i] = (int64_t)(i % 1000) + 1;
	CHECK(id_list_distinct(big, 100000) == 1000 && big[0] == 1 &&
	    big[999] == 1000, "100,000 ids with repeats");
	free(big);
	return test_done();
}
