/* Fuzz target: JSON request bodies as the router reads them (jansson,
 * then each write route's field schema), and phone options as the phone
 * rules check them. */
#include "fuzz.h"
#include "http/api_bodies.h"
#include "phones/phone_options.h"

static const char *const routes[][2] = {
	{ "POST", "/api/v1/phones" },
	{ "PUT", "/api/v1/phones/{id}" },
	{ "POST", "/api/v1/registration-groups" },
	{ "PUT", "/api/v1/settings/network" },
	{ "PUT", "/api/v1/settings/provisioning" },
	{ "POST", "/api/v1/sip-devices" },
	{ "POST", "/api/v1/users" },
	{ "POST", "/api/v1/login" },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *body = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, NULL), *o;
	char field[128], msg[512];
	size_t i;
	int adv;

	if (body == NULL)
		return 0;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct body_field *f = api_bodies_find(routes[i][0],
		    routes[i][1]);

		if (f)
			(void)body_schema_check(f, body, field, sizeof(field),
			    msg, sizeof(msg));
	}
	for (adv = 0; adv < 2; adv++) {
		o = phone_options_apply(adv ? "polycom" : "audiocodes", adv,
		    body, field, sizeof(field), msg, sizeof(msg));
		json_decref(o);
	}
	json_decref(body);
	return 0;
}
