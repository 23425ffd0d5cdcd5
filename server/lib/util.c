/* Switchboard — small helpers shared by every module. */
#define _GNU_SOURCE
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
oom(size_t n)
{
	fprintf(stderr, "level=fatal event=oom bytes=%zu\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);

	if (p == NULL)
		oom(count * n);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
str_copy(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

int
thread_start(pthread_t *t, void *(*fn)(void *), void *arg, const char *name)
{
	int rc = pthread_create(t, NULL, fn, arg);

	if (rc == 0)
		pthread_setname_np(*t, name);
	return rc;
}

int
mem_copy_whole(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

int
parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

#ifdef SB_TEST_HOOKS
/* The test build's clock can be moved forward: SWITCHBOARD_TEST_CLOCK
 * names a file holding seconds to add (read at most ten times a second),
 * so a test of a 30-minute expiry does not sleep 30 minutes. The release
 * build has no such hook. */
static int64_t
clock_offset(void)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static int64_t offset, read_at;
	const char *path = getenv("SWITCHBOARD_TEST_CLOCK");
	int64_t now = now_mono_ms(), v;
	FILE *f;

	if (path == NULL)
		return 0;
	pthread_mutex_lock(&mu);
	if (read_at == 0 || now - read_at >= 100) {
		read_at = now;
		if ((f = fopen(path, "r")) != NULL) {
			if (fscanf(f, "%" SCNd64, &v) == 1 && v >= 0)
				offset = v;
			fclose(f);
		}
	}
	v = offset;
	pthread_mutex_unlock(&mu);
	return v;
}

void
test_hold(const char *dir, const char *what)
{
	char path[1200];
	int i;

	snprintf(path, sizeof(path), "%s/test-hold-%s", dir, what);
	for (i = 0; i < 6000 && access(path, F_OK) == 0; i++)
		usleep(20 * 1000);
}

bool
test_fail(const char *dir, const char *what)
{
	char path[1200];

	snprintf(path, sizeof(path), "%s/test-fail-%s", dir, what);
	return access(path, F_OK) == 0;
}
#else
static int64_t
clock_offset(void)
{
	return 0;
}

void
test_hold(const char *dir, const char *what)
{
	(void)dir;
	(void)what;
}

bool
test_fail(const char *dir, const char *what)
{
	(void)dir;
	(void)what;
	return false;
}
#endif

int64_t
now_unix(void)
{
	return (int64_t)time(NULL) + clock_offset();
}

int
make_private_dir(const char *dir, const char *what, char *err,
    size_t errlen)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s%s%s: %s", what,
		    what[0] ? " " : "", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int64_t
now_unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec + clock_offset()) * 1000 + ts.tv_nsec /
	    1000000;
}

int64_t
now_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
format_gmt(int64_t t, const char *fmt, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, fmt, &tm);
}

void
format_utc(int64_t t, char *buf, size_t len)
{
	format_gmt(t, "%Y-%m-%dT%H:%M:%SZ", buf, len);
}

void
format_utc_text(int64_t t, char *buf, size_t len)
{
	format_gmt(t, "%Y-%m-%d %H:%M UTC", buf, len);
}

int
parse_utc(const char *s, int64_t *out)
{
	struct tm tm;
	const char *p;
	size_t n = strlen(s);
	int off = 0;

	if (n < 10 || n > 32)
		return -1;
	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%d", &tm);
	if (p == NULL)
		return -1;
	if (*p == 'T' || *p == ' ') {
		p = strptime(p + 1, "%H:%M", &tm);
		if (p == NULL)
			return -1;
		if (*p == ':') {
			p = strptime(p + 1, "%S", &tm);
			if (p == NULL)
				return -1;
		}
	}
	if (*p == '.')		/* fractions of a second: dropped */
		while (isdigit((unsigned char)*++p))
			;
	if (*p == 'Z')
		p++;
	else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && p[3] == ':' &&
	    isdigit((unsigned char)p[4]) && isdigit((unsigned char)p[5]) &&
	    p[6] == '\0') {
		/* An offset from UTC: local time minus the offset is UTC. */
		off = ((p[1] - '0') * 10 + p[2] - '0') * 3600 +
		    ((p[4] - '0') * 10 + p[5] - '0') * 60;
		if (*p == '-')
			off = -off;
		p += 6;
	}
	if (*p != '\0')
		return -1;
	*out = (int64_t)timegm(&tm) - off;
	return 0;
}

int
read_file_max(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max + 1, f);
	if (ferror(f) || n > max) {
		fclose(f);
		free(buf);
		errno = EFBIG;
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int
fsync_parent_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd, rc = -1;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

int
write_file_atomic(const char *path, const void *data, size_t len, int mode)
{
	char tmp[4096];
	const char *p = data;
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, mode) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	return fsync_parent_dir(path);
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

bool
time_of_day(const char *s, int *minutes)
{
	if (s == NULL || strlen(s) != 5 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return false;
	*minutes = ((s[0] - '0') * 10 + s[1] - '0') * 60 + (s[3] - '0') * 10 +
	    s[4] - '0';
	return *minutes < 24 * 60 && (s[3] - '0') < 6;
}
