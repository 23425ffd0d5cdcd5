/* Switchboard — the SQLite access layer: connections, PRAGMAs, a cache of
 * prepared statements per connection, transactions and row-to-JSON. Every
 * connection belongs to one thread at a time (opened SQLITE_OPEN_NOMUTEX). */
#ifndef SB_DB_H
#define SB_DB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

#define DB_BUSY_TIMEOUT_MS 5000

/* Results of store functions that callers must tell apart. */
#define DB_OK		0
#define DB_ERROR	(-1)
#define DB_NOTFOUND	1
#define DB_CONFLICT	2	/* a UNIQUE constraint said no */

/* A list request after the API layer checked it: sort is an index into the
 * store's sort keys; limit and offset are already bounded. */
struct db_list_query {
	const char	*q;		/* free-text filter or NULL */
	int		 sort;
	int		 desc;
	long long	 limit;
	long long	 offset;
};

struct db;

/* Open (creating if need be) the database at path and apply the per
 * connection PRAGMAs: busy timeout, foreign_keys, synchronous=FULL,
 * secure_delete. Returns NULL and fills err on failure. Free with db_close. */
struct db	*db_open(const char *path, char *err, size_t errlen);

/* SQLite's process-wide settings, before the first db_open: no memory
 * statistics (nothing reads them, and every allocation would take a
 * global mutex to count itself). 0, or -1 if SQLite was started. */
int		 db_init_library(void);
void		 db_close(struct db *db);	/* safe on NULL */

/* The raw handle, for migrations and backups. Borrowed. */
sqlite3		*db_handle(struct db *db);

/* Switch the file to WAL; run once at start-up on the first connection
 * (outside a transaction, where it would silently stay "delete"). 0 or -1. */
int		 db_enable_wal(struct db *db);

/* A prepared statement for sql, prepared once per connection and kept.
 * sql must be a string with static storage: the pointer is the cache key.
 * Call db_done() when finished with it. Aborts on a bad statement (a bug). */
sqlite3_stmt	*db_stmt(struct db *db, const char *sql);
void		 db_done(sqlite3_stmt *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1. Inside a transaction
 * already begun, db_begin is a savepoint of it: db_commit releases it and
 * db_rollback undoes only what was done since, and the outer one decides. */
int		 db_begin(struct db *db);
/* BEGIN (deferred): a read transaction, one snapshot for many reads. */
int		 db_begin_read(struct db *db);
int		 db_commit(struct db *db);
void		 db_rollback(struct db *db);

/* True while a db_begin has no commit or rollback yet. */
bool		 db_in_transaction(const struct db *db);

/* Undo any transaction left open (a request's end): true if there was
 * one, which is a bug of the code that began it. */
bool		 db_end_open(struct db *db);

/* Run a statement that returns no rows. Returns 0, or -1 after logging. */
int		 db_exec(struct db *db, const char *sql);

/* Copy what the write-ahead log holds into the database file without
 * waiting for readers or writers. */
void		 db_checkpoint(struct db *db);

/* From now on, connections db_open makes never checkpoint as they commit:
 * the caller runs db_checkpoint regularly instead (the daemon's main loop,
 * every second). Otherwise the commit that takes the log past 1,000 pages
 * copies it all, inside a request or a job: 0.1 s after a 100,000-phone
 * import, and a checkpoint inside its commits once stalled a reboot
 * campaign. Call it before other threads open connections. */
void		 db_checkpoint_in_background(void);

/* The current row as a JSON object keyed by column name. A column alias
 * ending in ":bool" becomes a JSON boolean named without the suffix; one
 * ending in ":json" is parsed as JSON text. New reference. */
json_t		*db_row_json(sqlite3_stmt *st);

/* Step st to the end, collecting rows with db_row_json. New reference. */
json_t		*db_rows_json(sqlite3_stmt *st);

/* Bind text or NULL. */
void		 db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Turn user text into a LIKE pattern "%text%" with '\\' escaping % and _.
 * Caller frees. NULL in, NULL out. */
char		*db_like_pattern(const char *q);

/* Step count_st (one integer) and page_st (rows) and return
 * {"items":[...],"total":N}, or NULL on a database error. Resets both. */
json_t		*db_list_result(sqlite3_stmt *count_st, sqlite3_stmt *page_st);

/* Step a statement that returns no rows, then reset it.
 * DB_OK, DB_CONFLICT (constraint) or DB_ERROR. */
int		 db_run(struct db *db, sqlite3_stmt *st);

/* As db_run, but DB_NOTFOUND when no row changed. */
int		 db_run_changed(struct db *db, sqlite3_stmt *st);

/* The first row of st as JSON (see db_row_json), or NULL; resets st. */
json_t		*db_get_json(sqlite3_stmt *st);
/* The same for sql with the id as ?1: one record by its id. */
json_t		*db_get_json_by_id(struct db *db, const char *sql, int64_t id);
/* Run sql (a static string, as for db_stmt) with the id as ?1: remove
 * or touch one record. DB_OK, DB_NOTFOUND (no row changed), DB_CONFLICT
 * (a constraint said no) or DB_ERROR. */
int		 db_run_by_id(struct db *db, const char *sql, int64_t id);
/* Every row of sql, a static string without parameters. New reference. */
json_t		*db_rows(struct db *db, const char *sql);
/* Every row of sql (a static string, as for db_stmt) with the id as ?1 and,
 * when limit >= 0, limit as ?2: a record's children, or the first limit of
 * them. New reference. */
json_t		*db_rows_by_id(struct db *db, const char *sql, int64_t id,
		    int64_t limit);
/* The first column of st's first row as a string (NULL when there is no
 * row or the value is NULL), or as bytes with a NUL after them and their
 * count in *len. Caller frees. Resets st. */
char		*db_get_text(sqlite3_stmt *st);
char		*db_get_blob(sqlite3_stmt *st, size_t *len);

/* The common list: count_sql and page_sql take the LIKE pattern of lq->q
 * as ?1 and (page only) limit and offset as ?2 and ?3. Static SQL strings
 * as for db_stmt. Returns {"items","total"} or NULL. */
json_t		*db_list_by_text(struct db *db, const char *count_sql,
		    const char *page_sql, const struct db_list_query *lq);

/* The same for the rows of one parent (a campaign's items): its id
 * (>= 0) is ?4 of both statements. */
json_t		*db_list_by_text_in(struct db *db, const char *count_sql,
		    const char *page_sql, const struct db_list_query *lq,
		    int64_t parent);

/* Map a failed step's result code: DB_CONFLICT for constraint violations,
 * DB_ERROR otherwise (logged). */
int		 db_step_error(struct db *db, int rc);

/* Whether st (bound) gives a row; st is reset. */
bool		 db_exists(sqlite3_stmt *st);
/* The first column of the first row of sql with text bound as ?1, or 0. */
int64_t		 db_id_by_text(struct db *db, const char *sql,
		    const char *text);
/* The same column read as JSON text: a new reference, or NULL when there
 * is no row or it is not JSON. */
json_t		*db_json_by_text(struct db *db, const char *sql,
		    const char *text);

/* The n ids as a JSON array text ("[5,9]"), to bind for json_each(?N)
 * when a statement takes a set of ids. Caller frees. */
char		*db_ids_text(const int64_t *ids, size_t n);

/* Last error message of the connection. Borrowed. */
const char	*db_errmsg(struct db *db);

/* "PRAGMA integrity_check" and "foreign_key_check": 0 when both are clean;
 * otherwise -1 with the first problem in err. */
int		 db_check(struct db *db, char *err, size_t errlen);

#endif
