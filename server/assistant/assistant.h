/* Switchboard — the Managed IP Phone Assistant: reading a CSV Managed IP
 * Phone list into an import (each row checked by the same rules as a phone
 * created alone, plus duplicates within the file), and Commit Changes,
 * which creates every accepted phone in one transaction or none. */
#ifndef SB_ASSISTANT_H
#define SB_ASSISTANT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../system/jobs.h"
#include "../../db/db.h"
#include "../../db/import_store.h"
#include "../lib/refusal.h"

#define ASSISTANT_REPORT_LIST_MAX 1000	/* listed in the report itself */

struct assistant_parse;

/* Start reading a list for user user_id: rows are staged while it streams
 * in, and assistant_parse_finish writes the import in one transaction on
 * db. NULL when the database is busy. */
struct assistant_parse *assistant_parse_new(struct db *db, int64_t user_id,
		    const char *filename);

/* Feed bytes as they arrive. 0, or -1 on a severe error. */
int		 assistant_parse_feed(struct assistant_parse *ap,
		    const char *buf, size_t len);

/* Finish: on success commits and returns the import id (> 0); on a severe
 * error rolls everything back and returns -1 with *severe set (static or
 * owned by ap, valid until assistant_parse_free). */
int64_t		 assistant_parse_finish(struct assistant_parse *ap,
		    const char **severe);

/* Roll back if unfinished, and free. Safe on NULL. */
void		 assistant_parse_free(struct assistant_parse *ap);

struct import_row;
struct phone_in;

/* A staged row as the phone body the API takes (tmm: a TMM list's row,
 * else a template list's). New reference. */
json_t		*assistant_row_phone(const struct import_row *ir, bool tmm);

/* A row of import_store_row / import_store_rows into ir (borrowing from
 * row). */
void		 assistant_row_from_json(json_t *row, struct import_row *ir);

/* A page of an import's rows as the API lists them (those f keeps whose
 * name, extension or address holds q, NULL for any, limit of them from
 * offset): [{"row","accepted","phone","problems"}]. New reference. */
json_t		*assistant_rows(struct db *db, int64_t id, bool tmm,
		    enum import_rows_filter f, const char *q, int64_t limit,
		    int64_t offset);

/* Check body by the rules of a phone created alone (phone_input_parse
 * with flags; no password is made). 0 with p filled (release it), or -1
 * with the refusals in rs (p released). */
int		 assistant_check(struct db *db, json_t *body, unsigned flags,
		    struct phone_in *p, struct refusals *rs);

/* Arguments of a commit job. */
struct assistant_commit {
	int64_t	 import_id;
	int64_t	 user_id;
	json_t	*licenses;		/* TMM lists: per station, or NULL */
	json_t	*access_control;	/* TMM lists: per station, or NULL */
};

/* Job: create every accepted phone of the import in one transaction. */
int		 assistant_commit_job(struct job_ctx *ctx, void *arg);
void		 assistant_commit_free(void *arg);

#endif
