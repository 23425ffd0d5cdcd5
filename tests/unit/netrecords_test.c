/* Unit tests of netrecords_check: a value of the wrong JSON type is
 * refused by name, never read as the default. */
#include "provisioning/netrecords.h"
#include "test.h"

#define GOOD "\"domain\":\"lab.voip\",\"provision_host\":\"provision\"," \
	"\"provision_addresses\":[\"10.0.0.5\"],\"pbx_hosts\":[\"pbx1.lab.voip\"]"

static int
any_location(void *arg, const char *name)
{
	(void)arg;
	return name[0] != '\0';
}

static const char *
refused(const char *json)
{
	static char field[64];
	const char *msg = NULL;
	json_t *in = json_loads(json, 0, NULL), *out;

	field[0] = '\0';
	out = netrecords_check(in, any_location, NULL, field, sizeof(field),
	    &msg);
	json_decref(in);
	if (out == NULL)
		return field;
	json_decref(out);
	return "(accepted)";
}

int
main(void)
{
	CHECK_STR(refused("{" GOOD ",\"sip_ports\":{\"udp\":5070},"
	    "\"tftp_server\":\"10.0.0.9\",\"subnets\":[{\"location\":\"A\","
	    "\"subnet\":\"10.1.0.0/24\",\"range_start\":\"10.1.0.10\","
	    "\"range_end\":\"10.1.0.20\",\"router\":\"10.1.0.1\"}]}"),
	    "(accepted)", "good settings");
	CHECK_STR(refused("{" GOOD ",\"tftp_server\":null,\"sip_ports\":null}"),
	    "(accepted)", "null is as if left out");
	CHECK_STR(refused("{" GOOD ",\"sip_ports\":\"str\"}"), "sip_ports",
	    "\"sip_ports\":\"str\" is refused, not the default ports");
	CHECK_STR(refused("{" GOOD ",\"tftp_server\":123}"), "tftp_server",
	    "\"tftp_server\":123 is refused, not \"\"");
	CHECK_STR(refused("{" GOOD ",\"subnets\":[{\"location\":\"A\","
	    "\"subnet\":\"10.1.0.0/24\",\"range_start\":\"10.1.0.10\","
	    "\"range_end\":\"10.1.0.20\",\"router\":1}]}"), "subnets[0].router",
	    "a subnet's router that is no text");
	CHECK_STR(refused("{" GOOD ",\"time_server_option\":\"004\","
	    "\"recovery_classes\":\"all\"}"), "(accepted)",
	    "004 and all recovery classes");
	CHECK_STR(refused("{" GOOD ",\"time_server_option\":42}"),
	    "time_server_option", "42 as a number is no option name");
	CHECK_STR(refused("{" GOOD ",\"time_server_option\":\"004,042\"}"),
	    "time_server_option", "never both");
	CHECK_STR(refused("{" GOOD ",\"recovery_classes\":\"estate,all\"}"),
	    "recovery_classes", "estate or all");
	{
		char vc[NETRECORDS_CLASS_MAX];

		netrecords_vendor_class("sip100.img", vc, sizeof(vc));
		CHECK_STR(vc, "SIP100", "the seed's Vendor Class of sip100.img");
		netrecords_vendor_class("420hd.IMG", vc, sizeof(vc));
		CHECK_STR(vc, "420HD", "any case of .img");
		netrecords_vendor_class("405hd.img", vc, 4);
		CHECK_STR(vc, "405", "cut to the buffer");
	}
	return test_done();
}
