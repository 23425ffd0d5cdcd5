/* Fuzz target: a phone's answer to a NOTIFY, as the SIP notifier reads it
 * from UDP or a TCP/TLS stream (several messages, or half of one). */
#include "fuzz.h"
#include "lib/sip_msg.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sip_response r;
	const char *why;
	size_t off = 0;

	while (off < size && sip_response_parse((const char *)data + off,
	    size - off, &r, &why) == 0 && r.length > 0)
		off += r.length;
	return 0;
}
