/* Switchboard — faultfs, an LD_PRELOAD shim for the fault-injection run
 * (tests/crash/faults.py): it counts the calls to write, pwrite, pwrite64,
 * fsync and fdatasync that match its settings and fails the k-th one
 * with EIO or ENOSPC, without doing it.
 *
 * Settings, from the environment:
 *   FAULT_CALL        calls to count, comma-separated ("fsync,fdatasync")
 *   FAULT_K           the matching call to fail, from 1; 0 only counts
 *   FAULT_ERRNO       EIO or ENOSPC
 *   FAULT_PATH_SUBSTR count only calls on files whose path holds this
 *   FAULT_ARM_FILE    count only while this file exists: the runner makes
 *                     it just before the commit and removes it once the
 *                     outcome is known, so start-up and idle work are
 *                     never counted
 *   FAULT_COUNT_FILE  where the number of matching calls is written at
 *                     each one (for the counting run)
 * Each failed call is logged on stderr: "faultfs: failing fsync #3 on …". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

static const char *calls, *path_substr, *arm_file, *count_file;
static long fail_k;
static int fail_errno = EIO;
static atomic_long counted;

__attribute__((constructor)) static void
faultfs_init(void)
{
	const char *k = getenv("FAULT_K"), *e = getenv("FAULT_ERRNO");

	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	calls = getenv("FAULT_CALL");
	path_substr = getenv("FAULT_PATH_SUBSTR");
	arm_file = getenv("FAULT_ARM_FILE");
	count_file = getenv("FAULT_COUNT_FILE");
	fail_k = k ? strtol(k, NULL, 10) : 0;
	if (e && strcmp(e, "ENOSPC") == 0)
		fail_errno = ENOSPC;
}

/* Whether name is one of the comma-separated FAULT_CALL names. */
static int
listed(const char *name)
{
	size_t n = strlen(name);
	const char *p = calls;

	while (p && *p) {
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

static void
say(const char *text)
{
	if (real_write)
		(void)real_write(2, text, strlen(text));
}

/* Record the count where the runner reads it (through the real calls, so
 * uncounted). */
static void
save_count(long n)
{
	char buf[32];
	int fd, len;

	if (count_file == NULL || (fd = open(count_file, O_WRONLY | O_CREAT |
	    O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return;
	len = snprintf(buf, sizeof(buf), "%ld\n", n);
	(void)real_write(fd, buf, (size_t)len);
	close(fd);
}

/* 1 when this call is to fail (errno set), 0 to go ahead. */
static int
fault(const char *name, int fd)
{
	char link[64], path[1024], msg[1200];
	ssize_t n;
	long k;

	if (!listed(name) || (arm_file && access(arm_file, F_OK) != 0))
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) < 0)
		return 0;
	path[n] = '\0';
	if (path_substr && strstr(path, path_substr) == NULL)
		return 0;
	k = atomic_fetch_add(&counted, 1) + 1;
	save_count(k);
	if (k != fail_k)
		return 0;
	snprintf(msg, sizeof(msg), "faultfs: failing %s #%ld on %s with %s\n",
	    name, k, path, fail_errno == ENOSPC ? "ENOSPC" : "EIO");
	say(msg);
	errno = fail_errno;
	return 1;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	return fault("write", fd) ? -1 : real_write(fd, buf, len);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return fault("pwrite", fd) ? -1 : real_pwrite(fd, buf, len, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	return fault("pwrite", fd) ? -1 : real_pwrite64(fd, buf, len, off);
}

int
fsync(int fd)
{
	return fault("fsync", fd) ? -1 : real_fsync(fd);
}

int
fdatasync(int fd)
{
	return fault("fdatasync", fd) ? -1 : real_fdatasync(fd);
}
