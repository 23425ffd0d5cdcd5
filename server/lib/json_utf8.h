/* Switchboard — naming the field of a JSON body that jansson refused for
 * its text: bytes that are not UTF-8 (overlong forms, surrogates,
 * sequences cut short), a \u escape of a lone surrogate, or \u0000. The
 * body stays refused; this only says where, so the refusal can name the
 * field as every other refusal does. */
#ifndef SB_JSON_UTF8_H
#define SB_JSON_UTF8_H

#include <stddef.h>

/* The path ("name", "stations[0].label") of the first string value of
 * the JSON text buf[0..len) that holds such text, into field. 0, or -1
 * when there is none or the text is not JSON for another reason (or the
 * culprit is an object key). Thread-safe. */
int	json_utf8_bad_field(const char *buf, size_t len, char *field,
	    size_t flen);

#endif
