/* Unit tests of the system backup's manifest check, its member-path rules
 * and the passphrase-sealed key (server/lib/backup_manifest.c,
 * backup_key.c). */
#include <sodium.h>
#include <string.h>

#include "lib/backup_key.h"
#include "lib/backup_manifest.h"
#include "test.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static json_t *
manifest(void)
{
	return json_pack("{s:s,s:i,s:s,s:i,s:[{s:s,s:i,s:s},{s:s,s:i,s:s}],"
	    "s:n}", "format", BACKUP_FORMAT, "format_version", 1,
	    "product_version", "0.1.0", "schema_version", 27, "members",
	    "path", "switchboard.db", "size", 4096, "sha256", SHA,
	    "path", "firmware/" SHA, "size", 10, "sha256", SHA, "key");
}

static enum backup_verdict
judge(json_t *m, char *err)
{
	enum backup_verdict v = backup_manifest_check(m, 27, err, 200);

	json_decref(m);
	return v;
}

static void
paths(void)
{
	CHECK(backup_member_path_ok("switchboard.db") &&
	    backup_member_path_ok("tls/server.pem") &&
	    backup_member_path_ok("secret.key.sealed") &&
	    backup_member_path_ok("firmware/" SHA), "the known members pass");
	CHECK(!backup_member_path_ok("../switchboard.db") &&
	    !backup_member_path_ok("/etc/passwd") &&
	    !backup_member_path_ok("firmware/../secret.key") &&
	    !backup_member_path_ok("firmware/" SHA "/x") &&
	    !backup_member_path_ok("firmware/ABCDEF") &&
	    !backup_member_path_ok("./switchboard.db") &&
	    !backup_member_path_ok("secret.key") &&
	    !backup_member_path_ok("") && !backup_member_path_ok(NULL),
	    "'..', absolute, unknown and malformed paths are refused");
}

static void
verdicts(void)
{
	char err[200];
	json_t *m;

	CHECK_INT(judge(manifest(), err), BACKUP_OK, "a sound manifest");
	m = manifest();
	json_object_set_new(m, "format", json_string("other-backup"));
	CHECK(judge(m, err) == BACKUP_FOREIGN && strcmp(err, "not a "
	    "Switchboard system backup") == 0, "another format is foreign");
	CHECK(judge(json_array(), err) == BACKUP_FOREIGN, "not an object");
	m = manifest();
	json_object_set_new(m, "schema_version", json_integer(31));
	CHECK(judge(m, err) == BACKUP_NEWER && strcmp(err, "made by a newer "
	    "Switchboard (schema 31, this one knows 27)") == 0,
	    "a newer schema, in so many words");
	m = manifest();
	json_object_set_new(m, "format_version", json_integer(2));
	CHECK(judge(m, err) == BACKUP_NEWER, "a newer archive format");
	m = manifest();
	json_object_set_new(json_array_get(json_object_get(m, "members"), 1),
	    "path", json_string("../../etc/cron.d/x"));
	CHECK(judge(m, err) == BACKUP_BAD && strstr(err, "../../etc") != NULL,
	    "a '..' member is refused by name");
	m = manifest();
	json_array_remove(json_object_get(m, "members"), 0);
	CHECK(judge(m, err) == BACKUP_BAD && strstr(err, "no database"),
	    "no database");
	m = manifest();
	json_array_append(json_object_get(m, "members"), json_array_get(
	    json_object_get(m, "members"), 0));
	CHECK(judge(m, err) == BACKUP_BAD && strstr(err, "twice"),
	    "a member named twice");
	m = manifest();
	json_object_set_new(json_array_get(json_object_get(m, "members"), 1),
	    "size", json_integer(BACKUP_TOTAL_MAX));
	CHECK(judge(m, err) == BACKUP_BAD && strstr(err, "8 GiB"),
	    "members past the total cap");
	m = manifest();
	json_object_set_new(json_array_get(json_object_get(m, "members"), 0),
	    "sha256", json_string("abc"));
	CHECK(judge(m, err) == BACKUP_BAD, "a checksum that is not 64 hex");
	m = manifest();
	json_array_append_new(json_object_get(m, "members"), json_pack(
	    "{s:s,s:i,s:s}", "path", "secret.key.sealed", "size", 48,
	    "sha256", SHA));
	CHECK(judge(m, err) == BACKUP_BAD, "a sealed key without its KDF");
}

static void
key(void)
{
	unsigned char k[32], back[32], sealed[BACKUP_KEY_SEALED_LEN(32)];
	json_t *kdf = NULL, *m;
	char err[200];

	randombytes_buf(k, sizeof(k));
	CHECK(backup_key_seal(k, sizeof(k), "correct horse battery", sealed,
	    &kdf) == 0 && kdf != NULL, "the key seals");
	CHECK(json_integer_value(json_object_get(kdf, "opslimit")) >=
	    crypto_pwhash_OPSLIMIT_MODERATE && json_integer_value(
	    json_object_get(kdf, "memlimit")) >=
	    crypto_pwhash_MEMLIMIT_MODERATE, "MODERATE limits or stronger");
	CHECK(backup_key_open(kdf, sealed, sizeof(sealed),
	    "correct horse battery", back, sizeof(back)) == 0 &&
	    memcmp(k, back, sizeof(k)) == 0, "the passphrase opens it");
	CHECK(backup_key_open(kdf, sealed, sizeof(sealed),
	    "correct horse batterY", back, sizeof(back)) == -1,
	    "a wrong passphrase does not");
	m = manifest();
	json_array_append_new(json_object_get(m, "members"), json_pack(
	    "{s:s,s:i,s:s}", "path", "secret.key.sealed", "size", 48,
	    "sha256", SHA));
	json_object_set(m, "key", kdf);
	CHECK(judge(json_incref(m), err) == BACKUP_OK, "with its KDF: sound");
	json_object_set_new(kdf, "memlimit", json_integer(
	    (json_int_t)crypto_pwhash_MEMLIMIT_SENSITIVE * 4));
	CHECK(judge(m, err) == BACKUP_BAD, "a KDF past the memory cap");
	json_decref(kdf);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	paths();
	verdicts();
	key();
	CHECK(backup_passphrase_problem("short") != NULL &&
	    backup_passphrase_problem("ééééééééééé") != NULL &&
	    backup_passphrase_problem("twelve chars") == NULL,
	    "passphrases: 12 characters, counted as characters");
	return test_done();
}
