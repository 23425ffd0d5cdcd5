/* Switchboard — storage of third-party SIP devices with their sealed
 * credential (sip_devices), the regions' border proxies (sip_regions) and
 * the customer's data handlers (sip_data_handlers). Only this store
 * writes these tables. The sealed password never leaves through a list or
 * a record: only sip_device_store_secret and the hand-over rows give it. */
#ifndef SB_SIP_DEVICE_STORE_H
#define SB_SIP_DEVICE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

extern const char *const sip_device_sort_keys[];

/* Devices as {"items","total"}: each {"id","user_name","user_email",
 * "extension","did","manufacturer","model","purpose","region_id","region",
 * "border_proxy","replace_by","requirements":{key: bool},"flagged",
 * "sip_name","credential_at","created_at","updated_at","handed_over_at"}.
 * q matches user, e-mail, numbers, manufacturer, model, purpose, region
 * and SIP name. */
json_t	*sip_device_store_list(struct db *db, const struct db_list_query *lq);
json_t	*sip_device_store_get(struct db *db, int64_t id);

/* Create (id 0; with the new credential) or change (credential ignored)
 * a device as sip_device_parse gives it, in region_id. *out the id.
 * DB_OK, DB_CONFLICT (a number or the SIP name is taken), DB_NOTFOUND,
 * DB_ERROR. */
int	 sip_device_store_put(struct db *db, int64_t id, json_t *device,
	    int64_t region_id, const char *sip_name, const char *sealed,
	    int64_t *out);
int	 sip_device_store_delete(struct db *db, int64_t id);

/* Replace the credential (the old one is gone at once). DB_OK,
 * DB_CONFLICT (name taken), DB_NOTFOUND, DB_ERROR. */
int	 sip_device_store_set_credential(struct db *db, int64_t id,
	    const char *sip_name, const char *sealed);

/* The sealed password of a device (caller frees), or NULL. */
char	*sip_device_store_secret(struct db *db, int64_t id);

/* Who holds an extension or DID besides device except: {"id","user_name",
 * "extension"} or NULL. */
json_t	*sip_device_store_holder(struct db *db, bool did, const char *number,
	    int64_t except);

/* The devices of ids (a JSON array text, see db_ids_text) in hand-over
 * order (extension as a number, then text): each {"id","user_name",
 * "extension","did","manufacturer","model","region","border_proxy",
 * "sip_name","sealed","flagged","unmet_keys":[...]}. New reference. */
json_t	*sip_device_store_for_export(struct db *db, const char *ids);

/* Regions: [{"id","name","border_proxy","devices"}]; one; by name (id or
 * 0); create (id 0) or change; remove (DB_CONFLICT while devices use it). */
json_t	*sip_region_store_list(struct db *db);
json_t	*sip_region_store_get(struct db *db, int64_t id);
int64_t	 sip_region_store_find(struct db *db, const char *name);
int	 sip_region_store_put(struct db *db, int64_t id, json_t *region,
	    int64_t *out);
int	 sip_region_store_delete(struct db *db, int64_t id);

/* Data handlers: [{"id","name","organisation","phone","email",
 * "exports"}]; one; create or change; remove. */
json_t	*sip_handler_store_list(struct db *db);
json_t	*sip_handler_store_get(struct db *db, int64_t id);
int	 sip_handler_store_put(struct db *db, int64_t id, json_t *handler,
	    int64_t *out);
int	 sip_handler_store_delete(struct db *db, int64_t id);

#endif
