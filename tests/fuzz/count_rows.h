/* Switchboard — the row callback the list-reader targets share: it
 * touches every value of every row after the header (each must be a
 * string) and counts their bytes into *(size_t *)arg. */
#ifndef SB_FUZZ_COUNT_ROWS_H
#define SB_FUZZ_COUNT_ROWS_H

#include <string.h>

#include "lib/csv_list.h"

static int
count_rows(void *arg, int row, const char **values, unsigned not_text)
{
	size_t *n = arg;
	int c;

	(void)not_text;
	for (c = 0; c < COL_COUNT && row > 0; c++)
		*n += strlen(values[c]);
	return 0;
}

#endif
