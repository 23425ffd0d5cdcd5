/* Switchboard — storage of Unify Phone on OpenScape Business: the system
 * and wizard input by key (unify_config), and the trunks, routes and LCR
 * entries of Expert Mode (unify_objects). Only this store writes them. */
#ifndef SB_UNIFY_STORE_H
#define SB_UNIFY_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

enum unify_put {
	UNIFY_CREATED, UNIFY_UPDATED, UNIFY_UNCHANGED, UNIFY_PUT_ERROR
};

/* The JSON value stored under key ("system", "connectivity", "identity",
 * "run", "status", "guard", "jwt"): new reference, or NULL when not set. */
json_t	*unify_store_get(struct db *db, const char *key);

/* Store value (borrowed) under key. DB_OK or DB_ERROR. */
int	 unify_store_put(struct db *db, const char *key, json_t *value);

/* Remove what key holds. DB_OK, DB_NOTFOUND (nothing was stored) or
 * DB_ERROR. */
int	 unify_store_remove(struct db *db, const char *key);

/* Remove every object the wizard made, and the record of its last run:
 * the system has to run it again. DB_OK or DB_ERROR. */
int	 unify_store_wizard_clear(struct db *db);

/* Every object of kind ("trunk", "route", "lcr") as {"items","total"},
 * each {"id","kind","name","owner","wizard_owned","config","updated_at"}.
 * New reference, NULL on a database error. */
json_t	*unify_store_list(struct db *db, const char *kind);

/* One object by id and kind, or NULL. New reference. */
json_t	*unify_store_object(struct db *db, const char *kind, int64_t id);

/* The wizard's object of wizard_key as {"id","name","config",
 * "updated_at"}, or NULL. New reference. */
json_t	*unify_store_wizard_object(struct db *db, const char *wizard_key);

/* Create or update the wizard's object of wizard_key with name and config
 * (borrowed): UNIFY_CREATED, UNIFY_UPDATED, UNIFY_UNCHANGED (the stored
 * name and config are the same; nothing is written) or UNIFY_PUT_ERROR.
 * *id is the object's id. Call inside a transaction. */
enum unify_put unify_store_wizard_put(struct db *db, const char *kind,
	    const char *wizard_key, const char *name, json_t *config,
	    int64_t *id);

/* Add an object the admin makes by hand; *id is its id. DB_OK or
 * DB_ERROR. */
int	 unify_store_admin_add(struct db *db, const char *kind,
	    const char *name, json_t *config, int64_t *id);

/* Replace name and config of an admin-owned object. DB_OK, DB_NOTFOUND
 * (no such admin-owned object) or DB_ERROR. */
int	 unify_store_admin_update(struct db *db, const char *kind, int64_t id,
	    const char *name, json_t *config);

#endif
