/* Switchboard — nightly whole-system backups: the settings (enabled, the
 * hour of the appliance's local time, how many to keep) and the minute
 * tick of the daemon's main loop that queues one once a day at that hour.
 * A nightly backup never holds the secret key: it would need the
 * passphrase stored on the appliance beside the archive, which is no
 * protection at all. */
#ifndef SB_NIGHTLY_BACKUP_H
#define SB_NIGHTLY_BACKUP_H

#include <jansson.h>
#include <stdint.h>

struct db;

#define NIGHTLY_SETTINGS_KEY	"system_backups"

/* The settings {"enabled","hour","keep","include_key":false}, the
 * defaults when none are stored. New reference. */
json_t	*nightly_settings_get(struct db *db);

/* Judge a PUT body: the settings to store (new reference), or NULL with
 * the field and a sentence: enabled a boolean, hour 0 to 23, keep 1 to
 * 90, include_key absent or false. */
json_t	*nightly_settings_check(const json_t *body, const char **field,
	    const char **message);

/* Every minute from the main loop: when enabled, at the hour, and not yet
 * today (local date), queue a system backup job without the key that
 * keeps the newest "keep" nightly archives. */
void	 nightly_backup_tick(struct db *db, int64_t now);

#endif
