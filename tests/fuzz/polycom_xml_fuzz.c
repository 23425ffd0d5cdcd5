/* Fuzz target: Polycom configuration files (the Assistant's migration
 * reads the old TFTP root's files, phones upload overrides). */
#include "fuzz.h"
#include "lib/polycom_xml.h"

static int
on_attr(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	size_t *n = arg;

	*n += (size_t)depth + strlen(el) + strlen(name) + strlen(value);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[200];
	size_t n = 0;

	(void)polycom_xml_read((const char *)data, size, on_attr, &n, err,
	    sizeof(err));
	return 0;
}
