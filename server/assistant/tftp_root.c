/* Switchboard — reading a phone configuration directory. */
#include "tftp_root.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int
tftp_root_clean_path(const char *in, char out[TFTP_ROOT_PATH_MAX])
{
	size_t o = 0;
	const char *p = in;

	if (in[0] == '/' || in[0] == '\\' || (in[0] && in[1] == ':'))
		return -1;
	while (*p) {
		const char *part = p;
		size_t n;

		while (*p && *p != '/' && *p != '\\') {
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return -1;
			p++;
		}
		n = (size_t)(p - part);
		if (*p)
			p++;
		if (n == 0 || (n == 1 && part[0] == '.'))
			continue;
		if (n == 2 && part[0] == '.' && part[1] == '.')
			return -1;
		if (o + n + 2 > TFTP_ROOT_PATH_MAX)
			return -1;
		if (o)
			out[o++] = '/';
		memcpy(out + o, part, n);
		o += n;
	}
	out[o] = '\0';
	return o ? 0 : -1;
}

static bool
wanted_name(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && (strcasecmp(path + n - 4, ".cfg") == 0 ||
	    strcasecmp(path + n - 4, ".xml") == 0);
}

static int
depth_of(const char *path)
{
	int d = 0;

	for (; *path; path++)
		d += *path == '/';
	return d;
}

struct archive_src {
	tftp_root_read_fn	 rd;
	void			*arg;
	char			 buf[64 * 1024];
};

static la_ssize_t
archive_src_read(struct archive *a, void *arg, const void **out)
{
	struct archive_src *s = arg;
	ssize_t n = s->rd(s->arg, s->buf, sizeof(s->buf));

	if (n < 0) {
		archive_set_error(a, EIO, "the upload was cut short");
		return -1;
	}
	*out = s->buf;
	return n;
}

int
tftp_root_from_archive(tftp_root_read_fn rd, void *rarg, tftp_root_file_fn fn,
    void *arg, struct tftp_root_report *rep, char *err, size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct archive_src *src = malloc(sizeof(*src));
	char path[TFTP_ROOT_PATH_MAX], *data = NULL;
	long total = 0;
	int rc = -1, r;

	memset(rep, 0, sizeof(*rep));
	if (a == NULL || src == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((data = malloc(TFTP_ROOT_FILE_MAX + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	src->rd = rd;
	src->arg = rarg;
	archive_read_support_filter_gzip(a);
	archive_read_support_format_zip_streamable(a);
	archive_read_support_format_tar(a);
	if (archive_read_open(a, src, NULL, archive_src_read, NULL) !=
	    ARCHIVE_OK) {
		snprintf(err, errlen, "not a .zip or .tar.gz archive (%s)",
		    archive_error_string(a) ? archive_error_string(a) : "?");
		goto out;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		la_int64_t size = archive_entry_size(e);
		la_ssize_t got = 0;

		if (++rep->entries > TFTP_ROOT_ENTRIES_MAX) {
			snprintf(err, errlen, "the archive has more than %d "
			    "entries", TFTP_ROOT_ENTRIES_MAX);
			goto out;
		}
		if (name == NULL || tftp_root_clean_path(name, path) != 0) {
			snprintf(err, errlen, "the entry \"%.200s\" would leave "
			    "the configuration directory; nothing was read",
			    name ? name : "(no name)");
			goto out;
		}
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_hardlink(e) || !wanted_name(path) ||
		    depth_of(path) > TFTP_ROOT_DEPTH_MAX) {
			rep->skipped_other++;
			continue;
		}
		/* A zip written by a stream may not say the size up front:
		 * read up to one byte past the limit to find out. */
		if (archive_entry_size_is_set(e) && size > TFTP_ROOT_FILE_MAX) {
			rep->skipped_large++;
			continue;
		}
		size = 0;
		while (size <= TFTP_ROOT_FILE_MAX && (got = archive_read_data(a,
		    data + size, (size_t)(TFTP_ROOT_FILE_MAX + 1 - size))) > 0)
			size += got;
		if (got < 0) {
			snprintf(err, errlen, "the entry \"%.200s\" cannot be "
			    "read (%s)", path, archive_error_string(a) ?
			    archive_error_string(a) : "?");
			goto out;
		}
		if (size > TFTP_ROOT_FILE_MAX) {
			rep->skipped_large++;
			continue;
		}
		if (total + size > TFTP_ROOT_TOTAL_MAX) {
			snprintf(err, errlen, "the configuration files add up "
			    "to more than %ld MiB", TFTP_ROOT_TOTAL_MAX >> 20);
			goto out;
		}
		total += size;
		rep->files++;
		if (fn(arg, path, data, (size_t)size) != 0) {
			snprintf(err, errlen, "stopped at \"%.200s\"", path);
			goto out;
		}
	}
	if (r != ARCHIVE_EOF) {
		snprintf(err, errlen, "the archive cannot be read (%s)",
		    archive_error_string(a) ? archive_error_string(a) : "?");
		goto out;
	}
	rc = 0;
out:
	free(data);
	free(src);
	if (a)
		archive_read_free(a);
	return rc;
}

struct walk {
	tftp_root_file_fn	 fn;
	void			*arg;
	struct tftp_root_report	*rep;
	long			 total;
	char			*err;
	size_t			 errlen;
};

/* Read a regular file of at most max bytes without following a link. */
static char *
read_small(int dirfd, const char *name, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	char *buf = NULL;
	size_t at = 0;
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > TFTP_ROOT_FILE_MAX ||
	    (buf = malloc((size_t)sb.st_size + 1)) == NULL)
		goto fail;
	while (at < (size_t)sb.st_size && (n = read(fd, buf + at,
	    (size_t)sb.st_size - at)) > 0)
		at += (size_t)n;
	if (at != (size_t)sb.st_size)
		goto fail;
	close(fd);
	*len = at;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

static int
walk_dir(struct walk *w, int fd, const char *rel, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	char path[TFTP_ROOT_PATH_MAX];
	int rc = 0;

	if (d == NULL) {
		close(fd);
		snprintf(w->err, w->errlen, "the folder %s cannot be read: %s",
		    rel[0] ? rel : ".", strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct stat sb;
		size_t len;
		char *data;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..")
		    == 0)
			continue;
		if (++w->rep->entries > TFTP_ROOT_ENTRIES_MAX) {
			snprintf(w->err, w->errlen, "the folder has more than "
			    "%d entries", TFTP_ROOT_ENTRIES_MAX);
			rc = -1;
			break;
		}
		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", rel,
		    rel[0] ? "/" : "", de->d_name) >= sizeof(path) ||
		    fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW)
		    != 0) {
			w->rep->skipped_other++;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			int sub;

			if (depth >= TFTP_ROOT_DEPTH_MAX || (sub = openat(
			    dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC)) < 0) {
				w->rep->skipped_other++;
				continue;
			}
			rc = walk_dir(w, sub, path, depth + 1);
			continue;
		}
		if (!S_ISREG(sb.st_mode) || !wanted_name(de->d_name)) {
			w->rep->skipped_other++;
			continue;
		}
		if (sb.st_size > TFTP_ROOT_FILE_MAX) {
			w->rep->skipped_large++;
			continue;
		}
		if ((data = read_small(dirfd(d), de->d_name, &len)) == NULL) {
			w->rep->skipped_other++;
			continue;
		}
		if (w->total + (long)len > TFTP_ROOT_TOTAL_MAX) {
			snprintf(w->err, w->errlen, "the configuration files "
			    "add up to more than %ld MiB",
			    TFTP_ROOT_TOTAL_MAX >> 20);
			rc = -1;
		} else {
			w->total += (long)len;
			w->rep->files++;
			if (w->fn(w->arg, path, data, len) != 0) {
				snprintf(w->err, w->errlen, "stopped at "
				    "\"%.200s\"", path);
				rc = -1;
			}
		}
		free(data);
	}
	closedir(d);
	return rc;
}

int
tftp_root_from_dir(const char *dir, tftp_root_file_fn fn, void *arg,
    struct tftp_root_report *rep, char *err, size_t errlen)
{
	struct walk w = { fn, arg, rep, 0, err, errlen };
	int fd;

	memset(rep, 0, sizeof(*rep));
	if (dir[0] != '/') {
		snprintf(err, errlen, "give the folder as an absolute path");
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "the folder cannot be opened: %s",
		    strerror(errno));
		return -1;
	}
	return walk_dir(&w, fd, "", 0);
}
