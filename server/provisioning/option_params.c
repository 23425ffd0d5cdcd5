/* Switchboard — the Options and Advanced Options in each family's files.
 *
 * Polycom names are UC Software's (PROTOCOLS.md 1.2 and the UCS admin
 * guide's parameter list); the key=value names of Interaction SIP Station
 * I/II, AudioCodes and Genesys follow the 4xxHD configuration tree (the
 * AudioCodes reference configuration in PROTOCOLS.md 2 where it names the
 * key); the SIP Soft Phone's .i3sipcfg is the appliance's own format. */
#include "option_params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum form {
	F_BOOL,		/* "1" / "0" */
	F_INT,
	F_TEXT,
	F_TEXT_SET,	/* text, not written when empty */
	F_TOS,		/* a DSCP as the ToS byte (DSCP x 4) */
	F_CHOICE,	/* map: "Choice=value|Choice=value" */
	F_ZERO_EMPTY,	/* an integer, 0 written as "" (none) */
	F_HOUR,		/* 0-23 as "HH:00" */
	F_ON_SET,	/* map "yes|no": yes when the text is not empty */
	F_ON_NONZERO,	/* map "yes|no": yes when the integer is not 0 */
	F_URL_SCHEME,	/* map "scheme=value|…" by the URL's scheme */
	F_CALL_WAITING,	/* Polycom: ring_always and the in-band tone */
	F_REASON	/* not written; param holds why */
};

struct param {
	const char	*key;
	const char	*param;
	enum form	 form;
	const char	*map;
};

#define EMERGENCY_WHY "Emergency Information is what the server sends " \
	"with an emergency call (the caller's location), not a phone " \
	"setting: no phone file carries it."
#define GLOBAL_WHY "Chooses where the SIP DSCP comes from: the global SIP " \
	"Station Transport setting or this phone's SIP DSCP, written as that " \
	"parameter."
#define PORT_MODES_POLYCOM "Automatic=0|10 Mbps Half Duplex=1|" \
	"10 Mbps Full Duplex=2|100 Mbps Half Duplex=3|100 Mbps Full Duplex=4"
#define PORT_MODES_KV "Automatic=AUTOMATIC|10 Mbps Half Duplex=10_HALF|" \
	"10 Mbps Full Duplex=10_FULL|100 Mbps Half Duplex=100_HALF|" \
	"100 Mbps Full Duplex=100_FULL"

static const struct param polycom[] = {
	/* Options. */
	{ "ring_always", "call.callWaiting.ring", F_CALL_WAITING, NULL },
	{ "inband_call_waiting_tone", "call.callWaiting.ring", F_CALL_WAITING,
	    NULL },
	{ "sip_receive_port", "voIpProt.local.port", F_INT, NULL },
	{ "media_port_start_range", "tcpIpApp.port.rtp.mediaPortRangeStart",
	    F_INT, NULL },
	{ "lan_port_mode", "device.net.etherModeLAN", F_CHOICE,
	    PORT_MODES_POLYCOM },
	{ "pc_port_mode", "device.net.etherModePC", F_CHOICE,
	    PORT_MODES_POLYCOM },
	{ "ring_volume", "UC Software has no parameter that sets the ringer "
	    "volume; the phone keeps the volume its user chose.", F_REASON,
	    NULL },
	{ "volume_persistence", "voice.volume.persist.handset", F_BOOL, NULL },
	{ "volume_persistence", "voice.volume.persist.headset", F_BOOL, NULL },
	{ "volume_persistence", "voice.volume.persist.handsfree", F_BOOL,
	    NULL },
	{ "clock_24_hour", "lcl.datetime.time.24HourClock", F_BOOL, NULL },
	{ "emergency_description", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_location", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_calling_party_number", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_customer_name", EMERGENCY_WHY, F_REASON, NULL },
	/* Advanced Options. */
	{ "rtp_dscp", "qos.ip.rtp.dscp", F_INT, NULL },
	{ "use_global_sip_transport_settings", GLOBAL_WHY, F_REASON, NULL },
	{ "sip_dscp", "qos.ip.callControl.dscp", F_INT, NULL },
	{ "config_time_zone_overrides_dhcp",
	    "tcpIpApp.sntp.gmtOffset.overrideDHCP", F_BOOL, NULL },
	{ "config_ntp_server_overrides_dhcp",
	    "tcpIpApp.sntp.address.overrideDHCP", F_BOOL, NULL },
	{ "boot_server_type", "device.dhcp.bootSrvUseOpt", F_CHOICE,
	    "Option 66=0|Custom=1|Static=2|Custom and Option 66=3" },
	{ "boot_server_option", "device.dhcp.bootSrvOpt", F_INT, NULL },
	{ "boot_server_option_type", "device.dhcp.bootSrvOptType", F_CHOICE,
	    "IP=0|String=1" },
	{ "provisioning_url", "device.prov.serverName", F_TEXT_SET, NULL },
	{ "provisioning_url", "device.prov.serverType", F_URL_SCHEME,
	    "ftp=0|tftp=1|http=2|https=7" },
	{ "call_offering_timeout", "call.offeringTimeOut", F_INT, NULL },
	{ "dial_tone_timeout", "call.dialtoneTimeOut", F_INT, NULL },
	{ "idle_display_timeout", "up.idleTimeOut", F_INT, NULL },
	{ "feature_presence", "feature.presence.enabled", F_BOOL, NULL },
	{ "feature_call_list", "feature.callList.enabled", F_BOOL, NULL },
	{ "feature_do_not_disturb", "feature.doNotDisturb.enable", F_BOOL,
	    NULL },
	{ "feature_url_dialing", "feature.urlDialing.enabled", F_BOOL, NULL },
	{ "feature_enhanced_feature_keys",
	    "feature.enhancedFeatureKeys.enabled", F_BOOL, NULL },
	{ "handsfree_echo_cancellation", "voice.aec.hf.enable", F_BOOL, NULL },
	{ "handset_echo_suppression", "voice.aes.hs.enable", F_BOOL, NULL },
	{ "handsfree_noise_suppression", "voice.ns.hf.enable", F_BOOL, NULL },
	{ "handset_noise_suppression", "voice.ns.hs.enable", F_BOOL, NULL },
	{ "handset_receive_gain", "voice.gain.rx.digital.handset", F_INT,
	    NULL },
	{ "handset_transmit_gain", "voice.gain.tx.digital.handset", F_INT,
	    NULL },
	{ "handsfree_receive_gain", "voice.gain.rx.digital.handsfree", F_INT,
	    NULL },
	{ "handsfree_transmit_gain", "voice.gain.tx.digital.handsfree", F_INT,
	    NULL },
	{ "headset_receive_gain", "voice.gain.rx.digital.headset", F_INT,
	    NULL },
	{ "headset_transmit_gain", "voice.gain.tx.digital.headset", F_INT,
	    NULL },
	{ "auto_dial_enabled", "call.autoOffHook.1.enabled", F_BOOL, NULL },
	{ "auto_dial_number", "call.autoOffHook.1.contact", F_TEXT, NULL },
	{ "dial_plan_digit_map", "dialplan.digitmap", F_TEXT_SET, NULL },
	{ "dial_plan_timeout", "dialplan.digitmap.timeOut", F_INT, NULL },
	{ "dial_plan_impossible_match", "dialplan.impossibleMatchHandling",
	    F_CHOICE, "Send Immediately=0|Reorder Tone=1|Wait for Send=2" },
	{ "dial_plan_remove_end_of_dial", "dialplan.removeEndOfDial", F_BOOL,
	    NULL },
	{ "nat_ip", "nat.ip", F_TEXT, NULL },
	{ "nat_signal_port", "nat.signalPort", F_INT, NULL },
	{ "nat_media_port_start", "nat.mediaPortStart", F_INT, NULL },
	{ "nat_keepalive_interval", "nat.keepalive.interval", F_INT, NULL },
	{ "cdp_enabled", "device.net.cdpEnabled", F_BOOL, NULL },
	{ "lldp_enabled", "device.net.lldpEnabled", F_BOOL, NULL },
	{ "syslog_server", "device.syslog.serverName", F_TEXT, NULL },
	{ "syslog_level", "device.syslog.renderLevel", F_INT, NULL },
	{ "vlan_id", "device.net.vlanId", F_ZERO_EMPTY, NULL },
	{ "vqm_enabled", "voice.qualityMonitoring.rtcpxr.enable", F_BOOL,
	    NULL },
	{ "vqm_collector", "voice.qualityMonitoring.collector.server.1.address",
	    F_TEXT, NULL },
	{ "vqm_period", "voice.qualityMonitoring.collector.period", F_INT,
	    NULL },
	{ "notify_validation", "voIpProt.SIP.requestValidation.1.request",
	    F_CHOICE, "None=|Source=NOTIFY|Digest=NOTIFY|"
	    "Source and Digest=NOTIFY" },
	{ "notify_validation", "voIpProt.SIP.requestValidation.1.method",
	    F_CHOICE, "None=|Source=source|Digest=digest|"
	    "Source and Digest=both" },
	{ "validation_digest_realm", "voIpProt.SIP.requestValidation.digest."
	    "realm", F_TEXT, NULL },
	{ NULL, NULL, F_INT, NULL }
};

/* Interaction SIP Station I and II, AudioCodes and Genesys. */
static const struct param keyvalue[] = {
	/* Options. */
	{ "ring_always", "voip/services/ring_always/enabled", F_BOOL, NULL },
	{ "inband_call_waiting_tone", "voip/services/call_waiting/inband_tone",
	    F_BOOL, NULL },
	{ "sip_receive_port", "voip/signalling/sip/port", F_INT, NULL },
	{ "media_port_start_range", "voip/media/media_port", F_INT, NULL },
	{ "lan_port_mode", "network/lan/port_mode", F_CHOICE, PORT_MODES_KV },
	{ "pc_port_mode", "network/pc/port_mode", F_CHOICE, PORT_MODES_KV },
	{ "ring_volume", "personal_settings/ring_volume", F_INT, NULL },
	{ "enable_pickup", "voip/services/pickup/enabled", F_BOOL, NULL },
	{ "button1_speed_dial", "voip/services/speed_dial/0/destination",
	    F_TEXT, NULL },
	{ "button2_speed_dial", "voip/services/speed_dial/1/destination",
	    F_TEXT, NULL },
	{ "speed_dial_hold_duration", "voip/services/speed_dial/hold_duration",
	    F_INT, NULL },
	{ "emergency_description", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_location", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_calling_party_number", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_customer_name", EMERGENCY_WHY, F_REASON, NULL },
	/* Advanced Options. */
	{ "rtp_dscp", "voip/media/media_tos", F_TOS, NULL },
	{ "use_global_sip_transport_settings", GLOBAL_WHY, F_REASON, NULL },
	{ "sip_dscp", "voip/signalling/sip/tos", F_TOS, NULL },
	{ "config_time_zone_overrides_dhcp",
	    "system/ntp/gmt_offset/override_dhcp", F_BOOL, NULL },
	{ "config_ntp_server_overrides_dhcp",
	    "system/ntp/primary_server_address/override_dhcp", F_BOOL, NULL },
	{ "provisioning_period", "provisioning/period/type", F_CHOICE,
	    "Daily=DAILY|Hourly=HOURLY|Weekly=WEEKLY" },
	{ "provisioning_hour", "provisioning/period/daily/time", F_HOUR,
	    NULL },
	{ "provisioning_hour", "provisioning/period/weekly/time", F_HOUR,
	    NULL },
	{ "provisioning_hours_interval",
	    "provisioning/period/hourly/hours_interval", F_INT, NULL },
	{ "handset_receive_gain", "voip/audio/gain/handset_digital_output_gain",
	    F_INT, NULL },
	{ "handset_transmit_gain", "voip/audio/gain/handset_digital_input_gain",
	    F_INT, NULL },
	{ "handsfree_receive_gain",
	    "voip/audio/gain/handsfree_digital_output_gain", F_INT, NULL },
	{ "handsfree_transmit_gain",
	    "voip/audio/gain/handsfree_digital_input_gain", F_INT, NULL },
	{ "headset_receive_gain", "voip/audio/gain/headset_digital_output_gain",
	    F_INT, NULL },
	{ "headset_transmit_gain", "voip/audio/gain/headset_digital_input_gain",
	    F_INT, NULL },
	{ "syslog_server", "system/syslog/mode", F_ON_SET, "SYSLOG|NONE" },
	{ "syslog_server", "system/syslog/server_address", F_TEXT, NULL },
	{ "syslog_level", "system/syslog/level", F_INT, NULL },
	{ "vlan_id", "network/lan/vlan/mode", F_ON_NONZERO,
	    "MANUAL|AUTOMATIC" },
	{ "vlan_id", "network/lan/vlan/id", F_INT, NULL },
	{ "vqm_enabled", "voip/media/rtcp_xr/enabled", F_BOOL, NULL },
	{ "vqm_collector", "voip/media/rtcp_xr/collector_address", F_TEXT,
	    NULL },
	{ NULL, NULL, F_INT, NULL }
};

static const struct param softphone[] = {
	{ "ring_always", "call/ring_always", F_BOOL, NULL },
	{ "inband_call_waiting_tone", "call/inband_call_waiting_tone", F_BOOL,
	    NULL },
	{ "sip_receive_port", "sip/local_port", F_INT, NULL },
	{ "qos_enabled", "media/qos", F_BOOL, NULL },
	{ "diagnostic_capture_enabled", "diagnostics/capture", F_BOOL, NULL },
	{ "local_adapter_network_id", "media/local_adapter/network_id", F_TEXT,
	    NULL },
	{ "local_adapter_subnet_mask", "media/local_adapter/subnet_mask",
	    F_TEXT, NULL },
	{ "override_port_ranges", "media/port_ranges", F_TEXT, NULL },
	{ "emergency_description", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_location", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_calling_party_number", EMERGENCY_WHY, F_REASON, NULL },
	{ "emergency_customer_name", EMERGENCY_WHY, F_REASON, NULL },
	{ "rtp_dscp", "media/rtp_dscp", F_INT, NULL },
	{ "use_global_sip_transport_settings", GLOBAL_WHY, F_REASON, NULL },
	{ "sip_dscp", "sip/dscp", F_INT, NULL },
	{ NULL, NULL, F_INT, NULL }
};

static const struct param *
table_of(const char *family)
{
	if (strcmp(family, "polycom") == 0)
		return polycom;
	if (strcmp(family, "softphone") == 0)
		return softphone;
	if (strcmp(family, "iss1") == 0 || strcmp(family, "iss2") == 0 ||
	    strcmp(family, "audiocodes") == 0)
		return keyvalue;
	return NULL;
}

/* The value map gives for choice (its text before '='), or NULL. */
static const char *
mapped(const char *map, const char *choice, char *out, size_t len)
{
	size_t n = strlen(choice);
	const char *p = map;

	while (p) {
		const char *eq = strchr(p, '='), *bar = strchr(p, '|');

		if (eq && (bar == NULL || eq < bar) && (size_t)(eq - p) == n &&
		    strncmp(p, choice, n) == 0) {
			snprintf(out, len, "%.*s", bar ? (int)(bar - eq - 1) :
			    (int)strlen(eq + 1), eq + 1);
			return out;
		}
		p = bar ? bar + 1 : NULL;
	}
	return NULL;
}

/* "yes|no" -> the first or the second. */
static const char *
either(const char *map, int first, char *out, size_t len)
{
	const char *bar = strchr(map, '|');

	if (first)
		snprintf(out, len, "%.*s", (int)(bar - map), map);
	else
		snprintf(out, len, "%s", bar + 1);
	return out;
}

static json_t *
option_value(json_t *phone, const char *key)
{
	json_t *v = json_object_get(json_object_get(phone, "options"), key);

	return v ? v : json_object_get(json_object_get(phone,
	    "advanced_options"), key);
}

/* The text of one parameter, or NULL when nothing is written. */
static const char *
render(const struct param *p, json_t *phone, json_t *v, char *out,
    size_t len)
{
	const char *s = json_string_value(v);
	long long n = json_integer_value(v);

	switch (p->form) {
	case F_BOOL:
		return json_is_true(v) ? "1" : "0";
	case F_INT:
		snprintf(out, len, "%lld", n);
		return out;
	case F_TEXT:
		return s ? s : "";
	case F_TEXT_SET:
		return s && s[0] ? s : NULL;
	case F_TOS:
		snprintf(out, len, "%lld", n * 4);
		return out;
	case F_CHOICE:
		return s ? mapped(p->map, s, out, len) : NULL;
	case F_ZERO_EMPTY:
		if (n == 0)
			return "";
		snprintf(out, len, "%lld", n);
		return out;
	case F_HOUR:
		snprintf(out, len, "%02lld:00", n);
		return out;
	case F_ON_SET:
		return either(p->map, s && s[0], out, len);
	case F_ON_NONZERO:
		return either(p->map, n != 0, out, len);
	case F_URL_SCHEME: {
		const char *colon = s ? strstr(s, "://") : NULL;
		char scheme[8];

		if (colon == NULL || colon - s >= (long)sizeof(scheme))
			return NULL;
		snprintf(scheme, sizeof(scheme), "%.*s", (int)(colon - s), s);
		return mapped(p->map, scheme, out, len);
	}
	case F_CALL_WAITING:
		/* One parameter for two options, written once: ring, beep
		 * (the in-band tone) or silent. */
		if (strcmp(p->key, "ring_always") != 0)
			return NULL;
		return json_is_true(v) ? "ring" : json_is_true(option_value(
		    phone, "inband_call_waiting_tone")) ? "beep" : "silent";
	case F_REASON:
		return NULL;
	}
	return NULL;
}

void
option_params_write(const char *family, json_t *phone, option_emit_fn emit,
    void *arg)
{
	const struct param *p = table_of(family);
	char buf[64], set[128];

	for (; p && p->key; p++) {
		json_t *v = option_value(phone, p->key);
		const char *text;

		if (v == NULL || (text = render(p, phone, v, buf,
		    sizeof(buf))) == NULL)
			continue;
		emit(arg, p->param, text);
		if (strncmp(p->param, "device.", 7) == 0) {
			snprintf(set, sizeof(set), "%s.set", p->param);
			emit(arg, set, "1");
		}
	}
}

json_t *
option_params_table(const char *family)
{
	const struct param *p = table_of(family);
	json_t *a = json_array();

	for (; p && p->key; p++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "key", p->key,
		    p->form == F_REASON ? "reason" : "param", p->param));
	return a;
}
