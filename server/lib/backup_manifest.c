/* Switchboard — the manifest of a whole-system backup and its member
 * rules. */
#include "backup_manifest.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "backup_key.h"

static bool
hex_of_len(const char *s, size_t n)
{
	size_t i;

	if (s == NULL || strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
backup_member_path_ok(const char *path)
{
	size_t n = strlen(BACKUP_FIRMWARE_DIR);

	if (path == NULL)
		return false;
	if (strcmp(path, BACKUP_MEMBER_DB) == 0 ||
	    strcmp(path, BACKUP_MEMBER_CERT) == 0 ||
	    strcmp(path, BACKUP_MEMBER_KEY) == 0)
		return true;
	return strncmp(path, BACKUP_FIRMWARE_DIR, n) == 0 &&
	    hex_of_len(path + n, 64);
}

/* An integer member of o in [min, max]: true and *v, or false. */
static bool
int_in(const json_t *o, const char *name, json_int_t min, json_int_t max,
    json_int_t *v)
{
	json_t *x = json_object_get(o, name);

	if (!json_is_integer(x))
		return false;
	*v = json_integer_value(x);
	return *v >= min && *v <= max;
}

static enum backup_verdict
bad(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "damaged: the manifest %s", what);
	return BACKUP_BAD;
}

static enum backup_verdict
check_members(const json_t *members, char *err, size_t errlen)
{
	json_int_t size, total = 0;
	size_t i, j;
	bool db = false;

	if (!json_is_array(members) || json_array_size(members) == 0 ||
	    json_array_size(members) > BACKUP_MEMBERS_MAX)
		return bad(err, errlen, "has no list of members");
	for (i = 0; i < json_array_size(members); i++) {
		json_t *e = json_array_get(members, i);
		const char *p = json_string_value(json_object_get(e, "path"));

		if (!backup_member_path_ok(p)) {
			snprintf(err, errlen, "damaged: the manifest names a "
			    "member this Switchboard does not restore: %.80s",
			    p ? p : "(no path)");
			return BACKUP_BAD;
		}
		if (!int_in(e, "size", 0, BACKUP_TOTAL_MAX, &size) ||
		    !hex_of_len(json_string_value(json_object_get(e,
		    "sha256")), 64)) {
			snprintf(err, errlen, "damaged: the manifest's entry "
			    "for %s has no size or SHA-256", p);
			return BACKUP_BAD;
		}
		for (j = 0; j < i; j++)
			if (strcmp(p, json_string_value(json_object_get(
			    json_array_get(members, j), "path"))) == 0) {
				snprintf(err, errlen, "damaged: the manifest "
				    "names %s twice", p);
				return BACKUP_BAD;
			}
		total += size;
		if (total > BACKUP_TOTAL_MAX)
			return bad(err, errlen, "adds up to more than this "
			    "Switchboard restores (8 GiB)");
		db |= strcmp(p, BACKUP_MEMBER_DB) == 0;
	}
	if (!db)
		return bad(err, errlen, "names no database");
	return BACKUP_OK;
}

enum backup_verdict
backup_manifest_check(const json_t *m, int max_schema, char *err,
    size_t errlen)
{
	const char *format = json_string_value(json_object_get(m, "format"));
	const char *sha;
	int64_t key_size;
	json_t *key = json_object_get(m, "key");
	json_int_t fv, schema;
	enum backup_verdict v;
	bool has_key_member;

	if (!json_is_object(m) || format == NULL ||
	    strcmp(format, BACKUP_FORMAT) != 0) {
		snprintf(err, errlen, "not a Switchboard system backup");
		return BACKUP_FOREIGN;
	}
	if (!int_in(m, "format_version", 1, INT32_MAX, &fv) ||
	    !int_in(m, "schema_version", 1, INT32_MAX, &schema))
		return bad(err, errlen, "has no format or schema version");
	if (fv > BACKUP_FORMAT_VERSION) {
		snprintf(err, errlen, "made by a newer Switchboard (archive "
		    "format %lld, this one knows %d)", (long long)fv,
		    BACKUP_FORMAT_VERSION);
		return BACKUP_NEWER;
	}
	if (schema > max_schema) {
		snprintf(err, errlen, "made by a newer Switchboard (schema "
		    "%lld, this one knows %d)", (long long)schema, max_schema);
		return BACKUP_NEWER;
	}
	if ((v = check_members(json_object_get(m, "members"), err,
	    errlen)) != BACKUP_OK)
		return v;
	has_key_member = backup_manifest_member(m, BACKUP_MEMBER_KEY,
	    &key_size, &sha);
	if (key == NULL || json_is_null(key))
		return has_key_member ? bad(err, errlen, "lists a sealed key "
		    "but not how it was sealed") : BACKUP_OK;
	if (!has_key_member || backup_key_kdf_check(key) != 0)
		return bad(err, errlen, "describes the sealed key in a way "
		    "this Switchboard does not accept");
	return BACKUP_OK;
}

bool
backup_manifest_member(const json_t *m, const char *path, int64_t *size,
    const char **sha256)
{
	json_t *members = json_object_get(m, "members");
	size_t i;

	for (i = 0; i < json_array_size(members); i++) {
		json_t *e = json_array_get(members, i);
		const char *p = json_string_value(json_object_get(e, "path"));

		if (p && strcmp(p, path) == 0) {
			*size = json_integer_value(json_object_get(e, "size"));
			*sha256 = json_string_value(json_object_get(e,
			    "sha256"));
			return true;
		}
	}
	return false;
}

const char *
backup_passphrase_problem(const char *passphrase)
{
	size_t chars = 0;
	const unsigned char *p;

	if (passphrase == NULL || strlen(passphrase) > BACKUP_PASSPHRASE_MAX)
		return "The passphrase must be 12 to 1024 characters long.";
	/* Characters, not bytes: continuation bytes do not count. */
	for (p = (const unsigned char *)passphrase; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars < BACKUP_PASSPHRASE_MIN)
		return "The passphrase must be at least 12 characters long.";
	return NULL;
}
