/* Fuzz target: the Authorization and WWW-Authenticate Digest headers
 * (phones' proofs, phones' challenges to the SIP notifier). */
#include "fuzz.h"
#include "lib/digest.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);
	struct digest_auth a;

	if (digest_parse(s, &a) == 0)
		(void)digest_verify(&a, "Switchboard provisioning", "GET",
		    "secret", 1000);
	(void)digest_parse_challenge(s, &a);
	free(s);
	return 0;
}
