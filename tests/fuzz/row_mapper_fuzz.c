/* Fuzz target: the Managed IP Phone Assistant's row mapper: a CSV list
 * read into an import, each row turned into a phone body and checked by
 * the rules of a phone created alone (catalog, registration groups,
 * duplicates within the list), on a database with every migration. The
 * import is deleted after each input so the database stays small; the
 * database's folder is removed at exit. */
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "assistant/assistant.h"
#include "lib/log.h"
#include "lib/seal.h"
#include "migrate.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);

static struct db *db;
static char dir[] = "/tmp/sb-fuzz-rows-XXXXXX";

static void
cleanup(void)
{
	static const char *const names[] = { "r.db", "r.db-journal",
	    "r.db-wal", "r.db-shm", "secret.key" };
	char path[128];
	size_t i;

	db_close(db);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[128], key[128], err[256];

	(void)argc;
	(void)argv;
	log_set_level(LOG_ERROR);	/* the migrations' lines */
	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/r.db", dir);
	snprintf(key, sizeof(key), "%s/secret.key", dir);
	if (seal_init(key, err, sizeof(err)) != 0 ||
	    (db = db_open(path, err, sizeof(err))) == NULL ||
	    migrate_run(db, migrations_builtin, migrations_builtin_count,
	    NULL, err, sizeof(err)) < 0 ||
	    db_exec(db, "INSERT INTO users (id, username, role, "
	    "password_hash, created_at, updated_at, password_changed_at) "
	    "VALUES (1, 'fuzz', 'admin', 'x', 0, 0, 0); INSERT INTO "
	    "registration_groups (id, name, kind, created_at, updated_at) "
	    "VALUES (10, 'Branch', 'regular', 0, 0)") != DB_OK ||
	    /* No fsync per input: durability is not what is fuzzed. */
	    db_exec(db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = "
	    "MEMORY") != DB_OK) {
		fprintf(stderr, "row_mapper_fuzz: %s\n", err);
		abort();
	}
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct assistant_parse *ap = assistant_parse_new(db, 1, "list.csv");
	const char *severe = NULL;

	if (ap == NULL)
		abort();
	if (assistant_parse_feed(ap, (const char *)data, size) == 0)
		(void)assistant_parse_finish(ap, &severe);
	assistant_parse_free(ap);
	if (db_exec(db, "DELETE FROM imports") != DB_OK)
		abort();
	return 0;
}
