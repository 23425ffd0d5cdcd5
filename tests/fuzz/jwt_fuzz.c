/* Fuzz target: a pasted Unify Phone JWT (structure and time claims). */
#include "fuzz.h"
#include "unify/jwt_status.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);

	json_decref(jwt_status(s, 1800000000));
	free(s);
	return 0;
}
