/* Switchboard — reading a CSV list (a Managed IP Phone list, OpenScape
 * Business stations, Unify Phone tenant users) as spreadsheets write it: streamed through libcsv (memory does not grow with the file), UTF-8
 * with or without BOM, CRLF or LF, quoted fields, ',' or ';' as delimiter,
 * headers in any letter case, blank lines and trailing empty columns. A
 * field that is not UTF-8 text is reported with its row, not as a fault
 * of the whole file. */
#ifndef SB_CSV_LIST_H
#define SB_CSV_LIST_H

#include <jansson.h>
#include <stddef.h>

#define CSV_LIST_FIELD_MAX (16 * 1024)
#define CSV_LIST_COLUMNS_MAX 64

enum csv_col {
	COL_NAME, COL_TEMPLATE, COL_TYPE, COL_MANUFACTURER, COL_MODEL,
	COL_PROXY_GROUP, COL_EXTENSION, COL_IDENT, COL_LABEL, COL_ADDRESS,
	COL_COUNT
};

enum csv_list_kind { CSV_LIST_UNKNOWN, CSV_LIST_TEMPLATE, CSV_LIST_TMM };

/* Called for every data row: row is the 1-based line of the list (the
 * header is row 1), values[c] the trimmed value of column c ("" when the
 * column is absent). Bit c of not_text is set when column c held bytes
 * that are not UTF-8 text (or NUL): its value has U+FFFD in their place,
 * so nothing handed on is invalid. Return 0 to go on, -1 to stop. */
typedef int (*csv_list_row_fn)(void *arg, int row, const char **values,
    unsigned not_text);

/* What a list holds: its columns (header names, matched in any letter
 * case; at most CSV_SCHEMA_COLUMNS_MAX) and which it needs. check is
 * called with seen[c] for every column after the header and returns the
 * name of a missing required column, or NULL; it may set *kind. */
#define CSV_SCHEMA_COLUMNS_MAX 16
struct csv_schema {
	const char		*what;		/* "Managed IP Phone list" */
	const char *const	*names;
	int			 ncolumns;
	const char		*(*check)(const int *seen, int *kind);
};

struct csv_list;

/* A reader of a Managed IP Phone list that calls on_row for each row.
 * Free with csv_list_free. */
struct csv_list	*csv_list_new(csv_list_row_fn on_row, void *arg);

/* A reader of the list schema describes (borrowed; it must outlive the
 * reader). */
struct csv_list	*csv_list_new_for(const struct csv_schema *schema,
		    csv_list_row_fn on_row, void *arg);
void		 csv_list_free(struct csv_list *l);

/* Feed bytes as they arrive; finish at the end. Both return 0, or -1 when
 * the list cannot go on: then csv_list_severe() says why. */
int		 csv_list_feed(struct csv_list *l, const char *buf, size_t len);
int		 csv_list_finish(struct csv_list *l);

/* The kind recognised from the header (a Managed IP Phone list's). */
enum csv_list_kind csv_list_kind(const struct csv_list *l);

/* The severe error (static or owned by l), or NULL. */
const char	*csv_list_severe(const struct csv_list *l);

/* Warnings about the header (extra columns): [{"row","column","message"}].
 * Borrowed. */
json_t		*csv_list_header_warnings(const struct csv_list *l);

/* The header names of the columns, as written in the file. */
extern const char *const csv_list_column_names[COL_COUNT];

/* The column of a list that holds the phone API's field (e.g.
 * "stations[0].extension" -> "Extension"), so a refusal speaks the
 * admin's language; field itself when no column holds it. The one place
 * that maps the two. */
const char	*csv_list_column_of_field(const char *field);

/* A cell holding a flag as spreadsheets write it: "yes", "y", "true",
 * "1", "x" (true) or "no", "n", "false", "0" (false), in any letter case.
 * NULL when empty (the default), the text itself as a JSON string when it
 * is none of them (the rules refuse it). New reference. */
json_t		*csv_list_flag(const char *s);

#endif
