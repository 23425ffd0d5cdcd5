/* Switchboard — the schema migrations runner.
 * Migrations are migrations/NNNN_name.sql, embedded in the binary at build
 * time, applied in order at start-up, each in its own transaction, and
 * tracked with PRAGMA user_version. */
#ifndef SB_MIGRATE_H
#define SB_MIGRATE_H

#include <stddef.h>

struct db;

struct migration {
	int		 version;	/* NNNN of the file name, from 1 */
	const char	*name;		/* file name */
	const char	*sql;
};

/* The migrations built into this binary, in order (generated). */
extern const struct migration migrations_builtin[];
extern const int migrations_builtin_count;

/* Bring db up to the last of the n migrations in m. Before changing a
 * database that already holds tables it writes a backup into backup_dir
 * (created if missing). Refuses a database newer than the newest migration.
 * On success returns the number applied (0 if none); on failure -1 with a
 * message in err and the database as it was before the failed migration.
 * Call before any other thread uses the database. */
int	migrate_run(struct db *db, const struct migration *m, int n,
	    const char *backup_dir, char *err, size_t errlen);

/* PRAGMA user_version of db, or -1. */
int	migrate_version(struct db *db);

#endif
