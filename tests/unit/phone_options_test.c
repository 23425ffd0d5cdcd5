/* Unit tests of server/phones/phone_options.c: the Options and Advanced Options
 * per phone family, with the seed's defaults. */
#include "phones/phone_options.h"
#include "test.h"

static json_t *
apply(const char *family, int adv, const char *json, char *field)
{
	char msg[256];
	json_t *in = json ? json_loads(json, 0, NULL) : NULL;
	json_t *out = phone_options_apply(family, adv, in, field, 64, msg,
	    sizeof(msg));

	json_decref(in);
	return out;
}

static long long
num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int
main(void)
{
	char field[64] = "";
	json_t *o;

	o = apply("iss1", 0, NULL, field);
	CHECK(o && strcmp(str(o, "button1_speed_dial"), "911") == 0 &&
	    strcmp(str(o, "button2_speed_dial"), "*") == 0,
	    "ISS I: \"Button 1 Speed Dial … defaults to 911\", \"Button 2 "
	    "Speed Dial … defaults to *\"");
	CHECK(o && num(o, "ring_volume") == 5 && num(o, "sip_receive_port") ==
	    5060 && num(o, "media_port_start_range") == 4000 &&
	    num(o, "speed_dial_hold_duration") == 1000 &&
	    strcmp(str(o, "lan_port_mode"), "Automatic") == 0 &&
	    json_is_false(json_object_get(o, "ring_always")) &&
	    json_is_true(json_object_get(o, "enable_pickup")),
	    "ISS Options tab defaults as the seed's screenshot shows");
	json_decref(o);
	o = apply("iss2", 0, NULL, field);
	CHECK(o && json_object_get(o, "button1_speed_dial") == NULL,
	    "speed dials are for Interaction SIP Station I only");
	json_decref(o);
	o = apply("softphone", 0, NULL, field);
	CHECK(o && json_is_true(json_object_get(o, "qos_enabled")) &&
	    json_is_false(json_object_get(o, "diagnostic_capture_enabled")) &&
	    json_object_get(o, "ring_volume") == NULL,
	    "SIP Soft Phone: Soft Phone Audio section, no ring volume");
	json_decref(o);
	o = apply("polycom", 1, NULL, field);
	CHECK(o && num(o, "rtp_dscp") == 46 && num(o, "sip_dscp") == 24 &&
	    json_is_true(json_object_get(o,
	    "use_global_sip_transport_settings")),
	    "Advanced: RTP DSCP 46 (byte B8), SIP DSCP 24 (byte 60), global "
	    "SIP transport settings on");
	CHECK(o && json_is_false(json_object_get(o,
	    "config_time_zone_overrides_dhcp")) && json_is_false(
	    json_object_get(o, "config_ntp_server_overrides_dhcp")),
	    "\"If the DHCP server provides the time server settings, they "
	    "override the location and SNTP server settings by default\"");
	json_decref(o);

	CHECK(apply("iss1", 0, "{\"ring_volume\":10}", field) == NULL &&
	    strcmp(field, "options.ring_volume") == 0, "Ring Volume is 0-9");
	CHECK(apply("polycom", 0, "{\"button1_speed_dial\":\"911\"}", field) ==
	    NULL && strcmp(field, "options.button1_speed_dial") == 0,
	    "an option of another family is refused");
	CHECK(apply("iss1", 0, "{\"lan_port_mode\":\"Gigabit\"}", field) ==
	    NULL, "LAN Port Mode takes the listed choices only");
	CHECK(apply("audiocodes", 1, "{\"syslog_server\":\"bad host!\"}",
	    field) == NULL, "syslog server must be a host");
	CHECK(apply("audiocodes", 1, "{\"vlan_id\":4095}", field) == NULL,
	    "VLAN ID 0-4094");
	CHECK(apply("softphone", 0, "[1]", field) == NULL,
	    "options must be an object");
	o = apply("iss1", 0, "{\"ring_volume\":9,\"ring_always\":true}", field);
	CHECK(o && num(o, "ring_volume") == 9 && json_is_true(json_object_get(o,
	    "ring_always")) && num(o, "sip_receive_port") == 5060,
	    "given values kept, the rest defaulted");
	json_decref(o);
	o = phone_options_schema("polycom", 1);
	CHECK(o && json_array_size(o) > 5, "schema for the UI");
	json_decref(o);
	CHECK(phone_options_schema("fax", 0) == NULL, "unknown family");
	return test_done();
}
