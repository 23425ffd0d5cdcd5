/* Switchboard — exporting a list as CSV or XLSX (libxlsxwriter). Cells are
 * always written as text: a value that starts like a formula (= + - @) is
 * quote-prefixed in CSV and never becomes a formula in XLSX (OWASP ASVS
 * 1.2.10, formula injection). */
#ifndef SB_EXPORT_H
#define SB_EXPORT_H

#include <jansson.h>
#include <stddef.h>

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct export_column {
	const char	*key;		/* member of each item */
	const char	*title;		/* header text */
};

#define EXPORT_CSV_TYPE "text/csv; charset=utf-8"
#define EXPORT_XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The format an Accept header asks for: 1 and *fmt set, or 0 for JSON. */
int	export_wanted(const char *accept, enum export_format *fmt);

/* Write items (an array of objects) with the columns to a new file at path
 * (0600). Booleans become Yes/No, null an empty cell. 0, or -1 with err. */
int	export_write(enum export_format fmt, const char *path,
	    const char *sheet, json_t *items, const struct export_column *cols,
	    size_t ncols, char *err, size_t errlen);

struct req;

/* Write items with the columns to a temporary file in the data directory
 * and set r up to stream it as base.csv / base.xlsx and remove it after.
 * Returns 200, or 500 with r->out set. */
int	export_download(struct req *r, enum export_format fmt, json_t *items,
	    const char *base, const struct export_column *cols, size_t ncols);

/* Set r up to stream text as a download named name of the given type
 * (such as "text/plain; charset=utf-8"), through a temporary file in the
 * data directory as export_download does. Returns 200, or 500 with
 * r->out set. */
int	export_text(struct req *r, const char *text, const char *name,
	    const char *type);

#endif
