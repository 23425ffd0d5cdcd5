/* Switchboard — the browser UI's files, from a fixed in-memory table. */
#include "static_files.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/util.h"

#define STATIC_MAX_FILES 512
#define STATIC_MAX_FILE (4 * 1024 * 1024)
#define STATIC_MAX_TOTAL (32 * 1024 * 1024)
#define STATIC_MAX_DEPTH 6

static struct static_file files[STATIC_MAX_FILES];
static int nfiles;
static size_t total_bytes;

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".json", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *
type_of(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t m = strlen(types[i].ext);

		if (n > m && strcmp(name + n - m, types[i].ext) == 0)
			return types[i].type;
	}
	return NULL;
}

static int
add_file(const char *path, const char *uri, const char *type, char *err,
    size_t errlen)
{
	struct static_file *f;
	unsigned char h[16];
	char *data;
	size_t len;

	if (nfiles == STATIC_MAX_FILES) {
		snprintf(err, errlen, "web root holds more than %d files",
		    STATIC_MAX_FILES);
		return -1;
	}
	if (read_file_max(path, STATIC_MAX_FILE, &data, &len) != 0) {
		snprintf(err, errlen, "cannot read %s (or larger than %d "
		    "bytes)", path, STATIC_MAX_FILE);
		return -1;
	}
	total_bytes += len;
	if (total_bytes > STATIC_MAX_TOTAL) {
		free(data);
		snprintf(err, errlen, "web root is larger than %d bytes",
		    STATIC_MAX_TOTAL);
		return -1;
	}
	f = &files[nfiles++];
	f->uri = xstrdup(uri);
	f->data = data;
	f->len = len;
	f->type = type;
	crypto_generichash(h, sizeof(h), (unsigned char *)data, len, NULL, 0);
	f->etag[0] = '"';
	sodium_bin2hex(f->etag + 1, sizeof(f->etag) - 2, h, sizeof(h));
	strcat(f->etag, "\"");
	return 0;
}

static int
walk(const char *dir, const char *uri_prefix, int depth, char *err,
    size_t errlen)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > STATIC_MAX_DEPTH)
		return 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "cannot open web root %s", dir);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char path[1024], uri[512];
		struct stat sb;
		const char *type;

		if (e->d_name[0] == '.')
			continue;	/* hidden files, ".", ".." */
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path) || snprintf(uri, sizeof(uri), "%s/%s",
		    uri_prefix, e->d_name) >= (int)sizeof(uri))
			continue;
		if (lstat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			rc = walk(path, uri, depth + 1, err, errlen);
		else if (S_ISREG(sb.st_mode) && (type = type_of(e->d_name)))
			rc = add_file(path, uri, type, err, errlen);
	}
	closedir(d);
	return rc;
}

int
static_files_load(const char *root, char *err, size_t errlen)
{
	static_files_free();
	if (walk(root, "", 0, err, errlen) != 0)
		return -1;
	if (static_files_find("/index.html") == NULL) {
		snprintf(err, errlen, "web root %s has no index.html", root);
		return -1;
	}
	return 0;
}

void
static_files_free(void)
{
	int i;

	for (i = 0; i < nfiles; i++) {
		free(files[i].uri);
		free(files[i].data);
	}
	memset(files, 0, sizeof(files));
	nfiles = 0;
	total_bytes = 0;
}

const struct static_file *
static_files_find(const char *uri)
{
	int i;

	if (strcmp(uri, "/") == 0)
		uri = "/index.html";
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].uri, uri) == 0)
			return &files[i];
	return NULL;
}

int
static_files_count(void)
{
	return nfiles;
}
