/* Switchboard — the Options and Advanced Options of managed IP phones. */
#include "phone_options.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/phone_store.h"
#include "../lib/netaddr.h"
#include "../lib/text_rules.h"

/* OPT_URL: empty or http(s)/ftp/tftp URL; OPT_DIAL: empty or a dial
 * string (digits, *, #, +). */
enum opt_type { OPT_BOOL, OPT_INT, OPT_ENUM, OPT_TEXT, OPT_HOST, OPT_URL,
    OPT_DIAL };

/* Families as a bit set. */
#define F_POLY	0x01
#define F_ISS1	0x02
#define F_ISS2	0x04
#define F_SOFT	0x08
#define F_AC	0x10
#define F_ISS	(F_ISS1 | F_ISS2)
#define F_HARD	(F_POLY | F_ISS | F_AC)
#define F_ALL	(F_HARD | F_SOFT)

struct opt {
	int		 advanced;
	unsigned	 families;
	const char	*section;
	const char	*key;
	const char	*label;
	enum opt_type	 type;
	const char	*def;		/* default, as text */
	long		 min, max;	/* OPT_INT; max length for text */
	const char	*choices;	/* OPT_ENUM: '|' separated */
};

#define PORT_MODES "Automatic|10 Mbps Half Duplex|10 Mbps Full Duplex|" \
	"100 Mbps Half Duplex|100 Mbps Full Duplex"

static const struct opt opts[] = {
	/* Options tab: General. */
	{ 0, F_ALL, "General", "ring_always", "Ring Always", OPT_BOOL, "false",
	    0, 0, NULL },
	{ 0, F_ALL, "General", "inband_call_waiting_tone",
	    "Inband Call Waiting Tone", OPT_BOOL, "false", 0, 0, NULL },
	{ 0, F_ALL, "General", "sip_receive_port", "SIP Receive Port", OPT_INT,
	    "5060", 1024, 65535, NULL },
	{ 0, F_HARD, "General", "media_port_start_range",
	    "Media Port Start Range", OPT_INT, "4000", 1024, 65000, NULL },
	{ 0, F_HARD, "General", "lan_port_mode", "LAN Port Mode",
	    OPT_ENUM, "Automatic", 0, 0, PORT_MODES },
	{ 0, F_HARD, "General", "pc_port_mode", "PC Port Mode", OPT_ENUM,
	    "Automatic", 0, 0, PORT_MODES },
	/* Options tab: Interface. */
	{ 0, F_HARD, "Interface", "ring_volume", "Ring Volume (0-9)", OPT_INT,
	    "5", 0, 9, NULL },
	{ 0, F_ISS | F_AC, "Interface", "enable_pickup", "Enable Pickup",
	    OPT_BOOL, "true", 0, 0, NULL },
	{ 0, F_ISS1, "Interface", "button1_speed_dial", "Button 1 Speed Dial",
	    OPT_TEXT, "911", 0, 32, NULL },
	{ 0, F_ISS1, "Interface", "button2_speed_dial", "Button 2 Speed Dial",
	    OPT_TEXT, "*", 0, 32, NULL },
	{ 0, F_ISS1, "Interface", "speed_dial_hold_duration",
	    "Speed Dial Hold Duration (milliseconds)", OPT_INT, "1000", 100,
	    10000, NULL },
	{ 0, F_POLY, "Interface", "volume_persistence", "Volume Persistence",
	    OPT_BOOL, "false", 0, 0, NULL },
	/* Options tab: Localization (Polycom; the language is on General). */
	{ 0, F_POLY, "Localization", "clock_24_hour", "24-Hour Clock",
	    OPT_BOOL, "false", 0, 0, NULL },
	/* Options tab: Soft Phone Audio. */
	{ 0, F_SOFT, "Soft Phone Audio", "qos_enabled", "QOS Enabled", OPT_BOOL,
	    "true", 0, 0, NULL },
	{ 0, F_SOFT, "Soft Phone Audio", "diagnostic_capture_enabled",
	    "Diagnostic Capture Enabled", OPT_BOOL, "false", 0, 0, NULL },
	{ 0, F_SOFT, "Soft Phone Audio", "local_adapter_network_id",
	    "Local Adapter Address Network ID", OPT_TEXT, "", 0, 64, NULL },
	{ 0, F_SOFT, "Soft Phone Audio", "local_adapter_subnet_mask",
	    "Local Adapter Address Subnet Mask", OPT_TEXT, "", 0, 64, NULL },
	{ 0, F_SOFT, "Soft Phone Audio", "override_port_ranges",
	    "Override Port Ranges", OPT_TEXT, "", 0, 64, NULL },
	/* Options tab: Emergency Information. */
	{ 0, F_ALL, "Emergency Information", "emergency_description",
	    "Description", OPT_TEXT, "", 0, 128, NULL },
	{ 0, F_ALL, "Emergency Information", "emergency_location", "Location",
	    OPT_TEXT, "", 0, 128, NULL },
	{ 0, F_ALL, "Emergency Information", "emergency_calling_party_number",
	    "Calling Party Number", OPT_TEXT, "", 0, 32, NULL },
	{ 0, F_ALL, "Emergency Information", "emergency_customer_name",
	    "Customer Name", OPT_TEXT, "", 0, 128, NULL },

	/* Advanced Options: QoS. RTP 46 is byte B8, SIP 24 is byte 60. */
	{ 1, F_ALL, "QoS", "rtp_dscp", "RTP DSCP (46: ToS byte B8)", OPT_INT, "46", 0, 63, NULL },
	{ 1, F_ALL, "QoS", "use_global_sip_transport_settings",
	    "Use Global SIP Station Transport Settings", OPT_BOOL, "true", 0,
	    0, NULL },
	{ 1, F_ALL, "QoS", "sip_dscp", "SIP DSCP (24: ToS byte 60)", OPT_INT, "24", 0, 63, NULL },
	/* Advanced Options: time. */
	{ 1, F_HARD, "Time", "config_time_zone_overrides_dhcp",
	    "Configuration Time Zone Overrides DHCP", OPT_BOOL, "false", 0, 0,
	    NULL },
	{ 1, F_HARD, "Time", "config_ntp_server_overrides_dhcp",
	    "Configuration NTP Server Overrides DHCP", OPT_BOOL, "false", 0, 0,
	    NULL },
	/* Advanced Options: provisioning. Polycom 4.0 and newer: the Boot
	 * Server the phone keeps in flash (seed 001: "Custom + Option 66" with
	 * Custom 160 by default; Static uses the Provisioning URL). */
	{ 1, F_POLY, "Provisioning", "boot_server_type", "Boot Server Type",
	    OPT_ENUM, "Custom and Option 66", 0, 0,
	    "Custom and Option 66|Option 66|Custom|Static" },
	{ 1, F_POLY, "Provisioning", "boot_server_option", "Boot Server Option "
	    "(DHCP option, 128-254)", OPT_INT, "160", 128, 254, NULL },
	{ 1, F_POLY, "Provisioning", "boot_server_option_type",
	    "Boot Server Option Type", OPT_ENUM, "String", 0, 0, "String|IP" },
	{ 1, F_POLY, "Provisioning", "provisioning_url", "Provisioning URL",
	    OPT_URL, "", 0, 255, NULL },
	{ 1, F_ISS | F_AC, "Provisioning", "provisioning_period",
	    "Check for New Configuration", OPT_ENUM, "Daily", 0, 0,
	    "Daily|Hourly|Weekly" },
	{ 1, F_ISS | F_AC, "Provisioning", "provisioning_hour",
	    "Check Hour (0-23, daily and weekly)", OPT_INT, "0", 0, 23, NULL },
	{ 1, F_ISS | F_AC, "Provisioning", "provisioning_hours_interval",
	    "Check Interval (hours, hourly)", OPT_INT, "24", 1, 168, NULL },
	/* Advanced Options: Polycom timeouts. */
	{ 1, F_POLY, "Timeouts", "call_offering_timeout",
	    "Call Offering Timeout (seconds)", OPT_INT, "60", 1, 600, NULL },
	{ 1, F_POLY, "Timeouts", "dial_tone_timeout",
	    "Dial Tone Timeout (seconds, 0: none)", OPT_INT, "60", 0, 600,
	    NULL },
	{ 1, F_POLY, "Timeouts", "idle_display_timeout",
	    "Idle Display Timeout (seconds)", OPT_INT, "40", 0, 65535, NULL },
	/* Advanced Options: Polycom features. */
	{ 1, F_POLY, "Features", "feature_presence", "Presence", OPT_BOOL,
	    "false", 0, 0, NULL },
	{ 1, F_POLY, "Features", "feature_call_list", "Call Lists", OPT_BOOL,
	    "true", 0, 0, NULL },
	{ 1, F_POLY, "Features", "feature_do_not_disturb", "Do Not Disturb",
	    OPT_BOOL, "true", 0, 0, NULL },
	{ 1, F_POLY, "Features", "feature_url_dialing", "URL Dialing",
	    OPT_BOOL, "true", 0, 0, NULL },
	{ 1, F_POLY, "Features", "feature_enhanced_feature_keys",
	    "Enhanced Feature Keys", OPT_BOOL, "false", 0, 0, NULL },
	/* Advanced Options: Polycom echo and noise. */
	{ 1, F_POLY, "Echo and Noise", "handsfree_echo_cancellation",
	    "Handsfree Acoustic Echo Cancellation", OPT_BOOL, "true", 0, 0,
	    NULL },
	{ 1, F_POLY, "Echo and Noise", "handset_echo_suppression",
	    "Handset Acoustic Echo Suppression", OPT_BOOL, "false", 0, 0, NULL },
	{ 1, F_POLY, "Echo and Noise", "handsfree_noise_suppression",
	    "Handsfree Noise Suppression", OPT_BOOL, "true", 0, 0, NULL },
	{ 1, F_POLY, "Echo and Noise", "handset_noise_suppression",
	    "Handset Noise Suppression", OPT_BOOL, "true", 0, 0, NULL },
	/* Advanced Options: gains, every hardware family. */
	{ 1, F_HARD, "Gains", "handset_receive_gain",
	    "Handset Receive Gain (dB)", OPT_INT, "0", -12, 12, NULL },
	{ 1, F_HARD, "Gains", "handset_transmit_gain",
	    "Handset Transmit Gain (dB)", OPT_INT, "0", -12, 12, NULL },
	{ 1, F_HARD, "Gains", "handsfree_receive_gain",
	    "Handsfree Receive Gain (dB)", OPT_INT, "0", -12, 12, NULL },
	{ 1, F_HARD, "Gains", "handsfree_transmit_gain",
	    "Handsfree Transmit Gain (dB)", OPT_INT, "0", -12, 12, NULL },
	{ 1, F_HARD, "Gains", "headset_receive_gain",
	    "Headset Receive Gain (dB)", OPT_INT, "0", -12, 12, NULL },
	{ 1, F_HARD, "Gains", "headset_transmit_gain",
	    "Headset Transmit Gain (dB)", OPT_INT, "0", -12, 12, NULL },
	/* Advanced Options: Polycom auto-dial (hot line). */
	{ 1, F_POLY, "Auto-Dial", "auto_dial_enabled", "Auto-Dial on Off-Hook",
	    OPT_BOOL, "false", 0, 0, NULL },
	{ 1, F_POLY, "Auto-Dial", "auto_dial_number", "Auto-Dial Number",
	    OPT_DIAL, "", 0, 32, NULL },
	/* Advanced Options: the local Polycom dial plan (empty digit map:
	 * the appliance's, in server/xic.cfg). */
	{ 1, F_POLY, "Dial Plan", "dial_plan_digit_map", "Local Digit Map",
	    OPT_TEXT, "", 0, 1024, NULL },
	{ 1, F_POLY, "Dial Plan", "dial_plan_timeout",
	    "Digit Map Timeout (seconds)", OPT_INT, "3", 0, 99, NULL },
	{ 1, F_POLY, "Dial Plan", "dial_plan_impossible_match",
	    "Impossible Match Handling", OPT_ENUM, "Send Immediately", 0, 0,
	    "Send Immediately|Reorder Tone|Wait for Send" },
	{ 1, F_POLY, "Dial Plan", "dial_plan_remove_end_of_dial",
	    "Remove End of Dial (#)", OPT_BOOL, "true", 0, 0, NULL },
	/* Advanced Options: Polycom NAT. */
	{ 1, F_POLY, "NAT", "nat_ip", "NAT Public IP Address", OPT_HOST, "", 0,
	    253, NULL },
	{ 1, F_POLY, "NAT", "nat_signal_port", "NAT Signaling Port (0: none)",
	    OPT_INT, "0", 0, 65535, NULL },
	{ 1, F_POLY, "NAT", "nat_media_port_start",
	    "NAT Media Port Start (0: none)", OPT_INT, "0", 0, 65535, NULL },
	{ 1, F_POLY, "NAT", "nat_keepalive_interval",
	    "NAT Keep-Alive Interval (seconds, 0: off)", OPT_INT, "0", 0, 3600,
	    NULL },
	/* Advanced Options: Polycom flash parameters, the device settings the
	 * phone keeps in flash (device.*). */
	{ 1, F_POLY, "Flash Parameters", "cdp_enabled", "CDP Enabled",
	    OPT_BOOL, "true", 0, 0, NULL },
	{ 1, F_POLY, "Flash Parameters", "lldp_enabled", "LLDP Enabled",
	    OPT_BOOL, "true", 0, 0, NULL },
	/* Advanced Options: syslog and VLAN. */
	{ 1, F_HARD, "Syslog", "syslog_server", "Syslog Server", OPT_HOST, "",
	    0, 253, NULL },
	{ 1, F_HARD, "Syslog", "syslog_level", "Syslog Level (0-6)", OPT_INT,
	    "2", 0, 6, NULL },
	{ 1, F_HARD, "LAN", "vlan_id", "VLAN ID (0: none)", OPT_INT, "0", 0,
	    4094, NULL },
	/* Advanced Options: voice quality monitoring (Polycom) and audio
	 * quality diagnostics (ISS, AudioCodes, Genesys): RTCP-XR reports. */
	{ 1, F_HARD, "Voice Quality Monitoring", "vqm_enabled",
	    "RTCP-XR Reports", OPT_BOOL, "false", 0, 0, NULL },
	{ 1, F_HARD, "Voice Quality Monitoring", "vqm_collector",
	    "Report Collector Server", OPT_HOST, "", 0, 253, NULL },
	{ 1, F_POLY, "Voice Quality Monitoring", "vqm_period",
	    "Periodic Report Interval (seconds, 0: end of call only)", OPT_INT,
	    "0", 0, 3600, NULL },
	/* Advanced Options: Polycom SIP security, what the phone checks on a
	 * NOTIFY (a reboot). */
	{ 1, F_POLY, "SIP Security", "notify_validation",
	    "NOTIFY Validation", OPT_ENUM, "None", 0, 0,
	    "None|Source|Digest|Source and Digest" },
	{ 1, F_POLY, "SIP Security", "validation_digest_realm",
	    "Validation Digest Realm", OPT_TEXT, "PolycomSPIP", 1, 64, NULL },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static unsigned
family_bit(const char *family)
{
	if (strcmp(family, "polycom") == 0)
		return F_POLY;
	if (strcmp(family, "iss1") == 0)
		return F_ISS1;
	if (strcmp(family, "iss2") == 0)
		return F_ISS2;
	if (strcmp(family, "softphone") == 0)
		return F_SOFT;
	if (strcmp(family, "audiocodes") == 0)
		return F_AC;
	return 0;
}

static json_t *
default_of(const struct opt *o)
{
	switch (o->type) {
	case OPT_BOOL:
		return json_boolean(strcmp(o->def, "true") == 0);
	case OPT_INT:
		return json_integer(strtol(o->def, NULL, 10));
	default:
		return json_string(o->def);
	}
}

static const char *const type_names[] = {
	"boolean", "integer", "choice", "text", "host", "url", "dial"
};

json_t *
phone_options_schema(const char *family, int advanced)
{
	unsigned bit = family_bit(family);
	json_t *a;
	size_t i;

	if (bit == 0)
		return NULL;
	a = json_array();
	for (i = 0; i < NOPTS; i++) {
		const struct opt *o = &opts[i];
		json_t *e;

		if (o->advanced != advanced || !(o->families & bit))
			continue;
		e = json_pack("{s:s,s:s,s:s,s:s,s:o}", "key", o->key, "label",
		    o->label, "section", o->section, "type",
		    type_names[o->type], "default", default_of(o));
		if (o->type == OPT_INT) {
			json_object_set_new(e, "min", json_integer(o->min));
			json_object_set_new(e, "max", json_integer(o->max));
		}
		if (o->type == OPT_ENUM) {
			json_t *c = json_array();
			const char *p = o->choices;

			while (p) {
				const char *bar = strchr(p, '|');

				json_array_append_new(c, bar ? json_stringn(p,
				    (size_t)(bar - p)) : json_string(p));
				p = bar ? bar + 1 : NULL;
			}
			json_object_set_new(e, "choices", c);
		}
		json_array_append_new(a, e);
	}
	return a;
}

static int
choice_ok(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;

	while (p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && strncmp(p, v, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* A boot server URL: scheme, then a host before any path. */
static int
url_ok(const char *u)
{
	static const char *const schemes[] = { "http://", "https://", "ftp://",
	    "tftp://" };
	size_t i;

	if (u[strcspn(u, " \t\"<>")] != '\0')
		return 0;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(u, schemes[i], strlen(schemes[i])) == 0) {
			u += strlen(schemes[i]);
			return *u != '\0' && *u != '/';
		}
	return 0;
}

static int
check_value(const struct opt *o, json_t *v, char *msg, size_t msg_len)
{
	switch (o->type) {
	case OPT_BOOL:
		if (json_is_boolean(v))
			return 0;
		snprintf(msg, msg_len, "%s must be Yes or No (true or false).",
		    o->label);
		return -1;
	case OPT_INT:
		if (json_is_integer(v) && json_integer_value(v) >= o->min &&
		    json_integer_value(v) <= o->max)
			return 0;
		snprintf(msg, msg_len, "%s must be a whole number from %ld to "
		    "%ld.", o->label, o->min, o->max);
		return -1;
	case OPT_ENUM:
		if (json_is_string(v) && choice_ok(o->choices,
		    json_string_value(v)))
			return 0;
		snprintf(msg, msg_len, "%s must be one of: %s.", o->label,
		    o->choices);
		for (char *p = msg; *p; p++)
			if (*p == '|')
				*p = ',';
		return -1;
	case OPT_TEXT:
	case OPT_HOST:
	case OPT_URL:
	case OPT_DIAL:
		if (!json_is_string(v) || (long)json_string_length(v) > o->max) {
			snprintf(msg, msg_len, "%s must be text of at most %ld "
			    "characters.", o->label, o->max);
			return -1;
		}
		if ((long)json_string_length(v) < o->min) {
			snprintf(msg, msg_len, "%s must not be empty.", o->label);
			return -1;
		}
		if (!text_rules_plain(json_string_value(v))) {
			snprintf(msg, msg_len, "%s " TEXT_RULES_CONTROL_MSG ".",
			    o->label);
			return -1;
		}
		if (o->type == OPT_HOST && json_string_length(v) > 0 &&
		    !netaddr_host_ok(json_string_value(v))) {
			snprintf(msg, msg_len, "%s must be a host name or IP "
			    "address.", o->label);
			return -1;
		}
		if (o->type == OPT_URL && json_string_length(v) > 0 &&
		    !url_ok(json_string_value(v))) {
			snprintf(msg, msg_len, "%s must be an http://, https://, "
			    "ftp:// or tftp:// URL with a host, without spaces.",
			    o->label);
			return -1;
		}
		if (o->type == OPT_DIAL && json_string_value(v)[strspn(
		    json_string_value(v), "0123456789*#+")] != '\0') {
			snprintf(msg, msg_len, "%s may hold only digits, *, # "
			    "and a leading +.", o->label);
			return -1;
		}
		return 0;
	}
	return -1;
}

json_t *
phone_options_apply(const char *family, int advanced, json_t *in,
    char *field, size_t field_len, char *msg, size_t msg_len)
{
	unsigned bit = family_bit(family);
	const char *group = advanced ? "advanced_options" : "options";
	const char *key;
	json_t *out, *v;
	size_t i;

	if (in && !json_is_object(in)) {
		snprintf(field, field_len, "%s", group);
		snprintf(msg, msg_len, "%s must be an object.", group);
		return NULL;
	}
	/* Every given key must be an option of this family. */
	json_object_foreach(in, key, v) {
		for (i = 0; i < NOPTS; i++)
			if (opts[i].advanced == advanced &&
			    (opts[i].families & bit) &&
			    strcmp(opts[i].key, key) == 0)
				break;
		if (i == NOPTS) {
			snprintf(field, field_len, "%s.%.40s", group, key);
			snprintf(msg, msg_len, "'%.40s' is not an option of this "
			    "phone model.", key);
			return NULL;
		}
	}
	out = json_object();
	for (i = 0; i < NOPTS; i++) {
		const struct opt *o = &opts[i];

		if (o->advanced != advanced || !(o->families & bit))
			continue;
		v = in ? json_object_get(in, o->key) : NULL;
		if (v == NULL || json_is_null(v)) {
			json_object_set_new(out, o->key, default_of(o));
			continue;
		}
		if (check_value(o, v, msg, msg_len) != 0) {
			snprintf(field, field_len, "%s.%s", group, o->key);
			json_decref(out);
			return NULL;
		}
		json_object_set(out, o->key, v);
	}
	/* Static boot server: the phone has nothing else to boot from. */
	v = json_object_get(out, "boot_server_type");
	if (json_is_string(v) && strcmp(json_string_value(v), "Static") == 0 &&
	    json_string_length(json_object_get(out, "provisioning_url")) == 0) {
		snprintf(field, field_len, "%s.provisioning_url", group);
		snprintf(msg, msg_len, "Provisioning URL is needed when Boot "
		    "Server Type is Static: the phone boots from it instead of "
		    "the DHCP option.");
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The defaults of each family as JSON text, made once: most phones (every
 * row of a large list) take them unchanged. */
static const char *const families[] = { "polycom", "iss1", "iss2",
    "softphone", "audiocodes" };
#define NFAMILIES (sizeof(families) / sizeof(families[0]))
static char *default_texts[NFAMILIES][2];
static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;

static void
make_defaults(void)
{
	char field[8], msg[8];
	size_t f;
	int adv;

	for (f = 0; f < NFAMILIES; f++)
		for (adv = 0; adv < 2; adv++) {
			json_t *o = phone_options_apply(families[f], adv, NULL,
			    field, sizeof(field), msg, sizeof(msg));

			default_texts[f][adv] = json_dumps(o, JSON_COMPACT |
			    JSON_SORT_KEYS);
			json_decref(o);
		}
}

const char *
phone_options_default_text(const char *family, int advanced)
{
	size_t f;

	pthread_once(&defaults_once, make_defaults);
	for (f = 0; f < NFAMILIES; f++)
		if (strcmp(families[f], family) == 0)
			return default_texts[f][advanced != 0];
	return NULL;
}

int
phone_options_publish(struct db *db)
{
	size_t f;

	pthread_once(&defaults_once, make_defaults);
	for (f = 0; f < NFAMILIES; f++)
		if (phone_store_set_family_options(db, families[f],
		    default_texts[f][0], default_texts[f][1]) != DB_OK)
			return -1;
	return 0;
}
