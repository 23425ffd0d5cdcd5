/* Switchboard — structured one-line logs on stderr.
 * Each line is logfmt: ts=… level=… event=… key=value …; values are quoted
 * and control characters escaped, so no input can forge a log line. */
#ifndef SB_LOG_H
#define SB_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Set the lowest level written; safe while other threads log (SIGHUP
 * changes it). */
void	log_set_level(enum log_level level);

/* The lowest level written now. */
enum log_level	log_get_level(void);

/* The level named "debug", "info", "warn" or "error" (config's
 * log_level, already checked); LOG_INFO for any other name. */
enum log_level	log_level_named(const char *name);

/* Write one line: event, then NULL-terminated key, value string pairs.
 * A NULL value is written as "-". Thread-safe (one write(2) per line). */
void	log_event(enum log_level level, const char *event, ...)
	    __attribute__((sentinel));

#endif
