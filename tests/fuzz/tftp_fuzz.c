/* Fuzz target: TFTP request and ACK packets from any client. */
#include "fuzz.h"
#include "provisioning/tftp_proto.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_request rq;
	enum tftp_error code;
	const char *msg;
	uint16_t block;

	if (tftp_parse_request(data, size, &rq, &code, &msg) == 0)
		(void)tftp_image_name_ok(rq.name);
	(void)tftp_parse_ack(data, size, &block);
	return 0;
}
