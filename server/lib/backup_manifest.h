/* Switchboard — the manifest of a whole-system backup archive and the rules
 * its members follow. Pure: plain JSON and text in, a verdict and a message
 * out; the archive reader (system_restore.c) applies them before it writes
 * a byte of any member to disk. */
#ifndef SB_BACKUP_MANIFEST_H
#define SB_BACKUP_MANIFEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BACKUP_FORMAT		"switchboard-system-backup"
#define BACKUP_FORMAT_VERSION	1
#define BACKUP_MANIFEST_NAME	"manifest.json"
#define BACKUP_MANIFEST_MAX	(1024 * 1024)	/* bytes of manifest.json */
#define BACKUP_MEMBERS_MAX	4096
#define BACKUP_TOTAL_MAX	(8LL * 1024 * 1024 * 1024)	/* all members */
#define BACKUP_MEMBER_DB	"switchboard.db"
#define BACKUP_MEMBER_CERT	"tls/server.pem"
#define BACKUP_MEMBER_KEY	"secret.key.sealed"
#define BACKUP_FIRMWARE_DIR	"firmware/"
#define BACKUP_PASSPHRASE_MIN	12
#define BACKUP_PASSPHRASE_MAX	1024

enum backup_verdict {
	BACKUP_OK = 0,
	BACKUP_FOREIGN,		/* not a Switchboard system backup */
	BACKUP_NEWER,		/* made by a newer Switchboard */
	BACKUP_BAD		/* says it is one, but does not hold together */
};

/* True if path may name a member: one of switchboard.db, tls/server.pem,
 * secret.key.sealed, or firmware/ followed by 64 lower-case hex digits (a
 * firmware file's SHA-256). So never absolute, never "..", never a name
 * the restore does not know where to put. */
bool	 backup_member_path_ok(const char *path);

/* Judge a parsed manifest.json against this binary's schema version
 * (max_schema). BACKUP_OK; else the verdict with a sentence in err:
 * BACKUP_FOREIGN "not a Switchboard system backup" (no or another format
 * name), BACKUP_NEWER "made by a newer Switchboard (schema N, this one
 * knows M)" (schema or format version ahead), BACKUP_BAD naming what is
 * wrong (members missing, a path the rules refuse, a size past the caps,
 * a checksum that is not 64 hex digits, a key without its KDF). */
enum backup_verdict backup_manifest_check(const json_t *m, int max_schema,
	    char *err, size_t errlen);

/* The size and SHA-256 (hex, borrowed) the manifest names for path:
 * true, or false when it names no such member. m must have passed
 * backup_manifest_check. */
bool	 backup_manifest_member(const json_t *m, const char *path,
	    int64_t *size, const char **sha256);

/* A passphrase the admin may seal the key with: NULL when it will do,
 * else the sentence that says why not (at least BACKUP_PASSPHRASE_MIN
 * characters, at most BACKUP_PASSPHRASE_MAX bytes). */
const char *backup_passphrase_problem(const char *passphrase);

#endif
