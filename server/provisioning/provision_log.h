/* Switchboard — what provisioning requests leave behind (last contact,
 * fetched configuration, what phones say about themselves, hourly counts)
 * queued in memory and written in one transaction four times a second,
 * so a phone's GET never waits for a disk sync. Bounded: past
 * PROVISION_LOG_MAX queued events new ones are dropped and counted. */
#ifndef SB_PROVISION_LOG_H
#define SB_PROVISION_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "../../db/db.h"

#define PROVISION_LOG_MAX 50000

struct provision_event {
	int64_t		 phone_id;	/* 0: none */
	const char	*mac;		/* normalised, or NULL */
	const char	*manufacturer, *model, *firmware;	/* or "" */
	const char	*user_agent;
	const char	*client;
	const char	*path;
	const char	*outcome;	/* "served", "not_modified", "denied",
					   "unknown", "missing" */
	bool		 fetched_config;	/* its current configuration */
	bool		 up_to_date;
	bool		 proven;	/* authenticated as the phone */
	bool		 believed;	/* proven, or its first fetch from a
					   trusted network: only then does
					   what it says of itself count */
};

/* Queue (strings are copied). Thread-safe. */
void	provision_log_add(const struct provision_event *e);

/* True while a queued event records phone_id's fetch of its file (not
 * yet written). */
bool	provision_log_fetch_pending(int64_t phone_id);

/* Write what is queued on db, in one transaction. Returns the number of
 * events written, -1 on a database error (the events are dropped). */
int	provision_log_flush(struct db *db);

/* Events dropped because the queue was full, since start. */
int64_t	provision_log_dropped(void);

#endif
