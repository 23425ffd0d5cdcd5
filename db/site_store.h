/* Switchboard — the small reference tables phones point at: locations, SIP
 * lines and managed SIP proxies. Permanent rows (<Default Location>,
 * <Stations-UDP>, <Stations-TLS>) cannot be renamed or deleted. */
#ifndef SB_SITE_STORE_H
#define SB_SITE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

enum site_table { SITE_LOCATION, SITE_LINE, SITE_PROXY };

struct location_row {
	const char	*name;
	const char	*time_zone;
	const char	*sntp_server;
	const char	*codec_preference;	/* JSON array text */
	const char	*after_hours_start;	/* "HH:MM", local time */
	const char	*after_hours_end;
};

struct line_row {
	const char	*name;
	const char	*transport;
	int		 port;
	const char	*address;
};

struct proxy_row {
	const char	*name;
	const char	*address;
	int		 port;
	int64_t		 location_id;
};

extern const char *const site_store_sort_keys[3][4];

json_t	*site_store_list(struct db *db, enum site_table t,
	    const struct db_list_query *lq);
json_t	*site_store_get(struct db *db, enum site_table t, int64_t id);

/* 1 if the row exists and is permanent, 0 if it exists, DB_NOTFOUND
 * (as -2) if not. */
int	 site_store_permanent(struct db *db, enum site_table t, int64_t id);

/* Create / replace. DB_OK (with *id on create), DB_CONFLICT (name taken,
 * or a referenced row missing), DB_NOTFOUND, DB_ERROR. */
int	 location_store_save(struct db *db, int64_t id,
	    const struct location_row *l, int64_t *new_id);
int	 line_store_save(struct db *db, int64_t id, const struct line_row *l,
	    int64_t *new_id);
int	 proxy_store_save(struct db *db, int64_t id, const struct proxy_row *p,
	    int64_t *new_id);

/* Delete; DB_CONFLICT while something still points at the row. */
int	 site_store_delete(struct db *db, enum site_table t, int64_t id);

#endif
