/* Switchboard — the JSON request bodies of the API, field by field. A
 * route that takes a JSON body has an entry here; the API tests walk the
 * OpenAPI document made from it and send each field a wrong type. */
#include "api_bodies.h"

#include <string.h>

#define V1 "/api/v1"
#define S(n) { n, BODY_STRING, BODY_ANY, NULL }
#define I(n) { n, BODY_INTEGER, BODY_ANY, NULL }
#define N(n) { n, BODY_NUMBER, BODY_ANY, NULL }
#define B(n) { n, BODY_BOOLEAN, BODY_ANY, NULL }
#define O(n, f) { n, BODY_OBJECT, BODY_ANY, f }		/* members f */
#define MAP(n, t) { n, BODY_OBJECT, t, NULL }		/* values of type t */
#define FREE(n) { n, BODY_OBJECT, BODY_ANY, NULL }	/* checked by rules */
#define LIST(n, t) { n, BODY_ARRAY, t, NULL }
#define ROWS(n, f) { n, BODY_ARRAY, BODY_OBJECT, f }	/* objects f */
#define END { NULL, BODY_ANY, BODY_ANY, NULL }

static const struct body_field none[] = { END };

/* Backups and restore. */
static const struct body_field system_backup[] = {
	S("kind"), B("include_key"), S("passphrase"), S("password"), END
};
static const struct body_field system_restore[] = {
	B("confirm"), S("password"), S("passphrase"), B("force_without_key"),
	END
};
static const struct body_field restart[] = { B("confirm"), END };
static const struct body_field system_backups[] = {
	B("enabled"), I("hour"), I("keep"), B("include_key"), END
};

/* Auth and users. */
static const struct body_field setup[] = {
	S("username"), S("display_name"), S("password"), END
};
static const struct body_field login[] = {
	S("username"), S("password"), END
};
static const struct body_field own_password[] = {
	S("current_password"), S("new_password"), END
};
static const struct body_field user_new[] = {
	S("username"), S("display_name"), S("role"), S("password"), END
};
static const struct body_field user_change[] = {
	S("display_name"), S("role"), B("disabled"), END
};
static const struct body_field user_password[] = {
	S("password"), B("must_change"), END
};
static const struct body_field token[] = {
	S("name"), I("expires_in_days"), END
};

/* Locations, lines, proxies, registration groups. */
static const struct body_field location[] = {
	S("name"), S("time_zone"), S("sntp_server"), S("after_hours_start"),
	S("after_hours_end"), LIST("codec_preference", BODY_STRING), END
};
static const struct body_field line[] = {
	S("name"), S("transport"), S("address"), I("port"), END
};
static const struct body_field proxy[] = {
	S("name"), S("address"), I("port"), I("location_id"), END
};
static const struct body_field registration[] = {
	S("type"), I("line_id"), I("proxy_id"), S("domain"), S("address"),
	I("port"), S("transport"), END
};
static const struct body_field reg_group[] = {
	S("name"), S("kind"), ROWS("registrations", registration), END
};

/* Managed IP phones and templates. */
static const struct body_field station[] = {
	I("id"), S("extension"), S("label"), S("identification_address"),
	I("line_keys"), I("calls_per_line_key"), S("sip_username"),
	S("sip_password"), B("sharable"), LIST("licenses", BODY_STRING),
	LIST("access_control", BODY_STRING), END
};
/* A phone's appearance: a template's defaults and the Station
 * Configuration extras. */
static const struct body_field forwarding[] = {
	S("all"), S("busy"), S("no_answer"), I("no_answer_rings"), END
};
static const struct body_field station_options[] = {
	B("call_waiting"), B("do_not_disturb"), B("auto_answer"), END
};
static const struct body_field phone_station[] = {
	I("id"), S("extension"), S("label"), S("identification_address"),
	I("line_keys"), I("calls_per_line_key"), S("sip_username"),
	S("sip_password"), B("sharable"), LIST("licenses", BODY_STRING),
	LIST("access_control", BODY_STRING), S("auto_conference_pin"),
	O("call_forwarding", forwarding), O("station_options",
	station_options), I("existing_station"), END
};
static const struct body_field shared[] = {
	I("station_id"), S("label"), I("line_keys"), END
};
static const struct body_field external[] = {
	S("label"), S("identification_address"), S("registration_group"),
	I("line_keys"), I("calls_per_line_key"), S("display_name"),
	B("use_external_authentication"), S("auth_username"),
	S("auth_password"), END
};
#define PHONE_GENERAL \
	S("name"), B("active"), S("type"), S("manufacturer"), S("model"), \
	S("address"), S("registration_group"), S("location"), \
	S("firmware_version"), S("audio_protocol"), S("time_zone"), \
	S("language"), FREE("options"), FREE("advanced_options"), \
	MAP("custom_attributes", BODY_STRING)
static const struct body_field phone[] = {
	PHONE_GENERAL, S("template"), ROWS("stations", phone_station),
	ROWS("shared_appearances", shared),
	ROWS("external_registrations", external), END
};
static const struct body_field template[] = {
	PHONE_GENERAL, O("station_defaults", station), END
};
static const struct body_field bulk_changes[] = {
	S("firmware_version"), S("registration_group"), S("location"),
	B("active"), FREE("options"), FREE("advanced_options"),
	S("time_zone"), S("audio_protocol"), END
};
static const struct body_field phone_filter[] = { S("q"), END };
static const struct body_field bulk[] = {
	LIST("phones", BODY_INTEGER), O("filter", phone_filter), I("expect"),
	O("changes", bulk_changes), B("check"), END
};
static const struct body_field bulk_delete[] = {
	LIST("phones", BODY_INTEGER), O("filter", phone_filter), I("expect"),
	END
};
static const struct body_field reveal[] = { S("password"), END };
static const struct body_field license_new[] = {
	S("name"), I("total"), END
};
static const struct body_field license_total[] = { I("total"), END };
static const struct body_field allocation[] = {
	LIST("stations", BODY_INTEGER), END
};

/* The Assistant. */
static const struct body_field commit[] = {
	LIST("licenses", BODY_STRING), LIST("access_control", BODY_STRING),
	END
};
static const struct body_field migration_dir[] = { S("directory"), END };
static const struct body_field migration_build[] = {
	S("default_model"), S("name_format"), S("type"),
	S("registration_group"), S("location"), LIST("items", BODY_STRING),
	END
};
static const struct body_field migration_run[] = {
	S("backup"), B("without_backup"), END
};

/* Provisioning, reboots, settings, system. */
static const struct body_field assign[] = { I("phone_id"), END };
static const struct body_field reboot[] = {
	LIST("phones", BODY_INTEGER), O("filter", phone_filter), I("expect"),
	B("reboot_pending"), S("when"), N("rate"), N("max_concurrent"),
	B("check"), END
};
static const struct body_field sip_ports[] = {
	I("udp"), I("tcp"), I("tls"), END
};
static const struct body_field subnet[] = {
	S("location"), S("subnet"), S("range_start"), S("range_end"),
	S("router"), END
};
static const struct body_field network[] = {
	S("domain"), S("provision_host"), I("provision_port"), S("time_server"),
	LIST("provision_addresses", BODY_STRING),
	LIST("dns_servers", BODY_STRING), LIST("pbx_hosts", BODY_STRING),
	O("sip_ports", sip_ports), S("tftp_server"), I("voice_vlan"),
	S("time_server_option"), S("recovery_classes"),
	ROWS("subnets", subnet), END
};
static const struct body_field provisioning[] = {
	LIST("trusted_networks", BODY_STRING), I("sip_dscp"), END
};
static const struct body_field business_hours[] = {
	LIST("days", BODY_INTEGER), S("start"), S("end"), S("time_zone"), END
};
static const struct body_field unify_system[] = {
	S("model"), S("mainboard"), S("edition"), S("software_version"),
	S("country_code"), S("local_area_code"), S("pabx_number"),
	S("public_ip"), S("media_ports"), I("upstream_kbps"),
	S("software_support_until"), S("flavour"), END
};
static const struct body_field unify_connectivity[] = {
	B("enabled"), S("domain"), S("api_key"), I("circuit_calls"),
	S("numbering_schema"), S("route_country_code"),
	S("route_local_area_code"), S("route_pabx_number"), END
};
static const struct body_field unify_expert[] = {
	S("name"), FREE("config"), END
};
static const struct body_field unify_reenable[] = {
	B("confirm"), B("new_identity"), END
};
static const struct body_field unify_license_totals[] = {
	I("mobility_user"), I("unify_phone"), I("desk_phone"), I("voicemail"),
	END
};
static const struct body_field unify_user_licenses[] = {
	B("mobility_user"), B("unify_phone"), B("desk_phone"), B("voicemail"),
	END
};
static const struct body_field unify_user[] = {
	S("callno"), S("did"), S("first_name"), S("last_name"), S("email"),
	I("tenant_user_id"), B("team_user"), END
};
static const struct body_field unify_station[] = {
	S("callno"), S("name"), S("type"), S("did"), B("directory_entry"),
	S("clip_lin"), END
};
static const struct body_field unify_destinations[] = {
	S("voicemail"), LIST("targets", BODY_STRING), B("alternative_number"),
	END
};
static const struct body_field unify_team[] = {
	S("callno"), S("name"), I("desk_station_id"), I("user_id"), END
};
static const struct body_field unify_jwt[] = {
	S("token"), END
};
static const struct body_field sip_device[] = {
	S("user_name"), S("user_email"), S("extension"), S("did"),
	S("manufacturer"), S("model"), S("purpose"), S("region"),
	S("replace_by"), FREE("requirements"), END
};
static const struct body_field sip_region[] = {
	S("name"), S("border_proxy"), END
};
static const struct body_field sip_handler[] = {
	S("name"), S("organisation"), S("phone"), S("email"), END
};
static const struct body_field sip_settings[] = {
	S("sip_name_prefix"), I("export_hours"), END
};
static const struct body_field sip_reauth[] = {
	S("password"), END
};
static const struct body_field sip_export[] = {
	LIST("devices", BODY_INTEGER), I("handler_id"), S("password"), END
};
static const struct body_field sip_ack_statements[] = {
	B("data_handler"), B("responsibility"), B("toll_fraud"), END
};
static const struct body_field sip_ack[] = {
	S("signed_by"), S("signed_on"), S("reference"),
	O("statements", sip_ack_statements), END
};
static const struct body_field certificate[] = {
	S("certificate"), S("private_key"), END
};

static const struct {
	const char		*method;
	const char		*pattern;
	const struct body_field	*fields;
} bodies[] = {
	{ "POST", V1 "/setup", setup },
	{ "POST", V1 "/session", login },
	{ "PUT", V1 "/session/password", own_password },
	{ "POST", V1 "/users", user_new },
	{ "PATCH", V1 "/users/{id}", user_change },
	{ "POST", V1 "/users/{id}/password", user_password },
	{ "POST", V1 "/tokens", token },
	{ "POST", V1 "/locations", location },
	{ "PUT", V1 "/locations/{id}", location },
	{ "POST", V1 "/lines", line },
	{ "PUT", V1 "/lines/{id}", line },
	{ "POST", V1 "/managed-proxies", proxy },
	{ "PUT", V1 "/managed-proxies/{id}", proxy },
	{ "POST", V1 "/registration-groups", reg_group },
	{ "PUT", V1 "/registration-groups/{id}", reg_group },
	{ "POST", V1 "/templates", template },
	{ "PUT", V1 "/templates/{id}", template },
	{ "POST", V1 "/phones", phone },
	{ "POST", V1 "/phones/bulk-update", bulk },
	{ "POST", V1 "/phones/bulk-delete", bulk_delete },
	{ "POST", V1 "/phones/bulk-choices", bulk_delete },
	{ "PUT", V1 "/phones/{id}", phone },
	{ "POST", V1 "/phones/{id}/stations/{sid}/reveal", reveal },
	{ "POST", V1 "/station-licenses", license_new },
	{ "PUT", V1 "/station-licenses/{name}", license_total },
	{ "POST", V1 "/station-licenses/allocation", allocation },
	{ "POST", V1 "/assistant/imports/{id}/commit", commit },
	{ "POST", V1 "/assistant/migrations", migration_dir },
	{ "POST", V1 "/assistant/migrations/{id}/build", migration_build },
	{ "POST", V1 "/assistant/migrations/{id}/run", migration_run },
	{ "POST", V1 "/provisional-phones/{mac}/assign", assign },
	{ "POST", V1 "/phones/{id}/provisioning-reset", none },
	{ "POST", V1 "/reboots", reboot },
	{ "POST", V1 "/reboots/{id}/cancel", none },
	{ "POST", V1 "/reboots/{id}/retry", none },
	{ "PUT", V1 "/settings/network", network },
	{ "PUT", V1 "/settings/provisioning", provisioning },
	{ "PUT", V1 "/settings/business-hours", business_hours },
	{ "PUT", V1 "/system/certificate", certificate },
	{ "POST", V1 "/system/backups", system_backup },
	{ "POST", V1 "/system/restore", system_restore },
	{ "POST", V1 "/system/restart", restart },
	{ "PUT", V1 "/settings/system-backups", system_backups },
	{ "PUT", V1 "/unify/system", unify_system },
	{ "PUT", V1 "/unify/connectivity", unify_connectivity },
	{ "POST", V1 "/unify/connectivity/execute", none },
	{ "POST", V1 "/unify/trunks", unify_expert },
	{ "PUT", V1 "/unify/trunks/{id}", unify_expert },
	{ "POST", V1 "/unify/routes", unify_expert },
	{ "PUT", V1 "/unify/routes/{id}", unify_expert },
	{ "POST", V1 "/unify/lcr", unify_expert },
	{ "PUT", V1 "/unify/lcr/{id}", unify_expert },
	{ "POST", V1 "/unify/status/check", none },
	{ "POST", V1 "/unify/connector/re-enable", unify_reenable },
	{ "PUT", V1 "/unify/users/{id}/licenses", unify_user_licenses },
	{ "PUT", V1 "/unify/licenses", unify_license_totals },
	{ "POST", V1 "/unify/licenses/apply", none },
	{ "POST", V1 "/unify/stations", unify_station },
	{ "PUT", V1 "/unify/stations/{id}", unify_station },
	{ "POST", V1 "/unify/users", unify_user },
	{ "POST", V1 "/unify/users/validate-numbers", none },
	{ "PUT", V1 "/unify/users/{id}", unify_user },
	{ "PUT", V1 "/unify/users/{id}/call-destinations", unify_destinations },
	{ "POST", V1 "/unify/teams", unify_team },
	{ "PUT", V1 "/unify/teams/{id}", unify_team },
	{ "PUT", V1 "/unify/jwt", unify_jwt },
	{ "PUT", V1 "/sip-devices/settings", sip_settings },
	{ "POST", V1 "/sip-devices/regions", sip_region },
	{ "PUT", V1 "/sip-devices/regions/{id}", sip_region },
	{ "POST", V1 "/sip-devices/data-handlers", sip_handler },
	{ "PUT", V1 "/sip-devices/data-handlers/{id}", sip_handler },
	{ "POST", V1 "/sip-devices/exports", sip_export },
	{ "POST", V1 "/sip-devices/exports/{id}/delivered", none },
	{ "PUT", V1 "/sip-devices/exports/{id}/acknowledgement", sip_ack },
	{ "POST", V1 "/sip-devices", sip_device },
	{ "PUT", V1 "/sip-devices/{id}", sip_device },
	{ "POST", V1 "/sip-devices/{id}/credential/reveal", sip_reauth },
	{ "POST", V1 "/sip-devices/{id}/credential/regenerate", none },
};

const struct body_field *
api_bodies_find(const char *method, const char *pattern)
{
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		if (strcmp(bodies[i].method, method) == 0 &&
		    strcmp(bodies[i].pattern, pattern) == 0)
			return bodies[i].fields;
	return NULL;
}
