/* Switchboard — reboot campaigns and their per-phone items. */
#include "reboot_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"
#include "phone_store.h"

static const char sql_phone[] = "SELECT p.id, p.name, p.location_id, "
    "l.time_zone, "
    "l.after_hours_start, l.after_hours_end FROM phones p JOIN locations l "
    "ON l.id = p.location_id WHERE p.id = ?1";
static const char sql_pending_phones[] = "SELECT p.id, p.name, "
    "p.location_id, l.time_zone, l.after_hours_start, l.after_hours_end FROM phones p "
    "JOIN locations l ON l.id = p.location_id WHERE p.reboot_pending = 1 "
    "AND p.active ORDER BY p.name";

static void
phone_row(sqlite3_stmt *st, struct reboot_phone *p)
{
	p->id = sqlite3_column_int64(st, 0);
	snprintf(p->name, sizeof(p->name), "%s",
	    (const char *)sqlite3_column_text(st, 1));
	p->location_id = sqlite3_column_int64(st, 2);
	snprintf(p->time_zone, sizeof(p->time_zone), "%s",
	    (const char *)sqlite3_column_text(st, 3));
	snprintf(p->after_start, sizeof(p->after_start), "%s",
	    (const char *)sqlite3_column_text(st, 4));
	snprintf(p->after_end, sizeof(p->after_end), "%s",
	    (const char *)sqlite3_column_text(st, 5));
}

int
reboot_store_phones(struct db *db, const int64_t *ids, size_t n,
    struct reboot_phone **out, size_t *count, int64_t *missing)
{
	sqlite3_stmt *st;
	size_t cap = ids ? n : 64, i;
	int rc;

	*out = xcalloc(cap ? cap : 1, sizeof(**out));
	*count = 0;
	*missing = 0;
	if (ids == NULL) {
		st = db_stmt(db, sql_pending_phones);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (*count == cap) {
				cap *= 2;
				*out = xrealloc(*out, cap * sizeof(**out));
			}
			phone_row(st, &(*out)[(*count)++]);
		}
		db_done(st);
		return rc == SQLITE_DONE ? DB_OK : db_step_error(db, rc);
	}
	st = db_stmt(db, sql_phone);
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			phone_row(st, &(*out)[(*count)++]);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE && *missing == 0)
			*missing = ids[i];
		else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			db_done(st);
			return db_step_error(db, rc);
		}
	}
	db_done(st);
	return DB_OK;
}

static const char sql_create[] = "INSERT INTO reboot_campaigns (job_id, "
    "created_by, created_by_name, created_at, when_kind, run_at, rate, "
    "max_concurrent, state, retry_of) VALUES (?1, nullif(?2, 0), ?3, ?4, "
    "?5, ?6, ?7, ?8, 'scheduled', nullif(?9, 0))";
static const char sql_item[] = "INSERT INTO reboot_items (campaign_id, "
    "phone_id, phone_name, location_id, not_before) VALUES (?1, ?2, ?3, "
    "?4, ?5)";

int
reboot_store_create(struct db *db, const struct reboot_new *c,
    const struct reboot_phone *phones, const int64_t *not_before, size_t n,
    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, sql_create);
	size_t i;
	int rc;

	sqlite3_bind_int64(st, 1, c->job_id);
	sqlite3_bind_int64(st, 2, c->created_by);
	db_bind_text(st, 3, c->created_by_name);
	sqlite3_bind_int64(st, 4, now_unix());
	db_bind_text(st, 5, c->when_kind);
	sqlite3_bind_int64(st, 6, c->run_at);
	sqlite3_bind_double(st, 7, c->rate);
	sqlite3_bind_int(st, 8, c->max_concurrent);
	sqlite3_bind_int64(st, 9, c->retry_of);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	st = db_stmt(db, sql_item);
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, phones[i].id);
		db_bind_text(st, 3, phones[i].name);
		sqlite3_bind_int64(st, 4, phones[i].location_id);
		sqlite3_bind_int64(st, 5, not_before[i]);
		if ((rc = db_run(db, st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

static const char sql_failed_phones[] = "SELECT json_group_array(phone_id) "
    "FROM reboot_items WHERE campaign_id = ?1 AND phone_id IS NOT NULL AND "
    "state IN ('rejected', 'no answer', 'failed')";

json_t *
reboot_store_failed_phones(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_failed_phones);
	char *text;
	json_t *a;

	sqlite3_bind_int64(st, 1, id);
	text = db_get_text(st);
	a = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return a ? a : json_array();
}

/* Counts by state, as JSON columns of a campaign row. */
#define COUNTS "(SELECT count(*) FROM reboot_items i WHERE i.campaign_id = " \
	"c.id) AS total, (SELECT json_object('pending', count(*) FILTER " \
	"(WHERE state = 'pending'), 'sent', count(*) FILTER (WHERE state = " \
	"'sent'), 'accepted', count(*) FILTER (WHERE state = 'accepted'), " \
	"'rejected', count(*) FILTER (WHERE state = 'rejected'), " \
	"'no answer', count(*) FILTER (WHERE state = 'no answer'), 'failed', " \
	"count(*) FILTER (WHERE state = 'failed'), 'cancelled', count(*) " \
	"FILTER (WHERE state = 'cancelled')) FROM reboot_items i WHERE " \
	"i.campaign_id = c.id) AS \"counts:json\""
#define CAMPAIGN_COLS "c.id, c.job_id, c.created_by_name AS created_by, " \
	"c.created_at, c.when_kind AS \"when\", c.run_at, c.rate, " \
	"c.max_concurrent, c.state, c.started_at, c.finished_at, c.retry_of, " \
	"c.cancelled_by, " COUNTS
#define CAMPAIGN_FROM " FROM reboot_campaigns c WHERE (?1 IS NULL OR " \
	"c.state LIKE ?1 ESCAPE '\\' OR c.created_by_name LIKE ?1 ESCAPE '\\' " \
	"OR c.when_kind LIKE ?1 ESCAPE '\\')"

const char *const reboot_store_sort_keys[] = { "created_at", NULL };
static const char sql_list_count[] = "SELECT count(*)" CAMPAIGN_FROM;
static const char *const sql_list_page[] = {
	"SELECT " CAMPAIGN_COLS CAMPAIGN_FROM " ORDER BY c.id ASC LIMIT ?2 "
	    "OFFSET ?3",
	"SELECT " CAMPAIGN_COLS CAMPAIGN_FROM " ORDER BY c.id DESC LIMIT ?2 "
	    "OFFSET ?3",
};

json_t *
reboot_store_list(struct db *db, const struct db_list_query *q)
{
	return db_list_by_text(db, sql_list_count, sql_list_page[q->desc ? 1 :
	    0], q);
}

static const char sql_get[] = "SELECT " CAMPAIGN_COLS " FROM "
    "reboot_campaigns c WHERE c.id = ?1";

json_t *
reboot_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_get, id);
}

#define ITEM_COLS "i.id, i.phone_id, i.phone_name, i.state, i.target, " \
	"i.transport, i.status_code, i.reason, i.retransmits, " \
	"i.authenticated AS \"authenticated:bool\", i.not_before, " \
	"i.sent_at_ms, i.done_at_ms, p.config_fetched_at, CASE WHEN " \
	"i.state = 'accepted' AND p.config_fetched_at * 1000 >= i.done_at_ms " \
	"THEN 1 ELSE 0 END AS \"fetched_after:bool\""
#define ITEM_FROM " FROM reboot_items i LEFT JOIN phones p ON p.id = " \
	"i.phone_id WHERE i.campaign_id = ?4 AND (?1 IS NULL OR " \
	"i.phone_name LIKE ?1 ESCAPE '\\' OR i.state LIKE ?1 ESCAPE '\\' OR " \
	"i.target LIKE ?1 ESCAPE '\\' OR i.reason LIKE ?1 ESCAPE '\\')"
static const char sql_items_count[] = "SELECT count(*)" ITEM_FROM;
static const char sql_items_page[] = "SELECT " ITEM_COLS ITEM_FROM
    " ORDER BY i.id LIMIT ?2 OFFSET ?3";

json_t *
reboot_store_items(struct db *db, int64_t id, const struct db_list_query *q)
{
	return db_list_by_text_in(db, sql_items_count, sql_items_page, q, id);
}

static const char sql_history[] = "SELECT i.campaign_id, c.created_by_name "
    "AS created_by, c.when_kind AS \"when\", " ITEM_COLS " FROM "
    "reboot_items i JOIN reboot_campaigns c ON c.id = i.campaign_id LEFT "
    "JOIN phones p ON p.id = i.phone_id WHERE i.phone_id = ?1 ORDER BY "
    "i.id DESC LIMIT ?2";

json_t *
reboot_store_phone_history(struct db *db, int64_t phone_id, int n)
{
	return db_rows_by_id(db, sql_history, phone_id, n);
}

static const char sql_state[] = "SELECT state FROM reboot_campaigns WHERE "
    "id = ?1";
static const char sql_cancel_items[] = "UPDATE reboot_items SET state = "
    "'cancelled' WHERE campaign_id = ?1 AND state = 'pending'";
static const char sql_cancel[] = "UPDATE reboot_campaigns SET cancelled_by "
    "= ?2, state = CASE WHEN state = 'scheduled' THEN 'cancelled' ELSE "
    "state END, finished_at = CASE WHEN state = 'scheduled' THEN ?3 ELSE "
    "finished_at END WHERE id = ?1";

int
reboot_store_cancel(struct db *db, int64_t id, const char *by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql_state);
	char *state;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	if ((state = db_get_text(st)) == NULL)
		return DB_NOTFOUND;
	rc = strcmp(state, "done") == 0 || strcmp(state, "cancelled") == 0;
	free(state);
	if (rc)
		return DB_CONFLICT;
	st = db_stmt(db, sql_cancel_items);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	st = db_stmt(db, sql_cancel);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, by);
	sqlite3_bind_int64(st, 3, now);
	return db_run(db, st);
}

static const char sql_due[] = "SELECT id, job_id, coalesce(created_by, 0), "
    "created_by_name, state, rate, max_concurrent, cancelled_by IS NOT NULL, "
    "when_kind FROM reboot_campaigns WHERE state = 'running' OR (state = 'scheduled' "
    "AND run_at <= ?1) ORDER BY id";

int
reboot_store_due(struct db *db, int64_t now, struct reboot_campaign **out,
    size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, sql_due);
	size_t cap = 4;
	int rc;

	*out = xcalloc(cap, sizeof(**out));
	*n = 0;
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct reboot_campaign *c;

		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(st, 0);
		c->job_id = sqlite3_column_int64(st, 1);
		c->created_by = sqlite3_column_int64(st, 2);
		snprintf(c->created_by_name, sizeof(c->created_by_name), "%s",
		    (const char *)sqlite3_column_text(st, 3));
		snprintf(c->state, sizeof(c->state), "%s",
		    (const char *)sqlite3_column_text(st, 4));
		c->rate = sqlite3_column_double(st, 5);
		c->max_concurrent = sqlite3_column_int(st, 6);
		c->cancelled = sqlite3_column_int(st, 7);
		snprintf(c->when, sizeof(c->when), "%s",
		    (const char *)sqlite3_column_text(st, 8));
	}
	db_done(st);
	return rc == SQLITE_DONE ? DB_OK : db_step_error(db, rc);
}

static const char sql_start[] = "UPDATE reboot_campaigns SET state = "
    "'running', started_at = coalesce(started_at, ?2) WHERE id = ?1";
static const char sql_job_start[] = "UPDATE jobs SET state = 'running', "
    "updated_at = ?2 WHERE id = ?1 AND state = 'queued'";

int
reboot_store_start(struct db *db, const struct reboot_campaign *c,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql_start);
	int rc;

	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	st = db_stmt(db, sql_job_start);
	sqlite3_bind_int64(st, 1, c->job_id);
	sqlite3_bind_int64(st, 2, now);
	return db_run(db, st);
}

/* Where and how to reach each phone, with the item: its first station
 * appearance, its registration transport, its last provisioning address.
 * One statement for a batch, not one per phone. */
#define CONTACT_COLS \
    "coalesce(s.identification_address, ''), coalesce(p.client_address, ''), " \
    "coalesce(ma.name, ''), coalesce((SELECT coalesce(r.transport, " \
    "l.transport) FROM registrations r LEFT JOIN sip_lines l ON l.id = " \
    "r.line_id WHERE r.group_id = p.registration_group_id ORDER BY " \
    "r.position LIMIT 1), 'UDP'), coalesce(json_extract(" \
    PHONE_OPTIONS_SQL("p.options", "m.family", "options") ", " \
    "'$.sip_receive_port'), 0), coalesce(s.sip_username, ''), " \
    "s.sip_password, p.id IS NOT NULL"
#define CONTACT_JOINS " LEFT JOIN phone_models m ON m.id = p.model_id " \
    "LEFT JOIN manufacturers ma ON ma.id = m.manufacturer_id LEFT JOIN " \
    "stations s ON s.phone_id = p.id AND s.position = (SELECT " \
    "min(position) FROM stations WHERE phone_id = p.id)"
#define NEXT_SELECT "SELECT i.id, coalesce(i.phone_id, 0), " \
    "coalesce(i.location_id, 0), i.not_before, " CONTACT_COLS \
    " FROM reboot_items i LEFT JOIN phones p ON p.id = i.phone_id" \
    CONTACT_JOINS " WHERE i.campaign_id = ?1 AND i.state = 'pending' AND " \
    "i.not_before <= ?2 AND "
/* The same for phones not yet in a campaign (how far a reboot would
 * reach): the phone's id as the item's. */
static const char sql_contacts[] = "SELECT p.id, p.id, p.location_id, 0, "
    CONTACT_COLS " FROM phones p" CONTACT_JOINS " WHERE p.id IN (SELECT "
    "value FROM json_each(?1)) ORDER BY p.id";
/* After the cursor, in two index seeks: a row value (not_before, id) >
 * (?, ?) is not one, it scans from the campaign's first item. */
static const char sql_next_same[] = NEXT_SELECT "i.not_before = ?4 AND "
    "i.id > ?5 ORDER BY i.id LIMIT ?3";
static const char sql_next_later[] = NEXT_SELECT "i.not_before > ?4 "
    "ORDER BY i.not_before, i.id LIMIT ?3";

/* A text column (NULL as "") into a fixed buffer, cut to fit. */
static void
column_copy(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	str_copy(dst, v ? (const char *)v : "", size);
}

#define COPY(dst, col) column_copy(st, (col), (dst), sizeof(dst))

static size_t
next_rows(sqlite3_stmt *st, struct reboot_item *out, size_t max)
{
	size_t n = 0;

	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct reboot_item *it = &out[n++];
		struct reboot_contact *c = &it->contact;
		const unsigned char *pw = sqlite3_column_text(st, 10);

		memset(it, 0, sizeof(*it));
		it->id = sqlite3_column_int64(st, 0);
		it->phone_id = sqlite3_column_int(st, 11) ?
		    sqlite3_column_int64(st, 1) : 0;
		it->location_id = sqlite3_column_int64(st, 2);
		it->not_before = sqlite3_column_int64(st, 3);
		COPY(c->identification, 4);
		COPY(c->client_address, 5);
		COPY(c->manufacturer, 6);
		COPY(c->transport, 7);
		c->sip_port = sqlite3_column_int(st, 8);
		COPY(c->sip_username, 9);
		if (pw && (size_t)sqlite3_column_bytes(st, 10) <
		    sizeof(c->sealed_password))
			COPY(c->sealed_password, 10);
	}
	db_done(st);
	return n;
}

size_t
reboot_store_next(struct db *db, int64_t id, int64_t now,
    const struct reboot_cursor *after, struct reboot_item *out, size_t max)
{
	size_t n = 0;
	int pass;

	/* Pass 0 finishes the cursor's second; none at the beginning. */
	for (pass = after->id ? 0 : 1; pass < 2 && n < max; pass++) {
		sqlite3_stmt *st = db_stmt(db, pass == 0 ? sql_next_same :
		    sql_next_later);

		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)(max - n));
		sqlite3_bind_int64(st, 4, after->not_before);
		if (pass == 0)
			sqlite3_bind_int64(st, 5, after->id);
		n += next_rows(st, out + n, max - n);
	}
	return n;
}

size_t
reboot_store_contacts(struct db *db, const int64_t *ids, size_t n,
    struct reboot_item *out)
{
	char *text = db_ids_text(ids, n);
	sqlite3_stmt *st;
	size_t got;

	st = db_stmt(db, sql_contacts);
	db_bind_text(st, 1, text);
	got = next_rows(st, out, n);
	free(text);
	return got;
}

static const char sql_postpone[] = "UPDATE reboot_items SET not_before = ?2 "
    "WHERE id = ?1";

int
reboot_store_postpone(struct db *db, int64_t item, int64_t not_before)
{
	sqlite3_stmt *st = db_stmt(db, sql_postpone);

	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_int64(st, 2, not_before);
	return db_run(db, st);
}

static const char sql_sent[] = "UPDATE reboot_items SET state = 'sent', "
    "sent_at_ms = ?2 WHERE id IN (SELECT value FROM json_each(?1)) AND "
    "state = 'pending'";

int
reboot_store_sent(struct db *db, const int64_t *items, size_t n,
    int64_t sent_ms)
{
	sqlite3_stmt *st;
	json_t *a;
	char *text;
	size_t i;
	int rc;

	if (n == 0)
		return DB_OK;
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(items[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	st = db_stmt(db, sql_sent);
	db_bind_text(st, 1, text);
	sqlite3_bind_int64(st, 2, sent_ms);
	rc = db_run(db, st);
	free(text);
	return rc;
}

static const char sql_result[] = "UPDATE reboot_items SET state = ?2, "
    "status_code = nullif(?3, 0), reason = ?4, retransmits = ?5, "
    "authenticated = ?6, sent_at_ms = coalesce(nullif(?7, 0), sent_at_ms), "
    "done_at_ms = ?8, target = coalesce(?9, target), transport = "
    "coalesce(?10, transport) WHERE id = ?1";

int
reboot_store_result(struct db *db, int64_t item, const struct reboot_outcome *o)
{
	sqlite3_stmt *st = db_stmt(db, sql_result);

	sqlite3_bind_int64(st, 1, item);
	db_bind_text(st, 2, o->state);
	sqlite3_bind_int(st, 3, o->status);
	db_bind_text(st, 4, o->reason);
	sqlite3_bind_int(st, 5, o->retransmits);
	sqlite3_bind_int(st, 6, o->authenticated);
	sqlite3_bind_int64(st, 7, o->sent_ms);
	sqlite3_bind_int64(st, 8, o->done_ms);
	db_bind_text(st, 9, o->target);
	db_bind_text(st, 10, o->transport);
	return db_run(db, st);
}

static const char sql_count[] = "SELECT count(*) FROM reboot_items WHERE "
    "campaign_id = ?1 AND (?2 IS NULL OR state = ?2)";
static const char sql_rebooting[] = "SELECT count(*) FROM reboot_items i "
    "LEFT JOIN phones p ON p.id = i.phone_id WHERE i.campaign_id = ?1 AND "
    "i.state = 'accepted' AND i.done_at_ms >= ?2 AND (p.config_fetched_at "
    "IS NULL OR p.config_fetched_at * 1000 < i.done_at_ms)";

static int64_t
count_of(struct db *db, const char *sql, int64_t id, const char *s,
    int64_t v)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t n = 0;

	sqlite3_bind_int64(st, 1, id);
	if (sql == sql_count)
		db_bind_text(st, 2, s);
	else
		sqlite3_bind_int64(st, 2, v);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

int64_t
reboot_store_count(struct db *db, int64_t id, const char *state)
{
	return count_of(db, sql_count, id, state, 0);
}

int64_t
reboot_store_rebooting(struct db *db, int64_t id, int64_t since_ms)
{
	return count_of(db, sql_rebooting, id, NULL, since_ms);
}

static const char sql_location[] = "SELECT 0, '', id, time_zone, "
    "after_hours_start, after_hours_end FROM locations WHERE id = ?1";

int
reboot_store_location(struct db *db, int64_t id, struct reboot_phone *p)
{
	sqlite3_stmt *st = db_stmt(db, sql_location);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		phone_row(st, p);
	db_done(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND :
	    DB_ERROR;
}

static const char sql_summary[] = "SELECT " COUNTS " FROM reboot_campaigns c "
    "WHERE c.id = ?1";

json_t *
reboot_store_summary(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_summary, id);
}

static const char sql_finish[] = "UPDATE reboot_campaigns SET state = ?2, "
    "finished_at = ?3 WHERE id = ?1";

int
reboot_store_finish(struct db *db, int64_t id, const char *state,
    int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql_finish);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, state);
	sqlite3_bind_int64(st, 3, now);
	return db_run(db, st);
}

static const char sql_resume[] = "UPDATE reboot_items SET state = 'pending' "
    "WHERE state = 'sent'";

int
reboot_store_resume(struct db *db)
{
	return db_exec(db, sql_resume);
}
