/* Switchboard — the connector status the Service Center shows: what the
 * store holds decides whether to check (Unify Phone enabled, the wizard's
 * trunk made, an API key, no clone guard), connector_check does the
 * checking, and the result is kept with the time of the check. A watcher
 * thread checks every few minutes; an admin can ask for a check now. */
#ifndef SB_CONNECTOR_STATUS_H
#define SB_CONNECTOR_STATUS_H

#include <jansson.h>

#include "../../db/db.h"
#include "../lib/config.h"

/* Check now, keep the result and return it (new reference):
 * connector_check's fields plus "checked_at"; NULL on a database error.
 * One check at a time: a caller who comes while one runs waits for it
 * and gets its result (connector_status_last). */
json_t	*connector_status_refresh(struct db *db,
	    const struct config *cfg);

/* The last result kept ({"status":"not registered","checked_at":null,…}
 * when none was made yet) plus "checking_every_minutes". New
 * reference. */
json_t	*connector_status_last(struct db *db, const struct config *cfg);

/* Start and stop the watcher (nothing when cfg->unify_check_minutes is
 * 0). It opens its own connection to db_path. 0, or -1 with err set. */
int	 connector_watch_start(const char *db_path, const struct config *cfg,
	    char *err, size_t errlen);
void	 connector_watch_stop(void);

#endif
