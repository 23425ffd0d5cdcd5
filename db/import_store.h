/* Switchboard — Managed IP Phone Assistant imports: the parsed list, its
 * report and its rows, kept until Commit Changes. */
#ifndef SB_IMPORT_STORE_H
#define SB_IMPORT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* A new import (inside the caller's transaction). DB_OK with *id. */
int	 import_store_create(struct db *db, const char *kind,
	    const char *filename, int64_t created_by, int64_t *id);

/* Stage one row. problems is borrowed. DB_OK or DB_ERROR. */
int	 import_store_add_row(struct db *db, int64_t id, int row_no,
	    int accepted, json_t *phone, json_t *problems);

/* Remember a key (kind "name", "address", "extension") of row_no; if
 * another row already has it, DB_CONFLICT with *other_row set. Uses a
 * TEMP table of the connection, so memory stays flat. */
int	 import_store_claim(struct db *db, const char *kind, const char *key,
	    int row_no, int *other_row);
void	 import_store_claims_reset(struct db *db);

/* Record the list's kind ("template" / "tmm"), row count and report. */
int	 import_store_finish(struct db *db, int64_t id, const char *kind,
	    int rows, json_t *report);

/* {"id","kind","state","rows_total","report",…} or NULL. */
json_t	*import_store_get(struct db *db, int64_t id);

/* Staged rows, in order: [{"row","accepted","phone","problems"}]. */
json_t	*import_store_rows(struct db *db, int64_t id, int64_t limit,
	    int64_t offset);
/* The next page of accepted rows after row number after_row (keyset paging,
 * so a commit of 100,000 rows does not skip over what it has read). */
json_t	*import_store_accepted_after(struct db *db, int64_t id, int64_t limit,
	    int after_row);

/* Every problem of every row, for the downloadable CSV. */
json_t	*import_store_problems(struct db *db, int64_t id);

int	 import_store_set_state(struct db *db, int64_t id, const char *state);

#endif
