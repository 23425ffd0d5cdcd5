/* Switchboard — structured one-line logs on stderr. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 4096

static _Atomic int min_level = LOG_INFO;
static const char *level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	atomic_store_explicit(&min_level, level, memory_order_relaxed);
}

enum log_level
log_get_level(void)
{
	return (enum log_level)atomic_load_explicit(&min_level,
	    memory_order_relaxed);
}

enum log_level
log_level_named(const char *name)
{
	enum log_level l;

	for (l = LOG_DEBUG; l <= LOG_ERROR; l++)
		if (strcmp(name, level_names[l]) == 0)
			return l;
	return LOG_INFO;
}

/* Append s to buf, quoting it when needed; truncation keeps the line whole. */
static size_t
append_value(char *buf, size_t at, size_t cap, const char *s)
{
	int quote = (*s == '\0') || strpbrk(s, " =\"\\") != NULL;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p && !quote; p++)
		if (*p < 0x20 || *p == 0x7f)
			quote = 1;
	if (quote && at < cap)
		buf[at++] = '"';
	for (p = (const unsigned char *)s; *p && at + 6 < cap; p++) {
		if (*p == '"' || *p == '\\') {
			buf[at++] = '\\';
			buf[at++] = (char)*p;
		} else if (*p < 0x20 || *p == 0x7f) {
			at += (size_t)snprintf(buf + at, cap - at, "\\x%02x", *p);
		} else {
			buf[at++] = (char)*p;
		}
	}
	if (quote && at < cap)
		buf[at++] = '"';
	return at;
}

void
log_event(enum log_level level, const char *event, ...)
{
	char buf[LOG_LINE_MAX];
	struct timeval tv;
	struct tm tm;
	size_t at;
	va_list ap;
	const char *k, *v;

	if ((int)level < atomic_load_explicit(&min_level, memory_order_relaxed))
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	at = strftime(buf, sizeof(buf), "ts=%Y-%m-%dT%H:%M:%S", &tm);
	at += (size_t)snprintf(buf + at, sizeof(buf) - at,
	    ".%03dZ level=%s event=", (int)(tv.tv_usec / 1000),
	    level_names[level]);
	at = append_value(buf, at, sizeof(buf) - 2, event);
	va_start(ap, event);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (at + strlen(k) + 4 >= sizeof(buf) - 2)
			break;
		buf[at++] = ' ';
		memcpy(buf + at, k, strlen(k));
		at += strlen(k);
		buf[at++] = '=';
		at = append_value(buf, at, sizeof(buf) - 2, v ? v : "-");
	}
	va_end(ap);
	buf[at++] = '\n';
	(void)!write(STDERR_FILENO, buf, at);
}
