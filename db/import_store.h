/* Switchboard — Managed IP Phone Assistant imports: the parsed list, its
 * report and its rows, kept until Commit Changes, and Commit Changes
 * itself as a few set-based statements. */
#ifndef SB_IMPORT_STORE_H
#define SB_IMPORT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* The columns a staged row shares with the rows of its shape. */
#define IMPORT_SHAPE_KEY "template, type, manufacturer, model, " \
	"registration_group"
#include "phone_store.h"

/* A new import (inside the caller's transaction). DB_OK with *id. */
int	 import_store_create(struct db *db, const char *kind,
	    const char *filename, int64_t created_by, int64_t *id);

/* One row of a list as staged: what the list said (address and
 * identification address only when they passed the checks), its warnings
 * as JSON text (NULL: none) and, when it is not accepted, the column and
 * the reason. Strings may be NULL for "". */
struct import_row {
	int		 row_no;
	bool		 accepted;
	const char	*name, *template, *type, *manufacturer, *model;
	const char	*registration_group, *address, *extension, *label;
	const char	*identification_address, *sip_username;
	const char	*warnings;
	const char	*reject_column, *reject_message;
};

/* Stage one row. DB_OK or DB_ERROR. */
int	 import_store_add_row(struct db *db, int64_t id,
	    const struct import_row *row);

/* Staging while a list streams in: rows go to a TEMP table of this
 * connection (no lock on the database is taken for it); once the list is
 * read whole, stage_move copies them under import id inside the caller's
 * write transaction. stage_begin empties the stage; stage_end too. DB_OK
 * or DB_ERROR. */
int	 import_store_stage_begin(struct db *db);
int	 import_store_stage_row(struct db *db, const struct import_row *row);
int	 import_store_stage_move(struct db *db, int64_t id);
void	 import_store_stage_end(struct db *db);

/* Reject the rows that repeat, in any letter case, the name, address or
 * extension of an earlier row of the list: "The same name as row 7." As a
 * row is read, its name is claimed first; its address only when the name
 * was its own, its extension only when the address was too. Rows without
 * a name claim nothing. DB_OK or DB_ERROR. */
int	 import_store_reject_duplicates(struct db *db, int64_t id);

/* Up to limit accepted rows after after_row whose name, address or
 * extension another phone already has: [row_no, …]. */
json_t	*import_store_estate_conflicts(struct db *db, int64_t id,
	    int after_row, int limit);

/* One staged row as {"row","accepted","name","template",…,"warnings",
 * "reject_column","reject_message"}, or NULL. */
json_t	*import_store_row(struct db *db, int64_t id, int row_no);

/* Which of an import's rows a page lists. */
enum import_rows_filter {
	IMPORT_ROWS_ALL,
	IMPORT_ROWS_ACCEPTED,	/* the phones Commit Changes creates */
	IMPORT_ROWS_REJECTED,
	IMPORT_ROWS_WARNINGS,	/* rows with a warning */
};

/* A page of staged rows, in row order, as import_store_row gives them:
 * those f keeps whose name, extension or address holds q (NULL: any),
 * limit of them from offset. New reference. */
json_t	*import_store_rows(struct db *db, int64_t id,
	    enum import_rows_filter f, const char *q, int64_t limit,
	    int64_t offset);

/* How many rows import_store_rows would page through. */
int64_t	 import_store_count_rows(struct db *db, int64_t id,
	    enum import_rows_filter f, const char *q);

/* The import's problems grouped: every warning or rejection with the same
 * severity ("warning" / "rejected"), column and kind of problem (a
 * warning's "group" text, or its message; a rejection's message, "The
 * same name as an earlier row." for every repeat of a name), rejections
 * first, then the largest groups: {"items":[{"severity","column",
 * "message","rows","first_row"}],"total":groups}, limit of them from
 * offset. The header's warnings (extra columns, row 1) are groups of
 * their own. NULL on a database error. */
json_t	*import_store_problem_groups(struct db *db, int64_t id,
	    int64_t limit, int64_t offset);

/* The rows of one group of import_store_problem_groups (severity, column
 * and message as it gives them), in row order: {"items":[{"row","name",
 * "severity","column","message"}],"total":N}, each with its own message,
 * limit of them from offset. NULL on a database error. */
json_t	*import_store_problem_rows(struct db *db, int64_t id,
	    const char *severity, const char *column, const char *message,
	    int64_t limit, int64_t offset);

/* Commit Changes gave the first accepted row the phone id first_id, and
 * every later row its own in step: record it for
 * import_store_created. DB_OK or DB_ERROR. */
int	 import_store_set_created(struct db *db, int64_t id,
	    int64_t first_id);

/* A page of the phones a committed import created, in row order:
 * {"items":[{"row","id","name","address","extension","template",
 * "manufacturer","model","status"}],"total":N}; a phone deleted since has
 * id and status null (its name is the list's). NULL when the import was
 * not committed, or on a database error. */
json_t	*import_store_created(struct db *db, int64_t id, int64_t limit,
	    int64_t offset);

/* Mark one row rejected. DB_OK or DB_ERROR. */
int	 import_store_reject(struct db *db, int64_t id, int row_no,
	    const char *column, const char *message);

/* The report's figures and first lists, from the staged rows:
 * {"accepted","warnings_total","rejected_total","warnings":[…],
 * "rejected":[…]}, each entry {"row","name","column","message"}, each list
 * at most limit long. */
json_t	*import_store_summary(struct db *db, int64_t id, int limit);

/* Record the list's kind ("template" / "tmm"), row count and report. */
int	 import_store_finish(struct db *db, int64_t id, const char *kind,
	    int rows, json_t *report);

/* {"id","kind","state","rows_total","report",…} or NULL. */
json_t	*import_store_get(struct db *db, int64_t id);

/* Every problem of every row, for the downloadable CSV:
 * {"items":[{"row","name","severity","column","message"}]}. */
json_t	*import_store_problems(struct db *db, int64_t id);

int	 import_store_set_state(struct db *db, int64_t id, const char *state);

/* The job Commit Changes started for import id that is queued, running
 * or done; 0 when there is none (never committed, or its job failed). */
int64_t	 import_store_commit_job(struct db *db, int64_t id);

/* Record that job commits import id. DB_OK or DB_ERROR. */
int	 import_store_set_commit_job(struct db *db, int64_t id, int64_t job);

/* Commit Changes, inside the caller's write transaction. */

/* The first accepted row after after_row whose settings (template, type,
 * manufacturer, model, registration_group) no import_store_commit_shape
 * has given yet: its row number, 0 when there is none, -1 on error.
 * Called from 0, each time with the row it gave last, it gives the first
 * row of every distinct setting, in row order. */
int	 import_store_next_shape(struct db *db, int64_t id, int after_row);

/* Start a commit on db. new_secret(arg, context) makes and seals one new
 * password (malloc'd, or NULL on failure); the statements that create
 * phones call it for every provisioning and every SIP password, so its
 * calls also count the work done. DB_OK or DB_ERROR. */
int	 import_store_commit_begin(struct db *db,
	    char *(*new_secret)(void *arg, const char *context), void *arg);

/* The settings every row with the settings of row row_no takes, from
 * that row checked by the phone rules (p, and its first station). DB_OK
 * or DB_ERROR. */
int	 import_store_commit_shape(struct db *db, int64_t id, int row_no,
	    const struct phone_in *p);

#endif
