/* Switchboard — record versions: the one store of record_versions. Each
 * save of an edited record moves its version on, saying who and when; the
 * API shows the version as the record's ETag. */
#ifndef SB_VERSION_STORE_H
#define SB_VERSION_STORE_H

#include <stdint.h>

#include "db.h"

#define VERSION_WHO_MAX 64

struct record_version {
	int64_t	 version;		/* 1 for a record never saved since */
	char	 changed_by[VERSION_WHO_MAX + 1];	/* "" when unknown */
	int64_t	 changed_at;		/* unix seconds; 0 when unknown */
};

/* The version of record key of kind ("phone", "12"). DB_OK, or DB_ERROR
 * (then v is version 1). */
int	version_store_get(struct db *db, const char *kind, const char *key,
	    struct record_version *v);

/* Move the version on, changed by who now; v gets the new version. Call
 * it in the transaction that changes the record. DB_OK or DB_ERROR. */
int	version_store_bump(struct db *db, const char *kind, const char *key,
	    const char *who, struct record_version *v);

/* As version_store_bump for a record with a numeric id. */
int	version_store_bump_id(struct db *db, const char *kind, int64_t id,
	    const char *who);

#endif
