/* Switchboard — the backup and cloning guard (seed 003, FAQ 5.3): a system
 * set up from another's configuration must not have the same Unify Phone
 * connector active. The appliance knows itself by an anchor — a digest of
 * the machine's id and the data directory's device and inode — kept in the
 * database beside the system id. A database that wakes up under another
 * anchor (restored from a backup into another data directory or machine,
 * or a copied data directory) while the connector was enabled comes up
 * with the connector disabled and a warning that says why, until an admin
 * re-enables it. */
#ifndef SB_CLONE_GUARD_H
#define SB_CLONE_GUARD_H

#include <jansson.h>
#include <stdbool.h>

#include "../../db/db.h"

#define UNIFY_GUARD_REASON "This configuration was restored or copied " \
	"from another system (another appliance or data directory). The " \
	"Unify Phone connector is disabled so that two systems never use " \
	"the same Unify Phone connector configuration. Uninstall the " \
	"connector on the original system, then re-enable it here."

/* At start-up, after the migrations: compare the anchor of data_dir with
 * the stored one; record it when new, raise the guard (audited as
 * "system") when it moved while Unify Phone was enabled. 0, or -1 on a
 * database error. */
int	 clone_guard_startup(struct db *db, const char *data_dir);

/* The raised guard {"reason","detected_at"} (new reference), or NULL. */
json_t	*clone_guard_get(struct db *db);

/* Lower the guard; with new_identity the system id is drawn anew and the
 * wizard's entries (the original's) are removed, so running the wizard
 * gives this system a trunk of its own. DB_OK, DB_NOTFOUND (no
 * guard raised) or DB_ERROR. Call inside a transaction. */
int	 clone_guard_release(struct db *db, bool new_identity);

#endif
