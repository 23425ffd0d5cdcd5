/* Switchboard — the custom_files table (db/custom_file_store.c writes it):
 * files an admin uploads per manufacturer, served to phones by name. */
#ifndef SB_CUSTOM_FILE_STORE_H
#define SB_CUSTOM_FILE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Put (create or replace; user 0 when unknown), get (caller frees; NULL
 * when absent), list, delete (DB_OK or DB_NOTFOUND). */
int	 custom_store_put(struct db *db, const char *manufacturer,
	    const char *name, const char *data, size_t len, int64_t user);
char	*custom_store_get(struct db *db, const char *manufacturer,
	    const char *name, size_t *len);
json_t	*custom_store_list(struct db *db);
int	 custom_store_delete(struct db *db, const char *manufacturer,
	    const char *name);

#endif
