/* Switchboard — a growable text buffer (git's strbuf, reduced): append
 * formatted text; the buffer is always NUL-terminated. */
#ifndef SB_STRBUF_H
#define SB_STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*buf;
	size_t	 len, cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void	strbuf_add(struct strbuf *sb, const char *s, size_t n);
void	strbuf_puts(struct strbuf *sb, const char *s);
void	strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append s with the XML attribute escapes (& < > " '). */
void	strbuf_xml(struct strbuf *sb, const char *s);
/* Hand over the text (caller frees); sb is empty again. */
char	*strbuf_detach(struct strbuf *sb, size_t *len);
void	strbuf_release(struct strbuf *sb);

#endif
