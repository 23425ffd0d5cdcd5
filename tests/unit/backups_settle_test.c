/* Unit tests of backups_settle (server/system/backups.c): a restart that
 * finds a backup job interrupted removes every file its copy left half
 * written — the partial file, a system backup's database copy and the
 * rollback journals SQLite keeps beside them — and finds the job done
 * exactly when the backup itself is in place. */
#include <jansson.h>
#include <stdio.h>
#include <unistd.h>

#include "system/backups.h"
#include "test.h"

static void
touch(const char *dir, const char *name)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("x", f);
		fclose(f);
	}
}

static bool
exists(const char *dir, const char *name)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

int
main(void)
{
	char dir[] = "/tmp/sb-settle-XXXXXX", err[256];
	const char *db = "switchboard-20261206-155006.sqlite3";
	const char *tar = "switchboard-system-20261206-155007.tar";
	const char *other = "switchboard-20261206-155008.sqlite3.partial";
	json_t *note, *result = NULL;

	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	CHECK(backups_init(dir, err, sizeof(err)) == 0, "backups folder");

	touch(dir, "switchboard-20261206-155006.sqlite3.partial");
	touch(dir, "switchboard-20261206-155006.sqlite3.partial-journal");
	touch(dir, other);
	note = json_pack("{s:s}", "name", db);
	CHECK(backups_settle(note, &result) == -1 && result == NULL,
	    "a database backup cut short is not done");
	json_decref(note);
	CHECK(!exists(dir, "switchboard-20261206-155006.sqlite3.partial"),
	    "its partial file is removed");
	CHECK(!exists(dir,
	    "switchboard-20261206-155006.sqlite3.partial-journal"),
	    "its partial file's journal is removed");
	CHECK(exists(dir, other), "another backup's partial file stays");

	touch(dir, "switchboard-system-20261206-155007.tar.partial");
	touch(dir, "switchboard-system-20261206-155007.tar.partial.db");
	touch(dir, "switchboard-system-20261206-155007.tar.partial.db.partial");
	touch(dir,
	    "switchboard-system-20261206-155007.tar.partial.db.partial-journal");
	note = json_pack("{s:s}", "name", tar);
	CHECK(backups_settle(note, &result) == -1,
	    "a system backup cut short is not done");
	CHECK(!exists(dir, "switchboard-system-20261206-155007.tar.partial") &&
	    !exists(dir, "switchboard-system-20261206-155007.tar.partial.db"),
	    "its archive and database copy are removed");
	CHECK(!exists(dir,
	    "switchboard-system-20261206-155007.tar.partial.db.partial") &&
	    !exists(dir, "switchboard-system-20261206-155007.tar.partial.db."
	    "partial-journal"),
	    "the database copy's own partial file and journal are removed");

	touch(dir, tar);
	CHECK(backups_settle(note, &result) == 0 && result != NULL &&
	    json_integer_value(json_object_get(result, "size")) == 1,
	    "a system backup renamed into place is done");
	json_decref(result);
	json_decref(note);
	CHECK(exists(dir, tar), "the backup itself stays");

	return test_done();
}
