/* Switchboard — the Assistant's Commit Changes: every accepted row of an
 * import becomes a phone, in one transaction or not at all.
 *
 * The rows are checked again, because the estate may have changed since
 * the parse report, and then created set-based:
 * - every distinct template / type / model / proxy group of the list is
 *   checked by the rules of a phone created alone, on its first row, and
 *   what it resolves to (model, group, location, options, station
 *   defaults, the wizard's licenses and access control) is kept once;
 * - no row may have a name, address or extension another phone has now;
 *   the first that does fails the commit with the rule's own words;
 * - the rows then become phones, and station appearances, with one
 *   INSERT … SELECT each; every password comes from an SQL function,
 *   whose calls also move the progress bar, and is made and sealed ahead
 *   on the other core (password_supply.c) while SQLite writes;
 * - license pools are checked once, at the end, where every new station
 *   is counted; the stations past a pool's total wait for that license
 *   (License Allocation) and the result says so, in the seed's words.
 * The job's connection holds the write lock from the first check to the
 * commit, so nothing changes in between; UNIQUE constraints stay the last
 * word. */
#include "assistant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/import_store.h"
#include "../../db/license_store.h"
#include "../../db/phone_store.h"
#include "../phones/license_allocation.h"
#include "../phones/password_supply.h"
#include "../phones/phone_input.h"
#include "../lib/util.h"

#define PROGRESS_STEP	1000	/* passwords between progress reports */

/* Two passwords a row: its phone's provisioning one, its station's SIP
 * one. */
struct progress {
	struct job_ctx	*ctx;
	int64_t		 total;		/* rows */
	int64_t		 made;		/* passwords */
	struct password_supply *supply;
};

/* Licenses and access control chosen in the wizard apply to every station
 * appearance of a TMM list. */
static void
apply_choices(json_t *phone, const struct assistant_commit *c)
{
	json_t *st;
	size_t i;

	json_array_foreach(json_object_get(phone, "stations"), i, st) {
		if (c->licenses)
			json_object_set(st, "licenses", c->licenses);
		if (c->access_control)
			json_object_set(st, "access_control", c->access_control);
	}
}

static char *
new_secret(void *arg, const char *context)
{
	struct progress *pr = arg;

	if (++pr->made % PROGRESS_STEP == 0)
		job_progress(pr->ctx, pr->made / 2, pr->total);
	return password_supply_take(pr->supply, context);
}

static void
row_failed(struct job_ctx *ctx, int row, const struct refusals *rs)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "Row %d: %s Nothing was created.", row,
	    refusals_message(rs));
	job_set_result(ctx, json_pack("{s:i,s:o}", "row", row, "error",
	    refusals_error(rs)));
	job_fail(ctx, msg);
}

/* Check one staged row in full, with the wizard's choices. 0 with p
 * filled (release it), or -1 with the job failed naming the row. */
static int
check_row(struct job_ctx *ctx, struct db *db, const struct assistant_commit *c,
    bool tmm, int row_no, struct phone_in *p)
{
	json_t *row = import_store_row(db, c->import_id, row_no), *body;
	struct refusals rs;
	struct import_row ir;
	int rc;

	if (row == NULL) {
		job_fail(ctx, "The list is gone; nothing was created.");
		return -1;
	}
	assistant_row_from_json(row, &ir);
	body = assistant_row_phone(&ir, tmm);
	apply_choices(body, c);
	refusals_init(&rs);
	rs.row = row_no;
	rc = assistant_check(db, body, PHONE_INPUT_NO_LICENSE_FIT, p, &rs);
	json_decref(body);
	json_decref(row);
	if (rc != 0)
		row_failed(ctx, row_no, &rs);
	refusals_release(&rs);
	return rc;
}

/* What each distinct setting of the list resolves to now. */
static int
resolve_shapes(struct job_ctx *ctx, struct db *db,
    const struct assistant_commit *c, bool tmm)
{
	struct phone_in p;
	int row = 0, rc;

	while ((row = import_store_next_shape(db, c->import_id, row)) > 0) {
		if (check_row(ctx, db, c, tmm, row, &p) != 0)
			return -1;
		rc = import_store_commit_shape(db, c->import_id, row, &p);
		phone_in_release(&p);
		if (rc != DB_OK)
			break;
	}
	if (row == 0)
		return 0;
	job_fail(ctx, "The phones could not be saved; nothing was created.");
	return -1;
}

/* No row may take a name, address or extension the estate has now. */
static int
estate_free(struct job_ctx *ctx, struct db *db,
    const struct assistant_commit *c, bool tmm)
{
	json_t *rows = import_store_estate_conflicts(db, c->import_id, 0, 1);
	struct phone_in p;
	int row_no;

	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return 0;
	}
	row_no = (int)json_integer_value(json_array_get(rows, 0));
	json_decref(rows);
	if (check_row(ctx, db, c, tmm, row_no, &p) == 0) {
		/* The rules found nothing: a case they do not word. */
		char msg[160];

		phone_in_release(&p);
		snprintf(msg, sizeof(msg), "Row %d: another phone has its name, "
		    "address or extension. Nothing was created.", row_no);
		job_fail(ctx, msg);
	}
	return -1;
}

/* The job's result: what was created and, when the pools ran short, the
 * seed's message and the Review list of every appearance left without
 * its license (the first ASSISTANT_REPORT_LIST_MAX of them). */
static json_t *
commit_result(struct db *db, const struct assistant_commit *c, int64_t done,
    int64_t first_id, int64_t waiting)
{
	struct db_list_query all = { NULL, 0, 0, ASSISTANT_REPORT_LIST_MAX, 0 };
	json_t *out = json_pack("{s:I,s:I,s:o}", "import_id",
	    (json_int_t)c->import_id, "created", (json_int_t)done, "phones",
	    phone_store_created(db, first_id, ASSISTANT_REPORT_LIST_MAX));
	json_t *review;

	if (waiting <= 0)
		return out;
	review = phone_store_missing_licenses(db, first_id, &all);
	json_object_set_new(out, "message", json_string(
	    LICENSE_ALLOCATION_SHORT));
	json_object_set(out, "review", json_object_get(review, "items"));
	json_object_set(out, "review_total", json_object_get(review,
	    "total"));
	json_decref(review);
	return out;
}

int
assistant_commit_job(struct job_ctx *ctx, void *arg)
{
	struct assistant_commit *c = arg;
	/* The phones go in through a connection of their own, in one
	 * transaction; progress goes through the runner's and shows live. */
	struct db *db = job_open_db(ctx);
	json_t *imp = db ? import_store_get(db, c->import_id) : NULL;
	json_t *pools = NULL;
	struct progress pr = { ctx, 0, 0, NULL };
	static const char *const contexts[] = { PHONE_PROV_SECRET_CONTEXT,
	    PHONE_STATION_SECRET_CONTEXT };
	int64_t done, first_id, waiting;
	int rc = -1;
	bool tmm;

	if (imp == NULL || strcmp(json_string_value(json_object_get(imp,
	    "state")), "parsed") != 0) {
		job_fail(ctx, "This list was committed already or is gone.");
		goto out;
	}
	tmm = strcmp(json_string_value(json_object_get(imp, "kind")), "tmm")
	    == 0;
	pr.total = json_integer_value(json_object_get(json_object_get(imp,
	    "report"), "accepted"));
	/* Every reference a new row holds is checked once per shape inside
	 * this transaction (model, group, location, template), and each
	 * station's phone is created by the statement before it: checking
	 * them again for every row would only repeat that. The connection is
	 * this job's own and closes with it. */
	db_exec(db, "PRAGMA foreign_keys=OFF");
	if (db_begin(db) != 0) {
		job_fail(ctx, "The database is busy; try again.");
		goto out;
	}
	job_progress(ctx, 0, pr.total);
	pools = license_store_limited(db);
	if (import_store_commit_begin(db, new_secret, &pr) != DB_OK) {
		job_fail(ctx, "The commit could not start; try again.");
		goto fail;
	}
	if (resolve_shapes(ctx, db, c, tmm) != 0 ||
	    estate_free(ctx, db, c, tmm) != 0)
		goto fail;
	/* The phones' passwords first, then the stations': the order the
	 * two INSERTs ask for them. */
	pr.supply = password_supply_start(contexts, 2, pr.total);
	done = phone_store_commit_import(db, c->import_id, &first_id);
	password_supply_stop(pr.supply);
	if (done < 0) {
		job_fail(ctx, "The phones could not be saved; nothing was "
		    "created.");
		goto fail;
	}
	/* "If you exceed the total count of licenses, a message appears":
	 * the phones are created all the same, and the appearances past a
	 * pool's total wait for that license on License Allocation. */
	if ((waiting = license_allocation_withhold(db, pools, first_id)) < 0) {
		job_fail(ctx, "The phones could not be saved; nothing was "
		    "created.");
		goto fail;
	}
	/* The job says done in the same transaction as its phones. */
	if (import_store_set_state(db, c->import_id, "committed") != DB_OK ||
	    import_store_set_created(db, c->import_id, first_id) != DB_OK ||
	    job_done_in(ctx, db, commit_result(db, c, done, first_id,
	    waiting)) != 0 || db_commit(db) != 0) {
		job_fail(ctx, "The phones could not be saved; nothing was "
		    "created.");
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	json_decref(pools);
	json_decref(imp);
	db_close(db);
	return rc;
}

void
assistant_commit_free(void *arg)
{
	struct assistant_commit *c = arg;

	json_decref(c->licenses);
	json_decref(c->access_control);
	free(c);
}
