/* Switchboard — the templates table (db/template_store.c writes it). */
#ifndef SB_TEMPLATE_STORE_H
#define SB_TEMPLATE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "phone_store.h"

extern const char *const template_store_sort_keys[];

/* Create (id 0) or replace a template from p (its name, type, model,
 * settings and the first station's line keys, calls, licenses and access
 * control as station defaults). DB_OK (with *new_id), DB_CONFLICT,
 * DB_NOTFOUND, DB_ERROR. */
int	 template_store_save(struct db *db, int64_t id, const struct phone_in *p,
	    int64_t *new_id);
json_t	*template_store_get(struct db *db, int64_t id);
int64_t	 template_store_by_name(struct db *db, const char *name);
json_t	*template_store_list(struct db *db, const struct db_list_query *lq);
/* DB_OK, DB_NOTFOUND, DB_CONFLICT (phones use it). */
int	 template_store_delete(struct db *db, int64_t id);

#endif
