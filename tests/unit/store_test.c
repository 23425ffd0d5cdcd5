/* Unit tests of the stores in db/: users, sessions, tokens, the audit log,
 * jobs, login throttling, list paging and sorting, backup and restore. */
#include <stdlib.h>
#include <unistd.h>

#include "audit_store.h"
#include "backup.h"
#include "db.h"
#include "job_store.h"
#include "migrate.h"
#include "session_store.h"
#include "test.h"
#include "throttle_store.h"
#include "token_store.h"
#include "user_store.h"

static struct db *
fresh(const char *path)
{
	char err[256];
	struct db *db = db_open(path, err, sizeof(err));

	migrate_run(db, migrations_builtin, migrations_builtin_count, NULL,
	    err, sizeof(err));
	return db;
}

static void
users(struct db *db)
{
	struct db_list_query lq = { NULL, 0, 0, 50, 0 };
	struct user u;
	int64_t id, id2;
	json_t *list;

	CHECK_INT(user_store_count_admins(db, false), 0, "no admin at first");
	CHECK_INT(user_store_create(db, "alice", "Alice A", "admin", "$h1",
	    false, &id), DB_OK, "create alice");
	CHECK_INT(user_store_create(db, "ALICE", "", "viewer", "$h", false,
	    &id2), DB_CONFLICT, "user names are unique, ignoring case");
	CHECK_INT(user_store_create(db, "bob", "Bob B", "viewer", "$h2", true,
	    &id2), DB_OK, "create bob");
	CHECK_INT(user_store_create(db, "carol", "", "boss", "$h", false,
	    &id2), DB_CONFLICT, "an unknown role is refused by the schema");
	CHECK_INT(user_store_count_admins(db, true), 1, "one active admin");
	CHECK_INT(user_store_find_by_name(db, "Alice", &u), DB_OK,
	    "find by name, any case");
	CHECK_STR(u.password_hash, "$h1", "hash read back");
	CHECK_INT(user_store_find_by_name(db, "nobody", &u), DB_NOTFOUND,
	    "unknown user");

	list = user_store_list(db, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 2,
	    "list total");
	CHECK(json_object_get(json_array_get(json_object_get(list, "items"),
	    0), "password_hash") == NULL, "lists never carry hashes");
	json_decref(list);
	lq.q = "bob";
	list = user_store_list(db, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 1,
	    "filter by text");
	json_decref(list);
	lq.q = "%";
	list = user_store_list(db, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 0,
	    "% in a filter is literal");
	json_decref(list);
	lq.q = NULL;
	lq.sort = 0;
	lq.desc = 1;
	lq.limit = 1;
	list = user_store_list(db, &lq);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(list, "items"), 0), "username")), "bob",
	    "sort descending with a page of one");
	json_decref(list);
	CHECK_INT(user_store_update(db, id2, NULL, "operator", 1), DB_OK,
	    "update role and disable");
	CHECK_INT(user_store_get(db, id2, &u), DB_OK, "get by id");
	CHECK(u.disabled && strcmp(u.role, "operator") == 0 &&
	    strcmp(u.display_name, "Bob B") == 0, "only named fields changed");
	CHECK_INT(user_store_update(db, 999, "x", NULL, -1), DB_NOTFOUND,
	    "update of a missing user");
}

static void
sessions_and_tokens(struct db *db)
{
	unsigned char h[32] = { 1 }, h2[32] = { 2 }, th[32] = { 3 };
	struct session_row s;
	struct token_row t;
	int64_t tid;
	struct db_list_query lq = { NULL, 0, 0, 50, 0 };
	json_t *list;

	CHECK_INT(session_store_create(db, h, 1, "csrf1", "10.0.0.1", "ua"),
	    DB_OK, "create session");
	CHECK_INT(session_store_create(db, h2, 1, "csrf2", "10.0.0.2", "ua"),
	    DB_OK, "second session");
	CHECK_INT(session_store_lookup(db, h, &s), DB_OK, "lookup session");
	CHECK_STR(s.user.username, "alice", "session user");
	CHECK_STR(s.csrf, "csrf1", "session csrf token");
	session_store_delete_user(db, 1, h);
	CHECK_INT(session_store_lookup(db, h2, &s), DB_NOTFOUND,
	    "other sessions ended");
	CHECK_INT(session_store_lookup(db, h, &s), DB_OK, "kept session");
	CHECK_INT(session_store_purge(db, 0, 0), 0, "nothing to purge");
	CHECK_INT(session_store_purge(db, INT64_MAX, 0), 1, "idle purge");

	CHECK_INT(token_store_create(db, 1, "ci", "sbt_abcdefgh", th, 0, &tid),
	    DB_OK, "create token");
	CHECK_INT(token_store_lookup(db, th, 100, &t), DB_OK, "token found");
	CHECK_STR(t.user.role, "admin", "token acts with the owner's role");
	list = token_store_list(db, 1, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 1,
	    "token listed");
	CHECK(json_object_get(json_array_get(json_object_get(list, "items"),
	    0), "token_hash") == NULL, "lists never carry token hashes");
	json_decref(list);
	CHECK_INT(token_store_revoke(db, tid, 2), DB_NOTFOUND,
	    "another user cannot revoke it");
	CHECK_INT(token_store_revoke(db, tid, 1), DB_OK, "owner revokes");
	CHECK_INT(token_store_lookup(db, th, 100, &t), DB_NOTFOUND,
	    "revoked token is dead");
	CHECK_INT(token_store_revoke(db, tid, 0), DB_NOTFOUND,
	    "revoking twice says not found");
	th[0] = 9;
	token_store_create(db, 1, "old", "sbt_x", th, 50, &tid);
	CHECK_INT(token_store_lookup(db, th, 100, &t), DB_NOTFOUND,
	    "expired token is dead");
}

static void
audit_jobs_throttle(struct db *db)
{
	struct audit_entry e = { "alice", 1, "session", "10.0.0.1",
	    "user.create", "bob", 1, NULL };
	struct audit_filter f = { NULL, NULL, NULL, 0, 0 };
	struct db_list_query lq = { NULL, 0, 1, 50, 0 };
	json_t *list, *job, *note;
	int64_t jid;

	CHECK_INT(audit_store_add(db, &e), DB_OK, "audit entry");
	e.action = "session.login_failed";
	e.success = 0;
	audit_store_add(db, &e);
	list = audit_store_list(db, &f, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 2,
	    "two entries");
	json_decref(list);
	f.action = "session.";
	list = audit_store_list(db, &f, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 1,
	    "action prefix filter");
	json_decref(list);
	f.action = NULL;
	f.outcome = "failure";
	list = audit_store_list(db, &f, &lq);
	CHECK_INT(json_integer_value(json_object_get(list, "total")), 1,
	    "outcome filter");
	json_decref(list);

	CHECK_INT(job_store_create(db, "backup", 1, &jid), DB_OK, "job");
	job_store_start(db, jid);
	job_store_progress(db, jid, 3, 10);
	job = job_store_get(db, jid);
	CHECK_STR(json_string_value(json_object_get(job, "state")), "running",
	    "job running");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(job,
	    "progress"), "done")), 3, "job progress");
	json_decref(job);
	note = json_pack("{s:s}", "name", "b.sqlite3");
	CHECK_INT(job_store_note(db, jid, note), DB_OK, "job note");
	json_decref(note);
	list = job_store_running(db);
	CHECK_INT(json_array_size(list), 1, "one running job");
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(list, 0), "result"), "name")), "b.sqlite3",
	    "its note, for a restart to settle it by");
	json_decref(list);
	CHECK_INT(job_store_fail_interrupted(db), 1,
	    "a restart fails running jobs");
	list = job_store_running(db);
	CHECK_INT(json_array_size(list), 0, "none running after");
	json_decref(list);
	job = job_store_get(db, jid);
	CHECK_STR(json_string_value(json_object_get(job, "state")), "failed",
	    "interrupted job failed");
	json_decref(job);

	CHECK_INT(throttle_store_fail(db, "user:x", 1000, 900), 1,
	    "first failure");
	CHECK_INT(throttle_store_fail(db, "user:x", 1001, 900), 2,
	    "second failure");
	CHECK_INT(throttle_store_locked(db, "user:x", 1001), 0,
	    "not held until told");
	throttle_store_hold(db, "user:x", 1100);
	CHECK_INT(throttle_store_locked(db, "user:x", 1003), 97, "held");
	throttle_store_hold(db, "user:x", 1050);
	CHECK_INT(throttle_store_locked(db, "user:x", 1003), 97,
	    "a shorter hold does not shorten it");
	CHECK_INT(throttle_store_locked(db, "user:x", 1100), 0,
	    "the hold ends");
	CHECK_INT(throttle_store_fail(db, "user:x", 1950, 900), 3,
	    "a window after the count began, but not after the hold ended");
	CHECK_INT(throttle_store_fail(db, "user:x", 2001, 900), 1,
	    "a window after both: counting starts again");
	throttle_store_hold(db, "user:x", 2500);
	throttle_store_fail(db, "addr:y", 2001, 900);
	throttle_store_purge(db, 2901, 900);
	CHECK_INT(throttle_store_fail(db, "user:x", 2901, 900), 2,
	    "the purge keeps a count still running");
	CHECK_INT(throttle_store_fail(db, "addr:y", 2901, 900), 1,
	    "and forgets one that ran out");
	throttle_store_clear(db, "user:x");
	CHECK_INT(throttle_store_locked(db, "user:x", 5001), 0, "cleared");
}

static void
backup_restore(struct db *db, const char *dir)
{
	char copy[128], other[128], bad[128], err[512];
	struct db *b;
	struct user u;
	FILE *f;

	snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	snprintf(other, sizeof(other), "%s/other.db", dir);
	snprintf(bad, sizeof(bad), "%s/bad.db", dir);
	CHECK(db_backup_to(db_handle(db), copy, NULL, NULL, err,
	    sizeof(err)) == 0, "online backup");
	CHECK(access(copy, R_OK) == 0, "backup file exists");
	b = db_open(copy, err, sizeof(err));
	CHECK(user_store_find_by_name(b, "alice", &u) == DB_OK,
	    "backup holds the data");
	db_close(b);
	CHECK(db_restore_from(copy, other, migrations_builtin_count, err,
	    sizeof(err)) == 0, "restore into a new database");
	b = db_open(other, err, sizeof(err));
	CHECK(user_store_find_by_name(b, "bob", &u) == DB_OK,
	    "restored data present");
	db_close(b);
	f = fopen(bad, "w");
	fputs("this is not a database", f);
	fclose(f);
	CHECK(db_restore_from(bad, other, migrations_builtin_count, err,
	    sizeof(err)) != 0, "a file that is not a database is refused");
	CHECK(db_restore_from(copy, other, 0, err, sizeof(err)) != 0,
	    "a backup newer than the binary is refused");
}

int
main(void)
{
	char dir[] = "/tmp/sb-store-XXXXXX", path[128];
	struct db *db;
	char *p;

	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(path, sizeof(path), "%s/s.db", dir);
	db = fresh(path);
	CHECK(db != NULL, "fresh database");
	p = db_like_pattern("a%b_c\\");
	CHECK_STR(p, "%a\\%b\\_c\\\\%", "LIKE pattern escaping");
	free(p);
	users(db);
	sessions_and_tokens(db);
	audit_jobs_throttle(db);
	backup_restore(db, dir);
	db_close(db);
	return test_done();
}
