/* Switchboard — the API route table. */
#include "router.h"

#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_bodies.h"

#define V1 "/api/v1"

static const struct route routes[] = {
	/* Health and the API description. */
	{ "GET", "/healthz", api_health, ROLE_NONE, 0, 0, "system",
	    "Liveness and database health", NULL },
	{ "GET", V1 "/openapi.json", api_openapi, ROLE_NONE, 0, 0, "system",
	    "This OpenAPI document", NULL },

	/* First run, login and own account. */
	{ "GET", V1 "/setup", api_setup_status, ROLE_NONE, 0, 0, "auth",
	    "Whether the first admin still has to be created", NULL },
	{ "POST", V1 "/setup", api_setup_create, ROLE_NONE, ROUTE_JSON_BODY,
	    0, "auth", "Create the first admin (first run only)", NULL },
	{ "POST", V1 "/session", api_session_login, ROLE_NONE,
	    ROUTE_JSON_BODY, 0, "auth",
	    "Log in: sets the session cookie, returns the CSRF token", NULL },
	{ "GET", V1 "/session", api_session_get, ROLE_VIEWER,
	    ROUTE_MUST_CHANGE_OK, 0, "auth",
	    "The current user, role and CSRF token", NULL },
	{ "DELETE", V1 "/session", api_session_logout, ROLE_VIEWER,
	    ROUTE_MUST_CHANGE_OK, 0, "auth", "Log out", NULL },
	{ "PUT", V1 "/session/password", api_session_password, ROLE_VIEWER,
	    ROUTE_JSON_BODY | ROUTE_MUST_CHANGE_OK, 0, "auth",
	    "Change your own password", NULL },

	/* Users (admin only). */
	{ "GET", V1 "/users", api_users_list, ROLE_ADMIN, 0, 0, "users",
	    "List users", NULL },
	{ "POST", V1 "/users", api_users_create, ROLE_ADMIN, ROUTE_JSON_BODY,
	    0, "users", "Create a user", NULL },
	{ "GET", V1 "/users/{id}", api_users_get, ROLE_ADMIN, 0, 0, "users",
	    "One user", "user" },
	{ "PATCH", V1 "/users/{id}", api_users_update, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "users",
	    "Change display name, role or disabled", "user" },
	{ "POST", V1 "/users/{id}/password", api_users_reset_password,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "users",
	    "Reset a user's password", NULL },

	/* API tokens. */
	{ "GET", V1 "/tokens", api_tokens_list, ROLE_VIEWER, 0, 0, "tokens",
	    "List your API tokens (admins: ?all=1 for everyone's)", NULL },
	{ "POST", V1 "/tokens", api_tokens_create, ROLE_VIEWER,
	    ROUTE_JSON_BODY, 0, "tokens",
	    "Create an API token; the token is shown only in this response", NULL },
	{ "DELETE", V1 "/tokens/{id}", api_tokens_revoke, ROLE_VIEWER, 0, 0,
	    "tokens", "Revoke an API token", NULL },

	/* Audit log. */
	{ "GET", V1 "/audit", api_audit_list, ROLE_OPERATOR, 0, 0, "audit",
	    "Search the audit log", NULL },

	/* Jobs. */
	{ "GET", V1 "/jobs/{id}", api_jobs_get, ROLE_VIEWER, 0, 0, "jobs",
	    "State and progress of a job", NULL },
	{ "GET", V1 "/jobs/{id}/events", api_jobs_events, ROLE_VIEWER,
	    ROUTE_SSE, 0, "jobs", "Live progress (Server-Sent Events)", NULL },

	/* Managed IP phones: the phone catalog (reference data). */
	{ "GET", V1 "/catalog", api_catalog_get, ROLE_VIEWER, 0, 0, "catalog",
	    "Manufacturers, models, capabilities and firmware", NULL },
	{ "GET", V1 "/catalog/models", api_catalog_models, ROLE_VIEWER, 0, 0,
	    "catalog", "List phone models (model= matches tolerantly)", NULL },
	{ "GET", V1 "/catalog/options", api_catalog_options, ROLE_VIEWER, 0, 0,
	    "catalog", "The Options and Advanced Options of a model family", NULL },

	/* Managed IP phones: locations, lines, proxies, registration groups. */
#define SITE_ROUTES(path, fn, tag, what, kind) \
	{ "GET", V1 path, api_##fn##_list, ROLE_VIEWER, 0, 0, tag, \
	    "List " what, NULL }, \
	{ "POST", V1 path, api_##fn##_create, ROLE_OPERATOR, \
	    ROUTE_JSON_BODY, 0, tag, "Create a " what, NULL }, \
	{ "GET", V1 path "/{id}", api_##fn##_get, ROLE_VIEWER, 0, 0, tag, \
	    "One " what, kind }, \
	{ "PUT", V1 path "/{id}", api_##fn##_update, ROLE_OPERATOR, \
	    ROUTE_JSON_BODY, 0, tag, "Replace a " what, kind }, \
	{ "DELETE", V1 path "/{id}", api_##fn##_delete, ROLE_OPERATOR, 0, 0, \
	    tag, "Delete a " what, kind }
	SITE_ROUTES("/locations", locations, "phones",
	    "location (time zone, SNTP server, codecs)", "location"),
	SITE_ROUTES("/lines", lines, "phones", "SIP line", "line"),
	SITE_ROUTES("/managed-proxies", proxies, "phones", "managed SIP proxy",
	    "proxy"),
	SITE_ROUTES("/registration-groups", reg_groups, "phones",
	    "registration group with its ordered registrations",
	    "registration_group"),
	SITE_ROUTES("/templates", templates, "phones",
	    "managed IP phone template", "template"),
#undef SITE_ROUTES
	{ "GET", V1 "/phones", api_phones_list, ROLE_VIEWER, 0, 0, "phones",
	    "List managed IP phones (the container view; CSV or XLSX by "
	    "Accept)", NULL },
	{ "POST", V1 "/phones", api_phones_create, ROLE_OPERATOR,
	    ROUTE_JSON_BODY, 256 * 1024, "phones",
	    "Create a managed IP phone with its station appearances", NULL },
	{ "POST", V1 "/phones/bulk-update", api_phones_bulk_update,
	    ROLE_OPERATOR, ROUTE_JSON_BODY, 256 * 1024, "phones",
	    "Change Multiple IP Phones, all or nothing", NULL },
	{ "POST", V1 "/phones/bulk-choices", api_phones_bulk_choices,
	    ROLE_VIEWER, ROUTE_JSON_BODY, 1024 * 1024, "phones",
	    "What Change Multiple IP Phones offers the selected phones "
	    "(firmware versions of their models)", NULL },
	{ "POST", V1 "/phones/bulk-delete", api_phones_bulk_delete,
	    ROLE_OPERATOR, ROUTE_JSON_BODY, 1024 * 1024, "phones",
	    "Delete many managed IP phones, all or nothing", NULL },
	{ "GET", V1 "/phones/{id}", api_phones_get, ROLE_VIEWER, 0, 0,
	    "phones", "One managed IP phone", "phone" },
	{ "PUT", V1 "/phones/{id}", api_phones_update, ROLE_OPERATOR,
	    ROUTE_JSON_BODY, 256 * 1024, "phones",
	    "Replace a managed IP phone", "phone" },
	{ "DELETE", V1 "/phones/{id}", api_phones_delete, ROLE_OPERATOR, 0, 0,
	    "phones", "Delete a managed IP phone", "phone" },
	{ "POST", V1 "/phones/{id}/stations/{sid}/reveal", api_stations_reveal,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "phones",
	    "Reveal a station's SIP password: the admin's own password "
	    "again (audited)", NULL },
	{ "GET", V1 "/stations", api_stations_list, ROLE_VIEWER, 0, 0,
	    "phones", "List station appearances", NULL },
	{ "GET", V1 "/dial-plan-classifications", api_classifications_list,
	    ROLE_VIEWER, 0, 0, "phones",
	    "Dial plan classifications for access control", NULL },
	{ "GET", V1 "/station-licenses", api_licenses_list, ROLE_VIEWER, 0, 0,
	    "phones", "Station license pools with totals and use", NULL },
	{ "POST", V1 "/station-licenses", api_licenses_create, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "phones", "Add an add-on license pool", NULL },
	{ "GET", V1 "/station-licenses/allocation",
	    api_license_allocation_list, ROLE_VIEWER, 0, 0, "phones",
	    "License Allocation: station appearances waiting for a license",
	    NULL },
	{ "POST", V1 "/station-licenses/allocation",
	    api_license_allocation_apply, ROLE_ADMIN, ROUTE_JSON_BODY, 0,
	    "phones", "License Allocation: give the waiting appearances "
	    "their licenses, all or none", NULL },
	{ "PUT", V1 "/station-licenses/{name}", api_licenses_update,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "phones",
	    "Set a license pool's total", "license_pool" },

	/* Managed IP Phone Assistant. */
	{ "POST", V1 "/assistant/imports", api_imports_create, ROLE_OPERATOR,
	    ROUTE_RAW_BODY, 64 * 1024 * 1024, "assistant",
	    "Upload a CSV Managed IP Phone list (text/csv); returns the report", NULL },
	{ "GET", V1 "/assistant/imports/{id}", api_imports_get, ROLE_VIEWER, 0,
	    0, "assistant", "The report and the rows of an import", NULL },
	{ "GET", V1 "/assistant/imports/{id}/problems", api_imports_problems,
	    ROLE_VIEWER, 0, 0, "assistant",
	    "Warnings and rejected rows as CSV (or XLSX)", NULL },
	{ "GET", V1 "/assistant/imports/{id}/problem-groups",
	    api_imports_problem_groups, ROLE_VIEWER, 0, 0, "assistant",
	    "Identical warnings and rejections of an import, counted", NULL },
	{ "GET", V1 "/assistant/imports/{id}/problem-rows",
	    api_imports_problem_rows, ROLE_VIEWER, 0, 0, "assistant",
	    "The rows of one group of problems, a page at a time", NULL },
	{ "GET", V1 "/assistant/imports/{id}/phones", api_imports_phones,
	    ROLE_VIEWER, 0, 0, "assistant",
	    "Every phone a committed import created, a page at a time", NULL },
	{ "POST", V1 "/assistant/imports/{id}/commit", api_imports_commit,
	    ROLE_OPERATOR, ROUTE_OPTIONAL_BODY, 0, "assistant",
	    "Commit Changes: create the phones (a job), all or nothing", NULL },
	{ "GET", V1 "/assistant/samples/{name}", api_samples_get, ROLE_VIEWER,
	    0, 0, "assistant", "Sample lists: template or tmm, csv or xlsx", NULL },
	{ "GET", V1 "/assistant/migrations", api_migrations_list, ROLE_VIEWER,
	    0, 0, "assistant", "Polycom migrations, newest first", NULL },
	{ "POST", V1 "/assistant/migrations", api_migrations_create,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "assistant",
	    "Read a phone configuration folder on the appliance", NULL },
	{ "POST", V1 "/assistant/migrations/upload", api_migrations_upload,
	    ROLE_OPERATOR, ROUTE_RAW_BODY, 128 * 1024 * 1024, "assistant",
	    "Read an uploaded .zip or .tar.gz of the TFTP root", NULL },
	{ "GET", V1 "/assistant/migrations/{id}", api_migrations_get,
	    ROLE_VIEWER, 0, 0, "assistant",
	    "A migration with its items, builds and results", NULL },
	{ "DELETE", V1 "/assistant/migrations/{id}", api_migrations_delete,
	    ROLE_OPERATOR, 0, 0, "assistant",
	    "Forget a migration (created phones stay)", NULL },
	{ "POST", V1 "/assistant/migrations/{id}/build", api_migrations_build,
	    ROLE_OPERATOR, ROUTE_JSON_BODY, 0, "assistant",
	    "Build Migration Items for the selected items", NULL },
	{ "POST", V1 "/assistant/migrations/{id}/run", api_migrations_run,
	    ROLE_OPERATOR, ROUTE_JSON_BODY, 0, "assistant",
	    "Run the migration (a job) after a database backup", NULL },

	/* Provisioning. */
	{ "GET", V1 "/firmware", api_firmware_list, ROLE_VIEWER, 0, 0,
	    "provisioning", "Firmware files per model and version", NULL },
	{ "POST", V1 "/firmware", api_firmware_upload, ROLE_ADMIN,
	    ROUTE_RAW_BODY, 512 * 1024 * 1024, "provisioning",
	    "Upload a firmware image (query: manufacturer, model, version, "
	    "filename)", NULL },
	{ "GET", V1 "/firmware/reach", api_firmware_reach, ROLE_VIEWER, 0, 0,
	    "provisioning", "What uploading a version would move: "
	    "?manufacturer=&model=&version=", NULL },
	{ "DELETE", V1 "/firmware/{id}", api_firmware_delete, ROLE_ADMIN, 0, 0,
	    "provisioning", "Delete a firmware file no phone uses", NULL },
	{ "GET", V1 "/custom-files", api_custom_list, ROLE_VIEWER, 0, 0,
	    "provisioning", "Custom configuration files per manufacturer", NULL },
	{ "GET", V1 "/custom-files/{manufacturer}/{name}", api_custom_get,
	    ROLE_VIEWER, 0, 0, "provisioning", "One custom file", NULL },
	{ "PUT", V1 "/custom-files/{manufacturer}/{name}", api_custom_put,
	    ROLE_ADMIN, ROUTE_RAW_BODY, 1024 * 1024 + 1, "provisioning",
	    "Upload a custom configuration file", NULL },
	{ "DELETE", V1 "/custom-files/{manufacturer}/{name}", api_custom_delete,
	    ROLE_ADMIN, 0, 0, "provisioning", "Delete a custom file", NULL },
	{ "GET", V1 "/provisional-phones", api_provisional_list, ROLE_VIEWER,
	    0, 0, "provisioning",
	    "MACs that asked for their files and have no phone yet", NULL },
	{ "GET", V1 "/provisional-phones/{mac}/candidates",
	    api_provisional_candidates, ROLE_VIEWER, 0, 0, "provisioning",
	    "The phones that can adopt this MAC, by name: ?q=", NULL },
	{ "POST", V1 "/provisional-phones/{mac}/assign", api_provisional_assign,
	    ROLE_OPERATOR, ROUTE_JSON_BODY, 0, "provisioning",
	    "Adopt: give a Not provisioned phone this MAC", NULL },
	{ "GET", V1 "/phones/{id}/uploads", api_phone_uploads, ROLE_VIEWER, 0,
	    0, "provisioning", "Override files and logs the phone uploaded", NULL },
	{ "GET", V1 "/phones/{id}/uploads/{name}", api_phone_upload_get,
	    ROLE_VIEWER, 0, 0, "provisioning", "One uploaded file", NULL },
	{ "POST", V1 "/phones/{id}/provisioning-reset",
	    api_phone_provisioning_reset, ROLE_ADMIN, ROUTE_OPTIONAL_BODY, 0,
	    "provisioning", "Let a factory-reset phone prove itself again", NULL },
	{ "GET", V1 "/dashboard", api_dashboard, ROLE_VIEWER, 0, 0,
	    "provisioning", "Phones by status, model and firmware; requests", NULL },
	{ "POST", V1 "/reboots", api_reboots_create, ROLE_OPERATOR,
	    ROUTE_JSON_BODY, 0, "reboots", "Reboot phones (SIP NOTIFY "
	    "check-sync): {phones|reboot_pending, when, rate, max_concurrent}", NULL },
	{ "GET", V1 "/reboots", api_reboots_list, ROLE_VIEWER, 0, 0, "reboots",
	    "Reboot campaigns, newest first", NULL },
	{ "GET", V1 "/reboots/{id}", api_reboots_get, ROLE_VIEWER, 0, 0,
	    "reboots", "A campaign with its counts and job", NULL },
	{ "GET", V1 "/reboots/{id}/items", api_reboots_items, ROLE_VIEWER, 0,
	    0, "reboots", "Per-phone results of a campaign", NULL },
	{ "POST", V1 "/reboots/{id}/cancel", api_reboots_cancel, ROLE_OPERATOR,
	    ROUTE_OPTIONAL_BODY, 0, "reboots",
	    "Cancel: phones not yet notified are left alone", NULL },
	{ "POST", V1 "/reboots/{id}/retry", api_reboots_retry, ROLE_OPERATOR,
	    ROUTE_OPTIONAL_BODY, 0, "reboots",
	    "A new campaign of the phones that failed", NULL },
	{ "GET", V1 "/phones/{id}/reboots", api_phone_reboots, ROLE_VIEWER, 0,
	    0, "reboots", "The phone's last reboots and their outcome", NULL },
	{ "GET", V1 "/simulator", api_simulator, ROLE_VIEWER, 0, 0,
	    "provisioning", "What a phone would fetch: ?address=&user_agent=", NULL },
	{ "GET", V1 "/network/dhcp", api_network_dhcp, ROLE_VIEWER, 0, 0,
	    "provisioning", "DHCP options per location: ?format=isc|kea|dnsmasq", NULL },
	{ "GET", V1 "/network/dns", api_network_dns, ROLE_VIEWER, 0, 0,
	    "provisioning", "DNS records of the switchover pair (zone fragment)", NULL },
	{ "GET", V1 "/settings/network", api_network_settings_get, ROLE_VIEWER,
	    0, 0, "system", "Voice network settings for DHCP and DNS", "setting:network" },
	{ "PUT", V1 "/settings/network", api_network_settings_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "system", "Set the voice network settings", "setting:network" },
	{ "GET", V1 "/settings/provisioning", api_provisioning_settings_get,
	    ROLE_VIEWER, 0, 0, "system", "Trusted provisioning networks", "setting:provisioning" },
	{ "PUT", V1 "/settings/provisioning", api_provisioning_settings_put,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "system",
	    "Set the trusted provisioning networks", "setting:provisioning" },

	/* System. */
	{ "GET", V1 "/settings/business-hours", api_business_hours_get,
	    ROLE_VIEWER, 0, 0, "system",
	    "Business hours, and whether it is within them now", "setting:business_hours" },
	{ "PUT", V1 "/settings/business-hours", api_business_hours_put,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "system", "Set the business hours", "setting:business_hours" },
	{ "GET", V1 "/system", api_system_info, ROLE_VIEWER, 0, 0, "system",
	    "Version, listeners, database", NULL },
	{ "GET", V1 "/system/certificate", api_certificate_get, ROLE_VIEWER,
	    0, 0, "system", "The admin HTTPS certificate", NULL },
	{ "PUT", V1 "/system/certificate", api_certificate_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 256 * 1024, "system",
	    "Replace the admin HTTPS certificate (applies at restart)", NULL },
	{ "GET", V1 "/system/backups", api_backups_list, ROLE_ADMIN, 0, 0,
	    "system", "List database and system backups", NULL },
	{ "POST", V1 "/system/backups", api_backups_create, ROLE_ADMIN,
	    ROUTE_OPTIONAL_BODY, 0, "system",
	    "Take a backup (a job; follow it at /jobs/{id}): the database, or "
	    "{\"kind\":\"system\"} the whole system, with the secret key "
	    "sealed by a passphrase when include_key", NULL },
	{ "GET", V1 "/system/backups/{name}", api_backups_download,
	    ROLE_ADMIN, 0, 0, "system", "Download a backup", NULL },
	{ "DELETE", V1 "/system/backups/{name}", api_backups_delete,
	    ROLE_ADMIN, 0, 0, "system", "Delete a backup", NULL },
	{ "GET", V1 "/system/restore", api_restore_get, ROLE_ADMIN, 0, 0,
	    "system", "The uploaded and the pending system restore, and the "
	    "outcome of the last one", NULL },
	{ "POST", V1 "/system/restore/upload", api_restore_upload,
	    ROLE_ADMIN, ROUTE_RAW_BODY, 8LL * 1024 * 1024 * 1024 +
	    2 * 1024 * 1024, "system",
	    "Upload a system backup (.tar): verified and staged at once", NULL },
	{ "POST", V1 "/system/restore", api_restore_confirm, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "system",
	    "Make the uploaded system backup the pending restore (applied at "
	    "the next start)", NULL },
	{ "DELETE", V1 "/system/restore", api_restore_cancel, ROLE_ADMIN, 0,
	    0, "system", "Drop the uploaded and the pending restore", NULL },
	{ "POST", V1 "/system/restart", api_restart, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "system",
	    "Restart the appliance (exit status 75; systemd starts it again)",
	    NULL },
	{ "GET", V1 "/settings/system-backups",
	    api_system_backups_settings_get, ROLE_ADMIN, 0, 0, "system",
	    "Nightly system backups: enabled, hour, how many to keep",
	    "setting:system_backups" },
	{ "PUT", V1 "/settings/system-backups",
	    api_system_backups_settings_put, ROLE_ADMIN, ROUTE_JSON_BODY, 0,
	    "system", "Set the nightly system backups",
	    "setting:system_backups" },

	/* Unify Phone on OpenScape Business (seed 003). */
	{ "GET", V1 "/unify/system", api_unify_system_get, ROLE_VIEWER, 0, 0,
	    "unify", "The OpenScape Business system and its Unify Phone user bound", "unify:system" },
	{ "PUT", V1 "/unify/system", api_unify_system_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Set the OpenScape Business system", "unify:system" },
	{ "GET", V1 "/unify/connectivity", api_unify_connectivity_get,
	    ROLE_VIEWER, 0, 0, "unify",
	    "The Unify Phone Connectivity wizard's input (API key masked)", "unify:connectivity" },
	{ "PUT", V1 "/unify/connectivity", api_unify_connectivity_put,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "unify",
	    "Set the wizard's input; the API key is sealed", "unify:connectivity" },
	{ "POST", V1 "/unify/connectivity/execute",
	    api_unify_connectivity_execute, ROLE_ADMIN, ROUTE_OPTIONAL_BODY, 0,
	    "unify", "[Execute Function]: create or update trunk, route and LCR", NULL },
	{ "GET", V1 "/unify/trunks", api_unify_trunks_list, ROLE_VIEWER, 0, 0,
	    "unify", "Expert Mode: trunks", NULL },
	{ "POST", V1 "/unify/trunks", api_unify_trunks_add, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Expert Mode: add a trunk by hand", NULL },
	{ "PUT", V1 "/unify/trunks/{id}", api_unify_trunks_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify",
	    "Expert Mode: change a trunk made by hand (409 for the wizard's)", "unify_trunk" },
	{ "GET", V1 "/unify/routes", api_unify_routes_list, ROLE_VIEWER, 0, 0,
	    "unify", "Expert Mode: routes", NULL },
	{ "POST", V1 "/unify/routes", api_unify_routes_add, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Expert Mode: add a route by hand", NULL },
	{ "PUT", V1 "/unify/routes/{id}", api_unify_routes_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify",
	    "Expert Mode: change a route made by hand (409 for the wizard's)", "unify_route" },
	{ "GET", V1 "/unify/lcr", api_unify_lcr_list, ROLE_VIEWER, 0, 0,
	    "unify", "Expert Mode: LCR dial plan", NULL },
	{ "POST", V1 "/unify/lcr", api_unify_lcr_add, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Expert Mode: add a dial plan entry by hand", NULL },
	{ "PUT", V1 "/unify/lcr/{id}", api_unify_lcr_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify",
	    "Expert Mode: change a dial plan entry made by hand (409 for the wizard's)", "unify_lcr" },
	{ "GET", V1 "/unify/status", api_unify_status_get, ROLE_VIEWER, 0, 0,
	    "unify", "Service Center: the ITSP status of Unify Phone (Cloud) at the last check", NULL },
	{ "POST", V1 "/unify/status/check", api_unify_status_check,
	    ROLE_OPERATOR, ROUTE_OPTIONAL_BODY, 0, "unify",
	    "Check the connector now: SIP OPTIONS over TLS and the REST API", NULL },
	{ "POST", V1 "/unify/connector/re-enable", api_unify_connector_reenable,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "unify",
	    "Re-enable the connector the clone guard disabled", NULL },
	{ "GET", V1 "/unify/jwt", api_unify_jwt_get, ROLE_VIEWER, 0, 0,
	    "unify", "The Unify Phone JWT's status (Not set, Active, Invalid token, Expiring, Expired); never the token", "unify:jwt" },
	{ "PUT", V1 "/unify/jwt", api_unify_jwt_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 16 * 1024, "unify",
	    "Paste the tenant's JWT (sealed at rest; \"\" clears it)", "unify:jwt" },
	{ "GET", V1 "/unify/diagnostics", api_unify_diagnostics, ROLE_VIEWER, 0,
	    0, "unify", "The FAQ's checks (seed 003, 5.3), each pass, fail or not checked yet, and the trace settings", NULL },
	{ "GET", V1 "/unify/stations", api_unify_stations_list, ROLE_VIEWER, 0,
	    0, "unify", "OpenScape Business stations (subscribers), sortable and searchable", NULL },
	{ "POST", V1 "/unify/stations", api_unify_stations_create, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Add a station", NULL },
	{ "POST", V1 "/unify/stations/import", api_unify_stations_import,
	    ROLE_ADMIN, ROUTE_RAW_BODY, 8 * 1024 * 1024, "unify",
	    "Import a station list (CSV or XLSX), all or nothing", NULL },
	{ "GET", V1 "/unify/stations/{id}", api_unify_stations_get, ROLE_VIEWER,
	    0, 0, "unify", "One station", "unify_station" },
	{ "PUT", V1 "/unify/stations/{id}", api_unify_stations_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Change a station (a Unify Phone user's: its directory flag and CLIP/LIN)", "unify_station" },
	{ "DELETE", V1 "/unify/stations/{id}", api_unify_stations_delete,
	    ROLE_ADMIN, 0, 0, "unify", "Remove a station", "unify_station" },
	{ "GET", V1 "/unify/tenant-users", api_unify_tenants_list, ROLE_VIEWER,
	    0, 0, "unify", "The Unify Phone tenant's users, searchable by name or e-mail", NULL },
	{ "POST", V1 "/unify/tenant-users/import", api_unify_tenants_import,
	    ROLE_ADMIN, ROUTE_RAW_BODY, 8 * 1024 * 1024, "unify",
	    "Import the Unify Phone admin portal's user list (CSV UTF-8, camelCase headers), all or nothing", NULL },
	{ "GET", V1 "/unify/users", api_unify_users_list, ROLE_VIEWER, 0, 0,
	    "unify", "Unify Phone user instances, with the numbering and the user bound", NULL },
	{ "POST", V1 "/unify/users", api_unify_users_create, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify",
	    "[Create] a Unify Phone user (from V3R3 FR1), or [Add] one of the tenant (tenant_user_id)", NULL },
	{ "POST", V1 "/unify/users/validate-numbers", api_unify_users_validate,
	    ROLE_ADMIN, ROUTE_OPTIONAL_BODY, 0, "unify",
	    "[Validate Numbers]: compose and check every user's call number", NULL },
	{ "GET", V1 "/unify/users/{id}", api_unify_users_get, ROLE_VIEWER, 0,
	    0, "unify", "One Unify Phone user", "unify_user" },
	{ "PUT", V1 "/unify/users/{id}", api_unify_users_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "[Edit] a Unify Phone user", "unify_user" },
	{ "DELETE", V1 "/unify/users/{id}", api_unify_users_delete, ROLE_ADMIN,
	    0, 0, "unify", "Remove a Unify Phone user and its virtual station", "unify_user" },
	{ "PUT", V1 "/unify/users/{id}/call-destinations",
	    api_unify_users_destinations, ROLE_ADMIN, ROUTE_JSON_BODY, 0,
	    "unify", "A user's call destination list (voicemail, targets, Alternative Number)", "unify_user" },
	{ "GET", V1 "/unify/teams", api_unify_teams_list, ROLE_VIEWER, 0, 0,
	    "unify", "Teams (MULAP) of a desk phone and a Unify Phone user", NULL },
	{ "POST", V1 "/unify/teams", api_unify_teams_create, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Make a Team: one IP or TDM desk phone and one Unify Phone user", NULL },
	{ "GET", V1 "/unify/teams/{id}", api_unify_teams_get, ROLE_VIEWER, 0,
	    0, "unify", "One Team", "unify_team" },
	{ "PUT", V1 "/unify/teams/{id}", api_unify_teams_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify", "Change a Team", "unify_team" },
	{ "DELETE", V1 "/unify/teams/{id}", api_unify_teams_delete, ROLE_ADMIN,
	    0, 0, "unify", "Remove a Team; the user gets its own number back", "unify_team" },
	{ "GET", V1 "/unify/firewall-rules", api_unify_firewall_get,
	    ROLE_VIEWER, 0, 0, "unify",
	    "Firewall Rules: the seed's three tables for this system (CSV or "
	    "XLSX by Accept or ?format=csv|xlsx; ?format=nft: an nftables "
	    "rule set)", NULL },
	{ "PUT", V1 "/unify/users/{id}/licenses", api_unify_user_licenses_put,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "unify",
	    "Activate or deactivate a Unify Phone user's licenses (desk_phone: the desk phone twinned with the user)", NULL },
	{ "GET", V1 "/unify/licenses", api_unify_licenses_get, ROLE_VIEWER, 0,
	    0, "unify", "License Management: the OpenScape Business license pools of Unify Phone with totals and use, and Software Support valid until", "unify:licenses" },
	{ "PUT", V1 "/unify/licenses", api_unify_licenses_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "unify",
	    "Set the totals of the license pools (never below their use)", "unify:licenses" },
	{ "POST", V1 "/unify/licenses/apply", api_unify_licenses_apply,
	    ROLE_ADMIN, ROUTE_OPTIONAL_BODY, 0, "unify",
	    "[Apply]: give every Unify Phone user the IP User (Mobility User) and Unify Phone licenses it lacks, while they last", NULL },

	/* Third-party SIP devices (seed 000): administrators only. Literal
	 * paths come before /sip-devices/{id}. */
	{ "GET", V1 "/sip-devices/program", api_sip_program, ROLE_ADMIN, 0, 0,
	    "sip-devices", "What the third party SIP device program requires, supports and does not", NULL },
	{ "GET", V1 "/sip-devices/statements", api_sip_statements, ROLE_ADMIN,
	    0, 0, "sip-devices", "The Statement of Work's statements a receipt acknowledges", NULL },
	{ "GET", V1 "/sip-devices/settings", api_sip_settings_get, ROLE_ADMIN,
	    0, 0, "sip-devices", "The SIP name prefix and how long hand-over archives stay", "sip_devices:settings" },
	{ "PUT", V1 "/sip-devices/settings", api_sip_settings_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "sip-devices", "Set the SIP name prefix and the archives' lifetime", "sip_devices:settings" },
	{ "GET", V1 "/sip-devices/regions", api_sip_regions_list, ROLE_ADMIN,
	    0, 0, "sip-devices", "List regions with their border proxy FQDN", NULL },
	{ "POST", V1 "/sip-devices/regions", api_sip_regions_create,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "sip-devices", "Add a region and its border proxy", NULL },
	{ "GET", V1 "/sip-devices/regions/{id}", api_sip_regions_get,
	    ROLE_ADMIN, 0, 0, "sip-devices", "One region", "sip_region" },
	{ "PUT", V1 "/sip-devices/regions/{id}", api_sip_regions_put,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "sip-devices", "Change a region", "sip_region" },
	{ "DELETE", V1 "/sip-devices/regions/{id}", api_sip_regions_delete,
	    ROLE_ADMIN, 0, 0, "sip-devices", "Remove a region no device uses", "sip_region" },
	{ "GET", V1 "/sip-devices/data-handlers", api_sip_handlers_list,
	    ROLE_ADMIN, 0, 0, "sip-devices", "List the customer's pre-agreed data handlers", NULL },
	{ "POST", V1 "/sip-devices/data-handlers", api_sip_handlers_create,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "sip-devices", "Add a data handler", NULL },
	{ "GET", V1 "/sip-devices/data-handlers/{id}", api_sip_handlers_get,
	    ROLE_ADMIN, 0, 0, "sip-devices", "One data handler", "sip_data_handler" },
	{ "PUT", V1 "/sip-devices/data-handlers/{id}", api_sip_handlers_put,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "sip-devices", "Change a data handler", "sip_data_handler" },
	{ "DELETE", V1 "/sip-devices/data-handlers/{id}",
	    api_sip_handlers_delete, ROLE_ADMIN, 0, 0, "sip-devices",
	    "Remove a data handler (past exports keep the name)", "sip_data_handler" },
	{ "POST", V1 "/sip-devices/import", api_sip_devices_import, ROLE_ADMIN,
	    ROUTE_RAW_BODY, 8 * 1024 * 1024, "sip-devices",
	    "Import a device list (CSV or .xlsx), all or nothing; an extension that exists changes that device", NULL },
	{ "GET", V1 "/sip-devices/exports", api_sip_exports_list, ROLE_ADMIN,
	    0, 0, "sip-devices", "List credential hand-overs (?unacknowledged=1: awaiting the signed SoW)", NULL },
	{ "POST", V1 "/sip-devices/exports", api_sip_exports_create,
	    ROLE_ADMIN, ROUTE_JSON_BODY, 0, "sip-devices",
	    "Hand over credentials (a job; the admin's password; the three passwords shown once)", NULL },
	{ "GET", V1 "/sip-devices/exports/{id}", api_sip_exports_get,
	    ROLE_ADMIN, 0, 0, "sip-devices", "One hand-over with its rows", NULL },
	{ "GET", V1 "/sip-devices/exports/{id}/archives/{name}",
	    api_sip_exports_download, ROLE_ADMIN, 0, 0, "sip-devices",
	    "Download one of the two archives while the export is ready", NULL },
	{ "POST", V1 "/sip-devices/exports/{id}/delivered",
	    api_sip_exports_delivered, ROLE_ADMIN, ROUTE_OPTIONAL_BODY, 0,
	    "sip-devices", "Confirm delivery: the archives are wiped", NULL },
	{ "PUT", V1 "/sip-devices/exports/{id}/acknowledgement",
	    api_sip_exports_acknowledge, ROLE_ADMIN, ROUTE_JSON_BODY, 0,
	    "sip-devices", "Record the signed Statement of Work acknowledging receipt", NULL },
	{ "GET", V1 "/sip-devices", api_sip_devices_list, ROLE_ADMIN, 0, 0,
	    "sip-devices", "List third-party SIP devices (CSV or XLSX by Accept; no credential)", NULL },
	{ "POST", V1 "/sip-devices", api_sip_devices_create, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "sip-devices", "Add a device; its SIP credential is generated", NULL },
	{ "GET", V1 "/sip-devices/{id}", api_sip_devices_get, ROLE_ADMIN, 0,
	    0, "sip-devices", "One device (never its password)", "sip_device" },
	{ "PUT", V1 "/sip-devices/{id}", api_sip_devices_put, ROLE_ADMIN,
	    ROUTE_JSON_BODY, 0, "sip-devices", "Change a device", "sip_device" },
	{ "DELETE", V1 "/sip-devices/{id}", api_sip_devices_delete, ROLE_ADMIN,
	    0, 0, "sip-devices", "Remove a device and its credential", "sip_device" },
	{ "POST", V1 "/sip-devices/{id}/credential/reveal",
	    api_sip_devices_reveal, ROLE_ADMIN, ROUTE_JSON_BODY, 0,
	    "sip-devices", "Show the SIP credential after the admin's own password (audited)", NULL },
	{ "POST", V1 "/sip-devices/{id}/credential/regenerate",
	    api_sip_devices_regenerate, ROLE_ADMIN, ROUTE_OPTIONAL_BODY, 0,
	    "sip-devices", "A new SIP name and password; the old credential is gone at once (audited)", NULL },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* Match path against pattern, capturing {x} segments. */
static int
match(const char *pattern, const char *path, struct req *r)
{
	int n = 0;

	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *end = strchr(path, '/');
			size_t len = end ? (size_t)(end - path) : strlen(path);

			if (len == 0 || len >= REQ_PARAM_MAX ||
			    n == REQ_MAX_PARAMS)
				return 0;
			if (r) {
				memcpy(r->params[n], path, len);
				r->params[n][len] = '\0';
			}
			n++;
			path += len;
			pattern = strchr(pattern, '}') + 1;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	if (*pattern || *path)
		return 0;
	if (r)
		r->nparams = n;
	return 1;
}

const struct route *
router_match(const char *method, const char *path, struct req *r, int *status)
{
	size_t i;
	int path_seen = 0;

	for (i = 0; i < NROUTES; i++) {
		if (!match(routes[i].pattern, path, NULL))
			continue;
		path_seen = 1;
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
		    strcmp(routes[i].method, "GET") == 0)) {
			match(routes[i].pattern, path, r);
			return &routes[i];
		}
	}
	*status = path_seen ? 405 : 404;
	return NULL;
}

static json_t *
operation(const struct route *rt)
{
	json_t *op, *params = json_array(), *responses;
	const char *p;

	op = json_pack("{s:s,s:[s],s:s}", "summary", rt->summary, "tags",
	    rt->tag, "x-min-role", role_name(rt->min_role));
	for (p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');

		json_array_append_new(params, json_pack("{s:s%,s:s,s:b,s:{s:s}}",
		    "name", p + 1, (size_t)(end - p - 1), "in", "path",
		    "required", 1, "schema", "type", "string"));
	}
	if (strcmp(rt->method, "GET") == 0 && strstr(rt->summary, "List")) {
		json_t *list = json_pack("[{s:s,s:s,s:{s:s}},"
		    "{s:s,s:s,s:{s:s}},{s:s,s:s,s:{s:s,s:[s,s]}},"
		    "{s:s,s:s,s:{s:s,s:i,s:i}},{s:s,s:s,s:{s:s,s:i}}]",
		    "name", "q", "in", "query", "schema", "type", "string",
		    "name", "sort", "in", "query", "schema", "type", "string",
		    "name", "order", "in", "query", "schema", "type", "string",
		    "enum", "asc", "desc",
		    "name", "limit", "in", "query", "schema", "type",
		    "integer", "minimum", 1, "maximum", 1000,
		    "name", "offset", "in", "query", "schema", "type",
		    "integer", "minimum", 0);

		json_array_extend(params, list);
		json_decref(list);
	}
	if (rt->version && strcmp(rt->method, "GET") != 0)
		json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:s,"
		    "s:{s:s}}", "name", "If-Match", "in", "header", "required",
		    0, "description", "The ETag of the record as it was read: "
		    "a change made meanwhile answers 412 with who made it and "
		    "when", "schema", "type", "string"));
	if (json_array_size(params))
		json_object_set(op, "parameters", params);
	json_decref(params);
	if (rt->flags & (ROUTE_JSON_BODY | ROUTE_OPTIONAL_BODY)) {
		const struct body_field *f = api_bodies_find(rt->method,
		    rt->pattern);

		json_object_set_new(op, "requestBody", json_pack("{s:b,s:{s:"
		    "{s:o}}}", "required", (rt->flags & ROUTE_JSON_BODY) != 0,
		    "content", "application/json", "schema", f ?
		    body_schema_json(f) : json_pack("{s:s}", "type",
		    "object")));
	}
	responses = json_pack("{s:{s:s}}", "200", "description", "Success");
	if (rt->flags & ROUTE_SSE)
		json_object_set_new(responses, "200", json_pack("{s:s,s:{s:{}}}",
		    "description", "An event stream", "content",
		    "text/event-stream"));
	if (rt->version && strcmp(rt->method, "GET") == 0)
		json_object_set_new(responses, "200", json_pack("{s:s,s:{s:{s:"
		    "s,s:{s:s}}}}", "description", "Success, with the record's "
		    "version as its ETag", "headers", "ETag", "description",
		    "Send it back as If-Match to change the record", "schema",
		    "type", "string"));
	else if (rt->version)
		json_object_set_new(responses, "412", json_pack("{s:s}",
		    "description", "Changed since the If-Match version: "
		    "error.changed says by whom and when, with the current "
		    "ETag"));
	json_object_set_new(responses, "default", json_pack("{s:s,s:{s:{s:"
	    "{s:s}}}}", "description", "An error", "content",
	    "application/json", "schema", "$ref",
	    "#/components/schemas/Error"));
	json_object_set_new(op, "responses", responses);
	if (rt->min_role == ROLE_NONE)
		json_object_set_new(op, "security", json_array());
	return op;
}

static const char openapi_components[] =
    "{\"securitySchemes\":{"
    "\"session\":{\"type\":\"apiKey\",\"in\":\"cookie\","
    "\"name\":\"__Host-sb_session\"},"
    "\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},"
    "\"schemas\":{\"Error\":{\"type\":\"object\",\"required\":[\"error\"],"
    "\"properties\":{\"error\":{\"type\":\"object\","
    "\"required\":[\"code\",\"message\"],\"properties\":{"
    "\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
    "\"details\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "\"properties\":{\"field\":{\"type\":\"string\"},"
    "\"row\":{\"type\":\"integer\"},"
    "\"message\":{\"type\":\"string\"}}}}}}}}}}";

json_t *
router_openapi(const char *version)
{
	json_t *paths = json_object(), *doc;
	size_t i;
	char method[16];

	for (i = 0; i < NROUTES; i++) {
		json_t *item = json_object_get(paths, routes[i].pattern);
		size_t j;

		if (item == NULL) {
			item = json_object();
			json_object_set_new(paths, routes[i].pattern, item);
		}
		for (j = 0; routes[i].method[j] && j < sizeof(method) - 1; j++)
			method[j] = (char)(routes[i].method[j] | 0x20);
		method[j] = '\0';
		json_object_set_new(item, method, operation(&routes[i]));
	}
	doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:o,s:o,s:[{s:[]},{s:[]}]}",
	    "openapi", "3.0.3",
	    "info", "title", "Switchboard API", "version", version,
	    "description", "Writes with a session cookie need the "
	    "X-CSRF-Token header; tokens go in Authorization: Bearer.",
	    "paths", paths,
	    "components", json_loads(openapi_components, 0, NULL),
	    "security", "session", "bearer");
	return doc;
}

bool
route_version(const struct route *rt, const struct req *r, char *kind,
    size_t klen, char *key, size_t keylen)
{
	const char *colon;

	if (rt->version == NULL)
		return false;
	if ((colon = strchr(rt->version, ':')) != NULL) {
		snprintf(kind, klen, "%.*s", (int)(colon - rt->version),
		    rt->version);
		snprintf(key, keylen, "%s", colon + 1);
		return true;
	}
	if (r->nparams < 1)
		return false;
	snprintf(kind, klen, "%s", rt->version);
	snprintf(key, keylen, "%s", r->params[0]);
	return true;
}
