/* Fuzz target: what a request says about its phone: the User-Agent and
 * the MAC in the path. */
#include "fuzz.h"
#include "provisioning/phone_agent.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size), mac[MAC_TEXT];
	struct phone_agent a;

	(void)phone_agent_parse(s, &a);
	(void)phone_agent_path_mac(s, mac);
	free(s);
	return 0;
}
