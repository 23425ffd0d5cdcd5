/* Switchboard — the Managed IP Phone Assistant: reading a CSV Managed IP
 * Phone list into an import (each row checked by the same rules as a phone
 * created alone, plus duplicates within the file), and Commit Changes,
 * which creates every accepted phone in one transaction or none. */
#ifndef SB_ASSISTANT_H
#define SB_ASSISTANT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "jobs.h"
#include "req.h"

#define ASSISTANT_REPORT_LIST_MAX 1000	/* listed in the report itself */

struct assistant_parse;

/* Start reading a list for r's caller; everything happens in one write
 * transaction on r->db that assistant_parse_finish commits. NULL when the
 * database is busy. */
struct assistant_parse *assistant_parse_new(struct req *r,
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
