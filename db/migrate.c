/* Switchboard — the schema migrations runner. */
#include "migrate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../server/lib/log.h"
#include "../server/lib/util.h"
#include "backup.h"
#include "db.h"

int
migrate_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
has_tables(struct db *db)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM "
	    "sqlite_schema WHERE type = 'table'", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n > 0;
}

static int
backup_before(struct db *db, int from, int to, const char *dir, char *err,
    size_t errlen)
{
	char path[1024], stamp[32];

	if (make_private_dir(dir, "backup directory", err, errlen) != 0)
		return -1;
	format_utc(now_unix(), stamp, sizeof(stamp));
	stamp[13] = stamp[16] = '-';	/* no ':' in file names */
	snprintf(path, sizeof(path), "%s/pre-migration-v%d-to-v%d-%s.sqlite3",
	    dir, from, to, stamp);
	if (db_backup_to(db_handle(db), path, NULL, NULL, err, errlen) != 0)
		return -1;
	log_event(LOG_INFO, "db.migrate.backup", "file", path, NULL);
	return 0;
}

static int
apply(struct db *db, const struct migration *m, char *err, size_t errlen)
{
	char sql[64];

	if (db_begin(db) != 0) {
		snprintf(err, errlen, "%s: cannot begin: %s", m->name,
		    db_errmsg(db));
		return -1;
	}
	if (sqlite3_exec(db_handle(db), m->sql, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", m->name, db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	/* PRAGMA takes no parameters; the version is our own integer. */
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", m->version);
	if (sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL) != SQLITE_OK ||
	    db_commit(db) != 0) {
		snprintf(err, errlen, "%s: cannot commit: %s", m->name,
		    db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
migrate_run(struct db *db, const struct migration *m, int n,
    const char *backup_dir, char *err, size_t errlen)
{
	int i, current, latest, applied = 0, tables;

	for (i = 0; i < n; i++)
		if (m[i].version != i + 1) {
			snprintf(err, errlen, "migration %s is out of order "
			    "(expected number %04d)", m[i].name, i + 1);
			return -1;
		}
	current = migrate_version(db);
	latest = n > 0 ? m[n - 1].version : 0;
	if (current < 0) {
		snprintf(err, errlen, "cannot read schema version: %s",
		    db_errmsg(db));
		return -1;
	}
	if (current > latest) {
		snprintf(err, errlen, "the database has schema version %d but "
		    "this switchboard knows only up to %d; run a newer "
		    "switchboard or restore a backup", current, latest);
		return -1;
	}
	if (current == latest)
		return 0;
	tables = has_tables(db);
	if (tables < 0) {
		snprintf(err, errlen, "cannot read schema: %s", db_errmsg(db));
		return -1;
	}
	if (tables && backup_dir != NULL &&
	    backup_before(db, current, latest, backup_dir, err, errlen) != 0)
		return -1;
	for (i = current; i < n; i++) {
		char v[16];

		if (apply(db, &m[i], err, errlen) != 0)
			return -1;
		snprintf(v, sizeof(v), "%d", m[i].version);
		log_event(LOG_INFO, "db.migrate", "file", m[i].name,
		    "user_version", v, NULL);
		applied++;
	}
	return applied;
}
