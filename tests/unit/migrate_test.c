/* Unit tests of db/migrate.c: order, atomicity, refusing a newer database,
 * the backup before migrating a non-empty database, and the real
 * migrations applying to an empty database. */
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "migrate.h"
#include "test.h"

static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static int
table_exists(struct db *db, const char *name)
{
	sqlite3_stmt *st;
	int found;

	sqlite3_prepare_v2(db_handle(db), "SELECT 1 FROM sqlite_schema WHERE "
	    "name = ?1", -1, &st, NULL);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int
main(void)
{
	char dir[] = "/tmp/sb-migrate-XXXXXX", path[128], backups[128];
	char err[512];
	struct db *db;
	const struct migration v1[] = {
		{ 1, "0001_a.sql", "CREATE TABLE a (x INTEGER);" },
	};
	const struct migration v3[] = {
		{ 1, "0001_a.sql", "CREATE TABLE a (x INTEGER);" },
		{ 2, "0002_b.sql", "CREATE TABLE b (y INTEGER);" },
		{ 3, "0003_bad.sql", "CREATE TABLE c (z INTEGER); "
		    "INSERT INTO nowhere VALUES (1);" },
	};
	const struct migration gap[] = {
		{ 1, "0001_a.sql", "SELECT 1;" },
		{ 3, "0003_c.sql", "SELECT 1;" },
	};

	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(backups, sizeof(backups), "%s/backups", dir);
	db = db_open(path, err, sizeof(err));
	CHECK(db != NULL, "open");
	CHECK(db_enable_wal(db) == 0, "WAL mode");

	CHECK(migrate_run(db, gap, 2, backups, err, sizeof(err)) == -1 &&
	    strstr(err, "0003_c.sql") != NULL, "a gap in numbering is refused");
	CHECK(migrate_run(db, v1, 1, backups, err, sizeof(err)) == 1,
	    "first migration applied");
	CHECK_INT(migrate_version(db), 1, "user_version is 1");
	CHECK(count_files(backups) == 0, "no backup of an empty database");
	CHECK(migrate_run(db, v1, 1, backups, err, sizeof(err)) == 0,
	    "nothing to do the second time");

	CHECK(migrate_run(db, v3, 3, backups, err, sizeof(err)) == -1,
	    "a failing migration fails the run");
	CHECK(strstr(err, "0003_bad.sql") != NULL, "the error names the file");
	CHECK_INT(migrate_version(db), 2, "migrations before it stay applied");
	CHECK(table_exists(db, "b"), "table of migration 2 exists");
	CHECK(!table_exists(db, "c"), "the failed migration left nothing");
	CHECK_INT(count_files(backups), 1,
	    "a backup was taken before migrating a non-empty database");

	CHECK(migrate_run(db, v1, 1, backups, err, sizeof(err)) == -1 &&
	    strstr(err, "newer") != NULL,
	    "a database newer than the binary is refused");
	db_close(db);

	/* The real migrations build the schema from nothing. */
	snprintf(path, sizeof(path), "%s/real.db", dir);
	db = db_open(path, err, sizeof(err));
	CHECK(migrate_run(db, migrations_builtin, migrations_builtin_count,
	    backups, err, sizeof(err)) == migrations_builtin_count,
	    "built-in migrations apply to an empty database");
	CHECK(table_exists(db, "users") && table_exists(db, "audit_log") &&
	    table_exists(db, "jobs"), "core tables exist");
	CHECK(db_check(db, err, sizeof(err)) == 0, "integrity check passes");
	db_close(db);
	return test_done();
}
