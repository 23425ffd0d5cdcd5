/* Switchboard — small helpers shared by every module.
 * Allocation that aborts on exhaustion (every input is capped, so running
 * out of memory is a bug), bounded number parsing and time stamps. */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Allocate or abort. Caller frees with free(). */
void	*xmalloc(size_t n);
void	*xcalloc(size_t count, size_t n);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

/* Copy src into dst of size (> 0) bytes, cut to fit, always terminated;
 * the cheap form of snprintf(dst, size, "%s", src) for hot paths. */
void	 str_copy(char *dst, const char *src, size_t size);

/* Copy the n bytes at src into dst of size bytes and terminate them; -1
 * (dst untouched) if they do not fit. For fields parsed out of a message,
 * where a value cut short would be a different value. */
int	 mem_copy_whole(char *dst, size_t size, const char *src, size_t n);

/* Start a thread running fn(arg), named (at most 15 bytes) for top -H
 * and perf. pthread_create's result. */
int	 thread_start(pthread_t *t, void *(*fn)(void *), void *arg,
	    const char *name);

/* Parse a whole decimal string into [min, max]. Returns 0 or -1. */
int	 parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Create directory dir for the appliance's own files (0700); one that
 * exists is fine. 0, or -1 with "cannot create <what> <dir>: <reason>" in
 * err. */
int	 make_private_dir(const char *dir, const char *what, char *err,
	    size_t errlen);

/* Seconds and milliseconds since the epoch (wall clock), and
 * milliseconds of the monotonic clock. */
int64_t	 now_unix(void);
int64_t	 now_unix_ms(void);
int64_t	 now_mono_ms(void);

/* The test build waits here while <dir>/test-hold-<what> exists (at most
 * two minutes), so a test can act while a job is in a given state; the
 * release build never waits. */
void	 test_hold(const char *dir, const char *what);

/* The test build answers true while <dir>/test-fail-<what> exists, so a
 * test can make a step fail where no real fault can be caused on demand
 * (a restore interrupted mid-way); the release build never does. */
bool	 test_fail(const char *dir, const char *what);

/* Format t as "2026-11-21T19:30:00Z" into buf (at least 21 bytes). */
void	 format_utc(int64_t t, char *buf, size_t len);

/* Format t for a sentence a person reads, the way the pages write times
 * but in UTC: "2026-11-21 19:30 UTC" into buf (at least 21 bytes). */
void	 format_utc_text(int64_t t, char *buf, size_t len);

/* Parse "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", an
 * offset "+HH:MM" / "-HH:MM", or nothing (UTC). Returns 0 or -1. */
int	 parse_utc(const char *s, int64_t *out);

/* Read a whole file of at most max bytes. Caller frees *out. 0 or -1. */
int	 read_file_max(const char *path, size_t max, char **out, size_t *len);

/* Write data to path atomically: temp file with mode, fsync, rename,
 * fsync of the directory. Returns 0 or -1 (errno set). */
int	 write_file_atomic(const char *path, const void *data, size_t len,
	    int mode);

/* fsync the directory holding path. Returns 0 or -1. */
int	 fsync_parent_dir(const char *path);

/* "HH:MM" (24-hour) into minutes after midnight: true, or false when s
 * is not such a time. */
bool	 time_of_day(const char *s, int *minutes);

#endif
