/* Switchboard — what an update changed in a record: a walk of two
 * versions side by side that notes each differing field under its path,
 * old and new, and skips secrets wherever they sit. */
#include "json_diff.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DIFF_PATH_MAX 512

/* Parts of a member name that mark a secret. Matched anywhere in the
 * name, so "sip_password", "auth_password" and "token_hash" are caught
 * without listing every table's column. */
static const char *const secret_words[] = {
	"password", "passwd", "secret", "token", "hash", "api_key", "apikey",
	"jwt", "private_key", "credential", "conference_pin", NULL
};

/* Whether word (lower case) is in s, in any letter case. */
static bool
contains_word(const char *s, const char *word)
{
	size_t i, n = strlen(word);

	for (; *s != '\0'; s++) {
		for (i = 0; i < n && s[i] != '\0' &&
		    tolower((unsigned char)s[i]) == word[i]; i++)
			;
		if (i == n)
			return true;
	}
	return false;
}

bool
json_diff_is_secret(const char *key)
{
	size_t i;

	for (i = 0; secret_words[i] != NULL; i++)
		if (contains_word(key, secret_words[i]))
			return true;
	return false;
}

static bool
ignored(const char *key, const char *const *ignore)
{
	for (; ignore != NULL && *ignore != NULL; ignore++)
		if (strcmp(key, *ignore) == 0)
			return true;
	return false;
}

/* A copy of v without its secrets, for a value noted whole. */
static json_t *
without_secrets(json_t *v)
{
	const char *key;
	json_t *out, *m;
	size_t i;

	if (v == NULL)
		return json_null();
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, key, m)
			if (!json_diff_is_secret(key))
				json_object_set_new(out, key,
				    without_secrets(m));
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, m)
			json_array_append_new(out, without_secrets(m));
		return out;
	}
	return json_deep_copy(v);
}

/* An object, or nothing where an object could be. */
static bool
object_or_none(json_t *v)
{
	return v == NULL || json_is_null(v) || json_is_object(v);
}

/* An array walked element by element: every element an object. */
static bool
array_of_objects(json_t *v)
{
	json_t *m;
	size_t i;

	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, m)
		if (!json_is_object(m))
			return false;
	return true;
}

static void diff_value(json_t *out, char *path, size_t len, json_t *a,
    json_t *b, const char *const *ignore);

/* Append a path step to path (which holds len bytes); the new length, or
 * 0 when the path would not fit (the field is then left out: a record
 * nests a few levels, never hundreds of bytes deep). */
static size_t
step(char *path, size_t len, const char *fmt, const char *key, size_t index)
{
	int n;

	if (key != NULL)
		n = snprintf(path + len, DIFF_PATH_MAX - len, fmt, key);
	else
		n = snprintf(path + len, DIFF_PATH_MAX - len, fmt, index);
	if (n < 0 || (size_t)n >= DIFF_PATH_MAX - len) {
		path[len] = '\0';
		return 0;
	}
	return len + (size_t)n;
}

static void
diff_objects(json_t *out, char *path, size_t len, json_t *a,
    json_t *b, const char *const *ignore)
{
	const char *key;
	json_t *m;
	size_t at;

	json_object_foreach(a, key, m) {
		if (json_diff_is_secret(key) || ignored(key, ignore))
			continue;
		if ((at = step(path, len, len ? ".%s" : "%s", key, 0)) == 0)
			continue;
		diff_value(out, path, at, m, json_object_get(b, key), ignore);
		path[len] = '\0';
	}
	json_object_foreach(b, key, m) {
		if (json_diff_is_secret(key) || ignored(key, ignore) ||
		    json_object_get(a, key) != NULL)
			continue;
		if ((at = step(path, len, len ? ".%s" : "%s", key, 0)) == 0)
			continue;
		diff_value(out, path, at, NULL, m, ignore);
		path[len] = '\0';
	}
}

static void
diff_value(json_t *out, char *path, size_t len, json_t *a,
    json_t *b, const char *const *ignore)
{
	size_t i, n, at;

	if (a != NULL && b != NULL && json_equal(a, b))
		return;
	if (a == NULL && b == NULL)
		return;
	if (object_or_none(a) && object_or_none(b) && (json_is_object(a) ||
	    json_is_object(b))) {
		diff_objects(out, path, len, json_is_object(a) ? a : NULL,
		    json_is_object(b) ? b : NULL, ignore);
		return;
	}
	if ((array_of_objects(a) || (a == NULL && array_of_objects(b))) &&
	    (array_of_objects(b) || b == NULL) && (json_array_size(a) > 0 ||
	    json_array_size(b) > 0)) {
		n = json_array_size(a) > json_array_size(b) ?
		    json_array_size(a) : json_array_size(b);
		for (i = 0; i < n; i++) {
			if ((at = step(path, len, "[%zu]", NULL, i)) == 0)
				continue;
			diff_value(out, path, at, json_array_get(a, i),
			    json_array_get(b, i), ignore);
			path[len] = '\0';
		}
		return;
	}
	json_object_set_new(out, path, json_pack("[oo]", without_secrets(a),
	    without_secrets(b)));
}

json_t *
json_diff(json_t *before, json_t *after,
    const char *const *ignore)
{
	char path[DIFF_PATH_MAX] = "";
	json_t *out = json_object();

	diff_objects(out, path, 0, json_is_object(before) ? before : NULL,
	    json_is_object(after) ? after : NULL, ignore);
	return out;
}
