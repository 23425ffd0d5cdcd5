/* Switchboard — the rules every text that can end up in a phone file
 * obeys, in one place: no control characters (a label holding U+0001
 * makes a Polycom phone's XML unparseable; a line break starts a new key
 * in a key=value file) and well-formed UTF-8. Plain data in, a verdict
 * out; the API's body fields, the phone rules, the Assistant's lists and
 * the Polycom migration all ask here. */
#ifndef SB_TEXT_RULES_H
#define SB_TEXT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define TEXT_RULES_CONTROL_MSG "must not contain control characters"

/* The first control character of s that a one-line text may not hold:
 * U+0000-U+001F but tab, and U+007F; with lines, line feed and carriage
 * return are allowed too. NULL when there is none. */
const char	*text_rules_control(const char *s, bool lines);

/* True when s holds no such control character. */
bool		 text_rules_plain(const char *s);

/* The number of bytes at the start of the n bytes at s that are
 * well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * past U+10FFFF, no sequence cut short); n when all are. NUL counts as
 * text here. */
size_t		 text_rules_utf8_prefix(const char *s, size_t n);

/* The n bytes at s as UTF-8 text: each byte that does not begin a
 * well-formed sequence, and each NUL, replaced by U+FFFD. Returns a new
 * string (caller frees); *changed says whether anything was replaced. */
char		*text_rules_utf8_repair(const char *s, size_t n, bool *changed);

#endif
