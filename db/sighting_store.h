/* Switchboard — what phones say about themselves when they ask the
 * provisioning server for files: model, firmware and User-Agent by MAC. */
#ifndef SB_SIGHTING_STORE_H
#define SB_SIGHTING_STORE_H

#include <jansson.h>

#include "db.h"

struct sighting {
	const char	*mac;		/* normalised */
	const char	*manufacturer;	/* "" when unknown */
	const char	*model;		/* as the phone names it, "" */
	const char	*firmware;	/* "" */
	const char	*user_agent;
	const char	*client_address;
	const char	*path;
};

/* Insert or update, counting requests more requests (a known model or
 * firmware is not forgotten when a request does not carry it). A MAC not
 * seen before is added only while its client address has fewer than
 * per_address sightings that no phone has adopted. DB_OK or DB_ERROR. */
int	 sighting_store_record(struct db *db, const struct sighting *s,
	    int requests, int per_address);
/* {"mac","manufacturer","model","firmware","user_agent","client_address",
 * "last_path","requests","first_seen","last_seen"} or NULL. */
json_t	*sighting_store_get(struct db *db, const char *mac);

/* Provisional phones: MACs seen without a managed IP phone, newest first
 * (at most 1,000): {"items","total"}. */
json_t	*sighting_store_unadopted(struct db *db);

#endif
