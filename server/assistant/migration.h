/* Switchboard — the Managed IP Phone Assistant's migration of existing
 * (unmanaged) Polycom SIP stations, as the seed's wizard does it:
 * read the configuration directory into migration items (each
 * XXXXXXXXXXXX.cfg whose root APPLICATION element has CONFIG_FILES, with
 * the registrations the files it lists give, first file wins), Build
 * Migration Items (phone name format, default model, errors, warnings and
 * details per item), and the migration itself as a job. */
#ifndef SB_MIGRATION_H
#define SB_MIGRATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../system/jobs.h"
#include "../../db/db.h"
#include "tftp_root.h"

#define MIGRATION_REGS_MAX 34		/* reg.1 … reg.34 on Polycom */
#define MIGRATION_NAME_FORMAT_MAX 100

/* Read an uploaded archive (rd supplies its bytes) or a folder on the
 * appliance into a new migration. Returns its id, or -1 with the reason
 * in err; nothing is kept then. */
int64_t	migration_scan_archive(struct db *db, int64_t user_id,
	    const char *filename, tftp_root_read_fn rd, void *rarg, char *err,
	    size_t errlen);
int64_t	migration_scan_dir(struct db *db, int64_t user_id, const char *dir,
	    char *err, size_t errlen);

/* The phone name the format gives: "$FirstPrivateStation$" and "$MAC$"
 * (case-sensitive) substituted; a format with neither is numbered
 * "_<n>". Returns 0, or -1 with the reason in err. */
int	migration_phone_name(const char *format, const char *first_display,
	    const char *mac, int n, char *out, size_t outlen, char *err,
	    size_t errlen);

/* Build Migration Items: settings {"default_model","name_format","type",
 * "registration_group","location"} already checked by the caller, macs
 * the selected items. Stores each item's build and the settings; returns
 * {"items":[…],"with_errors","with_warnings","clean"}, or NULL with *busy
 * true when the database was busy, false when the items could not be
 * stored. */
json_t	*migration_build(struct db *db, int64_t id, json_t *settings,
	    json_t *macs, bool *busy);

/* The migration job: creates a phone and its station appearances for each
 * selected item built without errors, all in one transaction. */
struct migration_run {
	int64_t	 id;
	int64_t	 user_id;
};
int	migration_run_job(struct job_ctx *ctx, void *arg);

/* Remove what must not leave the appliance (sealed passwords) from a
 * migration's items before they are shown. */
void	migration_items_public(json_t *items);

#endif
