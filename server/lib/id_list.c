/* Switchboard — lists of record ids. */
#include "id_list.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util.h"

struct seen {
	int64_t	id;
	size_t	at;
};

static int
by_id_then_place(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Sorted once (n log n: a campaign takes 100,000 phones), so a repeat is
 * next to its first. */
size_t
id_list_distinct(int64_t *ids, size_t n)
{
	struct seen *s;
	bool *repeat;
	size_t i, kept = 0;

	if (n < 2)
		return n;
	s = xmalloc(n * sizeof(*s));
	repeat = xcalloc(n, sizeof(*repeat));
	for (i = 0; i < n; i++) {
		s[i].id = ids[i];
		s[i].at = i;
	}
	qsort(s, n, sizeof(*s), by_id_then_place);
	for (i = 1; i < n; i++)
		if (s[i].id == s[i - 1].id)
			repeat[s[i].at] = true;
	for (i = 0; i < n; i++)
		if (!repeat[i])
			ids[kept++] = ids[i];
	free(repeat);
	free(s);
	return kept;
}

int
id_list_read(json_t *a, size_t max, int64_t **ids, size_t *n, long *bad)
{
	json_t *v;
	size_t i;

	*ids = NULL;
	*n = 0;
	*bad = -1;
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > max)
		return -1;
	*ids = xmalloc(json_array_size(a) * sizeof(**ids));
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			free(*ids);
			*ids = NULL;
			*bad = (long)i;
			return -2;
		}
		(*ids)[i] = json_integer_value(v);
	}
	*n = id_list_distinct(*ids, json_array_size(a));
	return 0;
}
