/* Switchboard — what the provisioning server reads and records about
 * phones: lookups by MAC and file name (guid), each phone's provisioning
 * credentials, what a phone fetched, files phones upload, hourly counts. */
#ifndef SB_PROVISION_STORE_H
#define SB_PROVISION_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* The phone with this normalised MAC or this guid: id, or 0. */
int64_t	 provision_store_by_mac(struct db *db, const char *mac);
int64_t	 provision_store_by_guid(struct db *db, const char *guid);
/* A SIP Soft Phone by its full computer name (letter case ignored). */
int64_t	 provision_store_by_computer_name(struct db *db, const char *name);

/* {"id","guid","active","prov_proven","registration_group_id",
 * "location_id","firmware_version","mac","config_fetched_at","model_id",
 * "family","model","registration_group","custom_attributes"} of a phone,
 * or NULL. */
json_t	*provision_store_keys(struct db *db, int64_t id);

/* A station's SIP user name and sealed password (a shared appearance
 * registers with them). DB_OK or DB_NOTFOUND. Caller frees *sealed. */
int	 provision_store_station_creds(struct db *db, int64_t station_id,
	    char *user, size_t userlen, char **sealed);

/* {"id","name","family","address","manufacturer","model",
 * "firmware_image","custom_attributes"} of a phone, or NULL. */
json_t	*provision_store_phone_summary(struct db *db, int64_t id);

/* The sealed provisioning password, or NULL; set one. */
char	*provision_store_password(struct db *db, int64_t id);





/* Files phones upload: kind "override" or "log". */
int	 provision_store_upload_put(struct db *db, const char *mac,
	    const char *name, const char *kind, const char *data, size_t len,
	    const char *client);
char	*provision_store_upload_get(struct db *db, const char *mac,
	    const char *name, size_t *len);
/* [{"name","kind","size","client_address","updated_at"}] of a MAC. */
json_t	*provision_store_uploads(struct db *db, const char *mac);

/* {"AudioCodes":true,"ININ":true}: the makers (named as
 * provision_store_vendor_prefixes names them) that have models with a
 * firmware image, i.e. a TFTP recovery mode. */
json_t	*provision_store_recovery_makers(struct db *db);

/* ["405.img","420hd.img","sip100.img",…]: the firmware images of the
 * models with a recovery mode, lower case as the seed writes them, each
 * once; all of the catalog's, or only those of models with phones. */
json_t	*provision_store_boot_images(struct db *db, bool all);
/* {"Polycom":"00:04:f2,64:16:7f,…",…}, one maker per prefix list. */
json_t	*provision_store_vendor_prefixes(struct db *db);

/* The dashboard: {"by_status":[{"status","count"}],"by_model":[…],
 * "firmware":[{"selected","running","count"}],"provisional":N,
 * "hits":[{"hour","outcome","count"}] of the last 24 hours}. */
json_t	*provision_store_dashboard(struct db *db);

/* Count n requests in this hour's outcome; prune hours older than 8 days
 * now and then. */
void	 provision_store_hit(struct db *db, const char *outcome, int n);

#endif
