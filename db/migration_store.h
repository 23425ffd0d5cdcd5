/* Switchboard — Polycom migrations of the Managed IP Phone Assistant: the
 * migration, its items (one per master configuration file found), and the
 * configuration files while a directory is being read (a TEMP table of the
 * reading connection, so nothing of them stays behind). */
#ifndef SB_MIGRATION_STORE_H
#define SB_MIGRATION_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

int	 migration_store_create(struct db *db, const char *source,
	    int64_t created_by, int64_t *id);
/* DB_OK, DB_CONFLICT (this MAC has an item already) or DB_ERROR. */
int	 migration_store_add_item(struct db *db, int64_t id, const char *mac,
	    const char *file, const char *first_display_name, json_t *found);
int	 migration_store_set_report(struct db *db, int64_t id, json_t *report);
/* The migration without its items, or NULL. */
json_t	*migration_store_get(struct db *db, int64_t id);
/* Newest first, at most 50: {"items","total"}. */
json_t	*migration_store_list(struct db *db);
/* Every item, ordered by MAC: mac, file, first_display_name, found,
 * selected, build, result. */
json_t	*migration_store_items(struct db *db, int64_t id);
int	 migration_store_set_build(struct db *db, int64_t id,
	    const char *mac, int selected, json_t *build);
int	 migration_store_set_item_result(struct db *db, int64_t id,
	    const char *mac, json_t *result);
/* state, and whichever of settings, backup, result is not NULL. */
int	 migration_store_set_state(struct db *db, int64_t id,
	    const char *state, json_t *settings, const char *backup,
	    json_t *result);
int	 migration_store_delete(struct db *db, int64_t id);

/* The files being read: begin empties the table; get returns the content
 * of path (letter case ignored, as on the Windows TFTP servers these
 * directories come from) or NULL; the caller frees. */
int	 migration_store_files_begin(struct db *db);
int	 migration_store_files_put(struct db *db, const char *path,
	    const char *data, size_t len);
char	*migration_store_files_get(struct db *db, const char *path,
	    size_t *len);
/* Paths, shallowest first. */
json_t	*migration_store_files_paths(struct db *db);
void	 migration_store_files_end(struct db *db);

#endif
