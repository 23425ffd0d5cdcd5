/* Fuzz target: the Managed IP Phone list reader for Excel workbooks
 * (.xlsx: zip through libarchive, then the shared strings and the first
 * worksheet through expat), its CSV text fed on to the CSV list reader
 * as an upload would be. */
#include "fuzz.h"
#include "count_rows.h"
#include "lib/xlsx_list.h"

static int
emit(void *arg, const char *csv, size_t len)
{
	return csv_list_feed(arg, csv, len) == 0 ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	struct csv_list *l = csv_list_new(count_rows, &n);
	char err[256];

	if (xlsx_list_sniff((const char *)data, size) &&
	    xlsx_list_read((const char *)data, size, emit, l, err,
	    sizeof(err)) == 0)
		csv_list_finish(l);
	csv_list_free(l);
	return 0;
}
