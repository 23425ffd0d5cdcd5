/* Fuzz target: the Managed IP Phone list reader (CSV), fed in two chunks
 * split where the first byte says, as uploads arrive. */
#include "fuzz.h"
#include "count_rows.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0, cut = size ? data[0] % (size + 1) : 0;
	struct csv_list *l = csv_list_new(count_rows, &n);

	if (csv_list_feed(l, (const char *)data, cut) == 0 &&
	    csv_list_feed(l, (const char *)data + cut, size - cut) == 0)
		csv_list_finish(l);
	csv_list_free(l);
	return 0;
}
