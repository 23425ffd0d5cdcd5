/* Switchboard — every API handler. Each takes the parsed request, returns
 * the HTTP status and leaves the body in r->out; none touches CivetWeb or
 * SQL. Statuses each may return are listed in its file. */
#ifndef SB_API_H
#define SB_API_H

#include "../lib/csv_list.h"
#include "../system/req.h"

/* api_lists.c: read r's body as a list of schema (CSV, or an .xlsx's
 * first worksheet), calling on_row per data row, which adds what is wrong
 * with its row to rs. 0 when the whole list was read and rs is empty, or
 * the error status already set in r: 413 past the route's cap, 400 for a
 * broken upload, 422 (field "file") when the list cannot be read (no
 * header, a missing required column, not CSV), 422 naming every refusal
 * of rs ("The <list> was not imported: …"). */
int	api_read_list(struct req *r, const struct csv_schema *schema,
	    csv_list_row_fn on_row, void *arg, struct refusals *rs);

/* api_auth.c */
int	api_setup_status(struct req *r);
int	api_setup_create(struct req *r);
int	api_session_login(struct req *r);
int	api_session_get(struct req *r);
int	api_session_logout(struct req *r);
int	api_session_password(struct req *r);

/* api_users.c */
int	api_users_list(struct req *r);
int	api_users_create(struct req *r);
/* The step setup and user creation share: hash, store and audit a user
 * whose fields passed user_rules_new_user. 201 with r->out the user, 409
 * when the name is taken, 500. */
int	api_users_store_new(struct req *r, const char *username,
	    const char *display, const char *role, const char *password,
	    bool must_change, const char *action);
int	api_users_get(struct req *r);
int	api_users_update(struct req *r);
int	api_users_reset_password(struct req *r);

/* api_tokens.c */
int	api_tokens_list(struct req *r);
int	api_tokens_create(struct req *r);
int	api_tokens_revoke(struct req *r);

/* api_audit.c */
int	api_audit_list(struct req *r);

/* api_jobs.c */
int	api_jobs_get(struct req *r);
int	api_jobs_events(struct req *r);

/* api_catalog.c */
int	api_catalog_get(struct req *r);
int	api_catalog_models(struct req *r);

/* api_sites.c */
int	api_locations_list(struct req *r);
int	api_locations_get(struct req *r);
int	api_locations_create(struct req *r);
int	api_locations_update(struct req *r);
int	api_locations_delete(struct req *r);
int	api_lines_list(struct req *r);
int	api_lines_get(struct req *r);
int	api_lines_create(struct req *r);
int	api_lines_update(struct req *r);
int	api_lines_delete(struct req *r);
int	api_proxies_list(struct req *r);
int	api_proxies_get(struct req *r);
int	api_proxies_create(struct req *r);
int	api_proxies_update(struct req *r);
int	api_proxies_delete(struct req *r);

/* api_reg_groups.c */
int	api_reg_groups_list(struct req *r);
int	api_reg_groups_get(struct req *r);
int	api_reg_groups_create(struct req *r);
int	api_reg_groups_update(struct req *r);
int	api_reg_groups_delete(struct req *r);

/* api_phones.c */
int	api_phones_list(struct req *r);
int	api_phones_get(struct req *r);
int	api_phones_create(struct req *r);
int	api_phones_update(struct req *r);
int	api_phones_delete(struct req *r);
int	api_phones_bulk_update(struct req *r);
int	api_phones_bulk_delete(struct req *r);
int	api_phones_bulk_choices(struct req *r);
int	api_stations_list(struct req *r);
int	api_stations_reveal(struct req *r);
int	api_licenses_list(struct req *r);
int	api_licenses_create(struct req *r);
int	api_licenses_update(struct req *r);

/* server/phones/api_license_allocation.c */
int	api_license_allocation_list(struct req *r);
int	api_license_allocation_apply(struct req *r);
int	api_classifications_list(struct req *r);

/* api_templates.c */
int	api_templates_list(struct req *r);
int	api_templates_get(struct req *r);
int	api_templates_create(struct req *r);
int	api_templates_update(struct req *r);
int	api_templates_delete(struct req *r);

/* api_assistant.c */
int	api_imports_create(struct req *r);
int	api_imports_get(struct req *r);
int	api_imports_problems(struct req *r);
int	api_imports_problem_groups(struct req *r);
int	api_imports_problem_rows(struct req *r);
int	api_imports_phones(struct req *r);
int	api_imports_commit(struct req *r);
int	api_samples_get(struct req *r);

/* api_firmware.c */
int	api_firmware_list(struct req *r);
int	api_firmware_upload(struct req *r);
int	api_firmware_reach(struct req *r);
int	api_firmware_delete(struct req *r);
int	api_custom_list(struct req *r);
int	api_custom_put(struct req *r);
int	api_custom_get(struct req *r);
int	api_custom_delete(struct req *r);

/* api_network.c */
int	api_network_settings_get(struct req *r);
int	api_network_settings_put(struct req *r);
int	api_network_dhcp(struct req *r);
int	api_network_dns(struct req *r);

/* api_provisioning.c */
int	api_provisioning_settings_get(struct req *r);
int	api_provisioning_settings_put(struct req *r);
int	api_provisional_list(struct req *r);
int	api_provisional_candidates(struct req *r);
int	api_provisional_assign(struct req *r);
int	api_phone_uploads(struct req *r);
int	api_phone_upload_get(struct req *r);
int	api_phone_provisioning_reset(struct req *r);
int	api_simulator(struct req *r);

/* Reboot campaigns (api_reboots.c). */
int	api_reboots_create(struct req *r);
int	api_reboots_list(struct req *r);
int	api_reboots_get(struct req *r);
int	api_reboots_items(struct req *r);
int	api_reboots_cancel(struct req *r);
int	api_reboots_retry(struct req *r);
int	api_phone_reboots(struct req *r);
int	api_dashboard(struct req *r);

/* api_migrations.c */
int	api_migrations_upload(struct req *r);
int	api_migrations_create(struct req *r);
int	api_migrations_list(struct req *r);
int	api_migrations_get(struct req *r);
int	api_migrations_delete(struct req *r);
int	api_migrations_build(struct req *r);
int	api_migrations_run(struct req *r);

/* api_catalog.c (option forms) */
int	api_catalog_options(struct req *r);

/* api_settings.c */
int	api_business_hours_get(struct req *r);
int	api_business_hours_put(struct req *r);

/* api_system.c */
void	api_system_init(const char *version, const char *db_path);
int	api_health(struct req *r);
int	api_openapi(struct req *r);
int	api_system_info(struct req *r);
int	api_certificate_get(struct req *r);
int	api_certificate_put(struct req *r);
int	api_backups_list(struct req *r);
int	api_backups_create(struct req *r);
int	api_backups_download(struct req *r);
int	api_backups_delete(struct req *r);

/* api_restore.c (server/system) */
int	api_restore_get(struct req *r);
int	api_restore_upload(struct req *r);
int	api_restore_confirm(struct req *r);
int	api_restore_cancel(struct req *r);
int	api_restart(struct req *r);
int	api_system_backups_settings_get(struct req *r);
int	api_system_backups_settings_put(struct req *r);

/* server/unify/api_unify.c */
int	api_unify_system_get(struct req *r);
int	api_unify_system_put(struct req *r);
int	api_unify_connectivity_get(struct req *r);
int	api_unify_connectivity_put(struct req *r);
int	api_unify_connectivity_execute(struct req *r);
int	api_unify_trunks_list(struct req *r);
int	api_unify_trunks_add(struct req *r);
int	api_unify_trunks_put(struct req *r);
int	api_unify_routes_list(struct req *r);
int	api_unify_routes_add(struct req *r);
int	api_unify_routes_put(struct req *r);
int	api_unify_lcr_list(struct req *r);
int	api_unify_lcr_put(struct req *r);
int	api_unify_lcr_add(struct req *r);

/* server/unify/api_unify_jwt.c */
int	api_unify_jwt_get(struct req *r);
int	api_unify_jwt_put(struct req *r);

/* server/unify/api_unify_status.c */
int	api_unify_status_get(struct req *r);
int	api_unify_status_check(struct req *r);
int	api_unify_connector_reenable(struct req *r);
int	api_unify_diagnostics(struct req *r);

/* server/unify/api_unify_users.c */
int	api_unify_users_list(struct req *r);
int	api_unify_users_get(struct req *r);
int	api_unify_users_create(struct req *r);
int	api_unify_users_put(struct req *r);
int	api_unify_users_delete(struct req *r);
int	api_unify_users_validate(struct req *r);
int	api_unify_users_destinations(struct req *r);

/* server/unify/api_unify_teams.c */
int	api_unify_teams_list(struct req *r);
int	api_unify_teams_get(struct req *r);
int	api_unify_teams_create(struct req *r);
int	api_unify_teams_put(struct req *r);
int	api_unify_teams_delete(struct req *r);

/* server/unify/api_unify_licenses.c */
int	api_unify_licenses_get(struct req *r);
int	api_unify_licenses_put(struct req *r);
int	api_unify_licenses_apply(struct req *r);
int	api_unify_user_licenses_put(struct req *r);

/* server/unify/api_unify_stations.c */
int	api_unify_stations_list(struct req *r);
int	api_unify_stations_get(struct req *r);
int	api_unify_stations_create(struct req *r);
int	api_unify_stations_put(struct req *r);
int	api_unify_stations_delete(struct req *r);
int	api_unify_stations_import(struct req *r);

/* server/unify/api_unify_tenants.c */
int	api_unify_tenants_list(struct req *r);
int	api_unify_tenants_import(struct req *r);
/* server/unify/api_unify_firewall.c */
int	api_unify_firewall_get(struct req *r);

/* server/sip_devices/api_sip_devices.c */
int	api_sip_program(struct req *r);
int	api_sip_devices_list(struct req *r);
int	api_sip_devices_get(struct req *r);
int	api_sip_devices_create(struct req *r);
int	api_sip_devices_put(struct req *r);
int	api_sip_devices_delete(struct req *r);
int	api_sip_devices_import(struct req *r);
int	api_sip_devices_reveal(struct req *r);
int	api_sip_devices_regenerate(struct req *r);

/* server/sip_devices/api_sip_exports.c */
int	api_sip_statements(struct req *r);
int	api_sip_exports_list(struct req *r);
int	api_sip_exports_get(struct req *r);
int	api_sip_exports_create(struct req *r);
int	api_sip_exports_download(struct req *r);
int	api_sip_exports_delivered(struct req *r);
int	api_sip_exports_acknowledge(struct req *r);

/* server/sip_devices/api_sip_settings.c */
int	api_sip_settings_get(struct req *r);
int	api_sip_settings_put(struct req *r);
int	api_sip_regions_list(struct req *r);
int	api_sip_regions_get(struct req *r);
int	api_sip_regions_create(struct req *r);
int	api_sip_regions_put(struct req *r);
int	api_sip_regions_delete(struct req *r);
int	api_sip_handlers_list(struct req *r);
int	api_sip_handlers_get(struct req *r);
int	api_sip_handlers_create(struct req *r);
int	api_sip_handlers_put(struct req *r);
int	api_sip_handlers_delete(struct req *r);

#endif
