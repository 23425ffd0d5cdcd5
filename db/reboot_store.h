/* Switchboard — reboot campaigns and their per-phone items. */
#ifndef SB_REBOOT_STORE_H
#define SB_REBOOT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* What a campaign needs to know of a phone when it is created. */
struct reboot_phone {
	int64_t	id;
	char	name[130];
	int64_t	location_id;
	char	time_zone[64];		/* its location's */
	char	after_start[6];		/* "HH:MM", the location's window */
	char	after_end[6];
};

/* The phones with ids (n of them), or every phone in "Reboot pending"
 * when ids is NULL: a new array in *out (caller frees), *count rows.
 * Unknown ids are reported through *missing (the first one), or 0.
 * DB_OK or DB_ERROR. */
int	reboot_store_phones(struct db *db, const int64_t *ids, size_t n,
	    struct reboot_phone **out, size_t *count, int64_t *missing);

struct reboot_new {
	int64_t		 job_id;
	int64_t		 created_by;
	const char	*created_by_name;
	const char	*when_kind;	/* "now", "at", "after-hours" */
	int64_t		 run_at;
	double		 rate;
	int		 max_concurrent;
	int64_t		 retry_of;	/* 0: none */
};

/* A campaign and one item per phone (not_before[i] for phones[i]).
 * Call inside a transaction. DB_OK (with *id) or DB_ERROR. */
int	reboot_store_create(struct db *db, const struct reboot_new *c,
	    const struct reboot_phone *phones, const int64_t *not_before,
	    size_t n, int64_t *id);

/* Phones of campaign id whose NOTIFY failed (rejected, no answer,
 * failed), as ids for a retry. New reference (a JSON array). */
json_t	*reboot_store_failed_phones(struct db *db, int64_t id);

/* Campaigns for GET /api/v1/reboots (newest first), with counts. */
extern const char *const reboot_store_sort_keys[];
json_t	*reboot_store_list(struct db *db, const struct db_list_query *q);

/* One campaign with its counts; NULL if none. New reference. */
json_t	*reboot_store_get(struct db *db, int64_t id);

/* Its items, filtered by q (phone name, state, target) and paged. */
json_t	*reboot_store_items(struct db *db, int64_t id,
	    const struct db_list_query *q);

/* The last reboot items of a phone, newest first. */
json_t	*reboot_store_phone_history(struct db *db, int64_t phone_id, int n);

/* Cancel: pending items become cancelled, a scheduled campaign at once.
 * DB_OK, DB_NOTFOUND, DB_CONFLICT (already over), DB_ERROR. */
int	reboot_store_cancel(struct db *db, int64_t id, const char *by,
	    int64_t now);

/* ---- for the campaign runner ---- */

struct reboot_campaign {
	int64_t	id;
	int64_t	job_id;
	int64_t	created_by;
	char	created_by_name[130];
	char	state[16];
	char	when[16];		/* "now", "at", "after-hours" */
	double	rate;
	int	max_concurrent;
	int	cancelled;
};

/* Campaigns to run: running ones, and scheduled ones whose run_at has
 * come. A new array in *out (caller frees). DB_OK or DB_ERROR. */
int	reboot_store_due(struct db *db, int64_t now,
	    struct reboot_campaign **out, size_t *n);

/* scheduled -> running; its job too. */
int	reboot_store_start(struct db *db, const struct reboot_campaign *c,
	    int64_t now);

/* Where and how to reach a phone: its first station appearance, its
 * registration transport, its last provisioning address. */
struct reboot_contact {
	char	identification[256];
	char	client_address[64];
	char	manufacturer[64];
	char	transport[4];
	int	sip_port;		/* options.sip_receive_port, or 0 */
	char	sip_username[128];
	char	sealed_password[256];	/* seal.h text; "" if none or too long */
};

struct reboot_item {
	int64_t			id;
	int64_t			phone_id;	/* 0 if the phone was deleted */
	int64_t			location_id;
	int64_t			not_before;
	struct reboot_contact	contact;
};

/* Where a campaign's reading stopped: items come in (not_before, id)
 * order; all zero reads from the beginning. */
struct reboot_cursor {
	int64_t	not_before;
	int64_t	id;
};

/* Up to max pending items of campaign id due at now, in order, after the
 * cursor, each with its phone's contact. */
size_t	reboot_store_next(struct db *db, int64_t id, int64_t now,
	    const struct reboot_cursor *after, struct reboot_item *out,
	    size_t max);

/* The contacts of the n phones ids (at most n rows into out, each with
 * the phone's id as item and phone id): how far a reboot would reach.
 * Returns the count found. */
size_t	reboot_store_contacts(struct db *db, const int64_t *ids, size_t n,
	    struct reboot_item *out);

/* Postpone an item (its location's window has closed). */
int	reboot_store_postpone(struct db *db, int64_t item, int64_t not_before);

/* Items in flight that are still pending (one statement for a batch;
 * those that already have an outcome are left as they are). */
int	reboot_store_sent(struct db *db, const int64_t *items, size_t n,
	    int64_t sent_ms);

/* What became of one item. */
struct reboot_outcome {
	const char	*state;		/* accepted, rejected, no answer, failed */
	int		 status;	/* final SIP code, 0 if none */
	const char	*reason;
	int		 retransmits;
	int		 authenticated;
	int64_t		 sent_ms, done_ms;
	const char	*target;	/* request-URI, or NULL */
	const char	*transport;
};
int	reboot_store_result(struct db *db, int64_t item,
	    const struct reboot_outcome *o);

/* A location's time zone and after-hours window (in p; id and name
 * left empty). DB_OK, DB_NOTFOUND or DB_ERROR. */
int	reboot_store_location(struct db *db, int64_t id,
	    struct reboot_phone *p);

/* Items in a state (all with NULL); phones accepted since since_ms that have not fetched
 * their configuration since (still rebooting). */
int64_t	reboot_store_count(struct db *db, int64_t id, const char *state);
int64_t	reboot_store_rebooting(struct db *db, int64_t id, int64_t since_ms);

/* A summary {"total","accepted",…} of campaign id. New reference. */
json_t	*reboot_store_summary(struct db *db, int64_t id);

/* Finish: "done" or "cancelled"; the job is marked by the caller. */
int	reboot_store_finish(struct db *db, int64_t id, const char *state,
	    int64_t now);

/* After a restart: items sent but never answered go back to pending. */
int	reboot_store_resume(struct db *db);

#endif
