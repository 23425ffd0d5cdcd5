/* Fuzz target: the Managed IP Phone list reader for Excel workbooks
 * (.xlsx: zip through libarchive, then the shared strings and the first
 * worksheet through expat), its CSV text fed on to the CSV list reader
 * as an upload would be. */
#include "fuzz.h"
#include "lib/csv_list.h"
#include "lib/xlsx_list.h"

static int
on_row(void *arg, int row, const char **values, unsigned not_text)
{
	size_t *n = arg;
	int c;

	(void)not_text;
	for (c = 0; c < COL_COUNT && row > 0; c++)
		*n += strlen(values[c]);
	return 0;
}

static int
emit(void *arg, const char *csv, size_t len)
{
	return csv_list_feed(arg, csv, len) == 0 ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	struct csv_list *l = csv_list_new(on_row, &n);
	char err[256];

	if (xlsx_list_sniff((const char *)data, size) &&
	    xlsx_list_read((const char *)data, size, emit, l, err,
	    sizeof(err)) == 0)
		csv_list_finish(l);
	csv_list_free(l);
	return 0;
}
