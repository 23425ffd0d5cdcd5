/* Switchboard — managed IP phones and their station appearances. */
#ifndef SB_PHONE_STORE_H
#define SB_PHONE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

#define PHONE_MAX_STATIONS 12

/* The contexts secrets of phones are sealed under (seal.h). */
#define PHONE_STATION_SECRET_CONTEXT	"station.sip_password"
#define PHONE_PROV_SECRET_CONTEXT	"phone.provisioning_password"

/* A phone's status, the seed's rules in one place (SQL, for the statements
 * of phone_store.c that write it and the readers that show it):
 * - a phone without an address is "Not provisioned"; one with an address
 *   is "Not registered" until it fetches its configuration;
 * - an edit that gives a phone an address makes "Not provisioned" "Not
 *   registered"; one that takes it away, "Not provisioned";
 * - a fetch of its configuration makes it "Up-to-date" when it runs the
 *   firmware it should, else "Not registered";
 * - shown: "Reboot pending" while a change waits for its next fetch. */
#define PHONE_STATUS_NEW(address) "CASE WHEN " address " IS NULL THEN " \
	"'Not provisioned' ELSE 'Not registered' END"
#define PHONE_STATUS_EDITED(address) "CASE WHEN " address " IS NULL THEN " \
	"'Not provisioned' WHEN status = 'Not provisioned' THEN " \
	"'Not registered' ELSE status END"
#define PHONE_STATUS_FETCHED(up_to_date) "CASE WHEN " up_to_date " THEN " \
	"'Up-to-date' ELSE 'Not registered' END"
#define PHONE_STATUS_SHOWN(p) "CASE WHEN " p "reboot_pending THEN " \
	"'Reboot pending' ELSE " p "status END"

/* SQL for the options of a phone or template: the keys stored in col over
 * the defaults of family fam (an option added after the row was saved
 * reads as its default; "{}" is all defaults); which is
 * "options" or "advanced_options". */
#define PHONE_OPTIONS_SQL(col, fam, which) "json_patch(coalesce((SELECT " \
	"fo." which " FROM family_options fo WHERE fo.family = " fam "), " \
	"'{}'), " col ")"

/* Record a family's default options (JSON texts). DB_OK or DB_ERROR. */
int	 phone_store_set_family_options(struct db *db, const char *family,
	    const char *options, const char *advanced_options);

/* A catalog model, as phone rules need it. */
struct catalog_model {
	int64_t	id;
	char	manufacturer[32];
	char	name[64];
	char	family[16];
	char	address_kind[16];
	char	mac_prefixes[64];
	char	languages[1024];
	bool	srtp, selectable_firmware, standalone_allowed;
	int	max_registrations;
};

struct station_in {
	int64_t		 keep_id;	/* existing station whose password stays */
	char		 extension[16];	/* "" for blank */
	char		 label[65];
	char		 identification_address[256];
	int		 line_keys;
	int		 calls_per_line_key;
	char		 sip_username[65];
	char		*sealed_password;	/* owned */
	bool		 sharable;
	char		*licenses;		/* JSON text, owned */
	char		*access_control;	/* JSON text, owned */
	char		 auto_conference_pin[11];	/* "" for none */
	char		*call_forwarding;	/* JSON text, owned */
	char		*station_options;	/* JSON text, owned */
};

#define PHONE_MAX_EXTRAS 12

struct shared_in {
	int64_t		 station_id;
	char		 label[65];
	int		 line_keys;
};

struct external_in {
	char		 label[65];
	char		 identification_address[256];
	int64_t		 registration_group_id;
	int		 line_keys;
	int		 calls_per_line_key;
	char		 auth_username[65];	/* "" when not used */
	char		*sealed_password;	/* owned, NULL when not used */
	char		 display_name[65];
};

struct phone_in {
	int64_t		 template_id;	/* 0: none */
	char		 name[65];
	bool		 active;
	char		 type[16];
	struct catalog_model model;
	char		 address[256];	/* "" for not provisioned */
	int64_t		 registration_group_id;
	int64_t		 location_id;
	char		 firmware_version[48];
	char		 audio_protocol[8];
	char		 time_zone[64];
	char		 language[64];
	char		*options, *advanced_options, *custom_attributes; /* JSON */
	char		*sealed_prov_password;	/* new phones: provisioning
						   password, owned */
	struct station_in stations[PHONE_MAX_STATIONS];
	int		 nstations;
	struct shared_in shared[PHONE_MAX_EXTRAS];
	int		 nshared;
	struct external_in externals[PHONE_MAX_EXTRAS];
	int		 nexternals;
};

extern const char *const phone_store_sort_keys[];

/* Model by manufacturer name and match key. DB_OK or DB_NOTFOUND. */
int	 catalog_store_find_model(struct db *db, const char *manufacturer,
	    const char *match_key, struct catalog_model *m);
bool	 catalog_store_model_has_firmware(struct db *db, int64_t model_id,
	    const char *version);

/* Registration group / location by name: id, or 0 if none. For the group
 * also its kind, number of registrations and whether the first is DNS SRV
 * (dns_srv may be NULL). */
int64_t	 phone_store_group_by_name(struct db *db, const char *name,
	    char kind[16], int *nregs, bool *dns_srv);
int64_t	 phone_store_location_by_name(struct db *db, const char *name);

/* Would these values collide with another phone (except_id)? */
bool	 phone_store_name_taken(struct db *db, const char *name,
	    int64_t except_id);
bool	 phone_store_address_taken(struct db *db, const char *address,
	    int64_t except_id);
bool	 phone_store_extension_taken(struct db *db, const char *extension,
	    int64_t except_phone, int64_t except_station);

/* License pool: total (-1 for no limit) and stations holding it outside
 * except_phone. DB_OK or DB_NOTFOUND (no such license). */
int	 phone_store_license_use(struct db *db, const char *license,
	    int64_t except_phone, int64_t *total, int64_t *used);

/* Is there a dial plan classification of this name? */
bool	 phone_store_classification_exists(struct db *db, const char *name);

/* For a shared appearance: the station's phone id and whether it is
 * sharable. DB_OK or DB_NOTFOUND. */
int	 phone_store_station_share(struct db *db, int64_t station_id,
	    int64_t *phone_id, bool *sharable);

/* How many other phones show station_id as a shared appearance. */
int	 phone_store_station_shared_count(struct db *db, int64_t station_id);

/* The sealed password of external registration number position (1-based)
 * of phone_id, or NULL. Caller frees. */
char	*phone_store_external_secret(struct db *db, int64_t phone_id,
	    int position);

/* The sealed SIP password of station_id on phone_id, or NULL. Caller frees. */
char	*phone_store_station_secret(struct db *db, int64_t station_id,
	    int64_t phone_id);

/* The station type of a phone of p's type: "Managed Stand-alone Phone"
 * or "Managed Workstation". */
const char *phone_store_station_type(const struct phone_in *p);

/* Create (id 0) or replace a phone with its stations, inside a
 * transaction. mark_reboot: a phone that has fetched its configuration
 * becomes "Reboot pending". DB_OK (with *new_id), DB_CONFLICT, DB_ERROR. */
int	 phone_store_save(struct db *db, int64_t id, const struct phone_in *p,
	    int64_t *new_id);

/* The container view: {"items":[…],"total"}. */
json_t	*phone_store_list(struct db *db, const struct db_list_query *lq);

/* Every row of the container view matching q (for exports), sorted. */
json_t	*phone_store_list_all(struct db *db, const struct db_list_query *lq);

/* One phone with its stations (never their passwords). */
json_t	*phone_store_get(struct db *db, int64_t id);

/* One station appearance as the phone's record lists it, or NULL. */
json_t	*phone_store_station_get(struct db *db, int64_t station_id);

/* Station appearances across phones, each with its phone's id, name,
 * model, address and status: {"items","total"}, sorted by one of
 * phone_store_station_sort_keys. */
extern const char *const phone_store_station_sort_keys[];
json_t	*phone_store_stations(struct db *db, const struct db_list_query *lq);

int	 phone_store_delete(struct db *db, int64_t id);

/* The ids of the phones the phone list's filter q (NULL or "": all)
 * matches, at most max, in id order: a new array (caller frees, NULL when
 * none) and its count in *n. */
int64_t	*phone_store_ids_matching(struct db *db, const char *q, size_t max,
	    size_t *n);

/* How many of the n phones ids are in Reboot pending. */
int64_t	 phone_store_count_reboot_pending(struct db *db, const int64_t *ids,
	    size_t n);

/* For Change Multiple IP Phones on the n phones ids: {"count", "models":
 * [{"manufacturer","model","phones","selectable_firmware"}],
 * "firmware_versions": the versions every one of those models has, newest
 * first ([] when a model has no selectable firmware)}. */
json_t	*phone_store_bulk_choices(struct db *db, const int64_t *ids, size_t n);

/* Free the owned members of p. */
void	 phone_in_release(struct phone_in *p);

/* Commit Changes of import id (its shapes checked and in temp.commit_shapes,
 * import_store_commit_shape): a phone and its station appearance for every
 * accepted row, with
 * ids from *first_id on (set here) in row order. Returns how many, or -1
 * (a constraint or an error). */
int64_t	 phone_store_commit_import(struct db *db, int64_t id,
	    int64_t *first_id);

/* Licenses asked for and not held. The Assistant's commit takes license
 * off the stations of phones from first_phone on that hold it, all but
 * the first keep of them (in id order), and notes it missing on each:
 * how many, or -1. */
int64_t	 phone_store_withhold_license(struct db *db, int64_t first_phone,
	    const char *license, int64_t keep);

/* The appearances of phones from first_phone on (0: all) waiting for a
 * license, one item per license, filtered by lq->q (phone, extension,
 * label, license), by phone name: {"items":[{"station_id","phone_id",
 * "phone","position","extension","label","license"}],"total"}. */
json_t	*phone_store_missing_licenses(struct db *db, int64_t first_phone,
	    const struct db_list_query *lq);

/* How many of each license the stations ids (a JSON id list, NULL: all)
 * wait for: {"Client Access":3,…}. New reference. */
json_t	*phone_store_missing_wanted(struct db *db, const char *ids);

/* Give the stations ids (NULL: all) every license they wait for: how
 * many stations, or -1. The caller checked the pools. */
int64_t	 phone_store_grant_missing(struct db *db, const char *ids);

/* Up to limit phones from first_id on: [{"id","name","address"}]. */
json_t	*phone_store_created(struct db *db, int64_t first_id, int limit);

/* What the provisioning server learns of a phone (written only for
 * requests that proved they are the phone), and its credentials. */
int	 phone_store_set_prov_password(struct db *db, int64_t id,
	    const char *sealed);

/* A request from the phone: last contact, User-Agent, client address;
 * firmware when known ("" keeps it). */
int	 phone_store_contact(struct db *db, int64_t id, const char *ua,
	    const char *firmware, const char *client);

/* The phone fetched its current configuration: no reboot pending any
 * more; status "Up-to-date" when up_to_date, else "Not registered";
 * proven marks that it authenticated with its own credentials. */
int	 phone_store_fetched(struct db *db, int64_t id, bool up_to_date,
	    bool proven);

/* Start the proof over: no password, not proven, never fetched.
 * DB_OK or DB_NOTFOUND. */
int	 phone_store_prov_reset(struct db *db, int64_t id);

/* Give a phone without an address this MAC (adopting a provisional
 * phone). DB_OK, DB_NOTFOUND (no such phone, or it has an address),
 * DB_CONFLICT (another phone has the MAC). */
int	 phone_store_assign_mac(struct db *db, int64_t id, const char *mac);

/* The phones that can take MAC mac (normalised): no address yet, a model
 * with a MAC address (never a SIP Soft Phone), of a manufacturer whose
 * prefixes hold the MAC's, and of manufacturer when it is not ""; for a
 * soft phone's computer name (no ':'), the SIP Soft Phones without an
 * address. q (NULL:
 * all) filters by name or extension. Sorted by name, at most limit:
 * {"items":[{"id","name","manufacturer","model","extensions"}],"total"}. */
json_t	*phone_store_adoption_candidates(struct db *db, const char *mac,
	    const char *manufacturer, const char *q, int limit);

#endif
