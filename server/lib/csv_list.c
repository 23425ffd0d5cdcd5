/* Switchboard — reading a CSV list, by the columns of its schema. */
#include "csv_list.h"

#include <csv.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text_rules.h"
#include "util.h"

#define SNIFF_MAX 4096

const char *const csv_list_column_names[COL_COUNT] = {
	"Name", "Template", "Type", "Manufacturer", "Model", "Proxy Group",
	"Extension", "Identification Address", "Label", "Address",
};

/* The phone API's field that each column fills, in column order. */
static const char *const column_fields[COL_COUNT] = {
	"name", "template", "type", "manufacturer", "model",
	"registration_group", "stations[0].extension",
	"stations[0].identification_address", "stations[0].label", "address",
};

const char *
csv_list_column_of_field(const char *field)
{
	int c;

	for (c = 0; c < COL_COUNT; c++)
		if (strcmp(field, column_fields[c]) == 0)
			return csv_list_column_names[c];
	return field;
}

/* A Managed IP Phone list: a template list (Template column) or a TMM
 * list (Type, Manufacturer and Model). */
static const char *
phone_list_check(const int *seen, int *kind)
{
	if (seen[COL_TEMPLATE]) {
		*kind = CSV_LIST_TEMPLATE;
		return !seen[COL_NAME] ? "Name" : NULL;
	}
	*kind = CSV_LIST_TMM;
	return !seen[COL_NAME] ? "Name" : !seen[COL_TYPE] ? "Type" :
	    !seen[COL_MANUFACTURER] ? "Manufacturer" : !seen[COL_MODEL] ?
	    "Model" : NULL;
}

static const struct csv_schema phone_list = {
	"Managed IP Phone list", csv_list_column_names, COL_COUNT,
	phone_list_check,
};

struct csv_list {
	const struct csv_schema	*schema;
	struct csv_parser	 parser;
	int			 parser_ready;
	csv_list_row_fn		 on_row;
	void			*arg;
	int			 kind;
	int			 header_done;
	int			 map[CSV_LIST_COLUMNS_MAX];	/* file col -> COL_ */
	int			 nfields;
	int			 row;		/* 1-based line of the list */
	char			*fields[CSV_LIST_COLUMNS_MAX];
	bool			 not_text[CSV_LIST_COLUMNS_MAX];
	char			 sniff[SNIFF_MAX];
	size_t			 nsniff;
	int			 stop;
	char			 severe[512];
	json_t			*warnings;
	int			 skipped_bom;
	int			 last_term;
};

/* libcsv grows its field buffer with this: refusing past the cap turns a
 * 100 MB field into an error instead of 100 MB of memory. */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > CSV_LIST_FIELD_MAX + 1024)
		return NULL;
	return realloc(p, n);
}

struct csv_list *
csv_list_new(csv_list_row_fn on_row, void *arg)
{
	return csv_list_new_for(&phone_list, on_row, arg);
}

struct csv_list *
csv_list_new_for(const struct csv_schema *schema, csv_list_row_fn on_row,
    void *arg)
{
	struct csv_list *l = xcalloc(1, sizeof(*l));
	int i;

	l->schema = schema;
	l->on_row = on_row;
	l->arg = arg;
	l->warnings = json_array();
	/* Columns past the header's are no column of the list. */
	for (i = 0; i < CSV_LIST_COLUMNS_MAX; i++)
		l->map[i] = -1;
	return l;
}

static void
clear_fields(struct csv_list *l)
{
	int i;

	for (i = 0; i < l->nfields; i++) {
		free(l->fields[i]);
		l->fields[i] = NULL;
	}
	l->nfields = 0;
}

void
csv_list_free(struct csv_list *l)
{
	if (l == NULL)
		return;
	if (l->parser_ready)
		csv_free(&l->parser);
	clear_fields(l);
	json_decref(l->warnings);
	free(l);
}

static void
set_severe(struct csv_list *l, const char *msg)
{
	if (l->severe[0] == '\0')
		snprintf(l->severe, sizeof(l->severe), "%s", msg);
	l->stop = 1;
}

/* A severe error whose %s names what the list should have been. */
static void
severe_about(struct csv_list *l, const char *fmt)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, l->schema->what);
	set_severe(l, msg);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct csv_list *l = arg;
	char *s;
	size_t b, e;
	bool bad;

	if (l->stop)
		return;
	if (l->nfields == CSV_LIST_COLUMNS_MAX) {
		severe_about(l, "The list has more than 64 columns; it is not "
		    "a %s.");
		return;
	}
	if (len > CSV_LIST_FIELD_MAX) {
		severe_about(l, "A field is longer than 16 KiB; the file "
		    "cannot be read as a %s.");
		return;
	}
	for (b = 0; b < len && isspace(((unsigned char *)data)[b]); b++)
		;
	for (e = len; e > b && isspace(((unsigned char *)data)[e - 1]); e--)
		;
	/* Not UTF-8 (a list saved as Latin-1, a stray byte): the row says
	 * so, with U+FFFD where the bytes were. */
	s = text_rules_utf8_repair((char *)data + b, e - b, &bad);
	l->not_text[l->nfields] = bad;
	l->fields[l->nfields++] = s;
}

static int
column_of(const struct csv_schema *s, const char *name)
{
	int c;

	for (c = 0; c < s->ncolumns; c++)
		if (strcasecmp(name, s->names[c]) == 0)
			return c;
	return -1;
}

static void
read_header(struct csv_list *l)
{
	const struct csv_schema *s = l->schema;
	int seen[CSV_SCHEMA_COLUMNS_MAX] = { 0 }, i, c, known = 0;
	const char *missing;
	char msg[512];

	for (i = 0; i < l->nfields; i++) {
		c = column_of(s, l->fields[i]);
		l->map[i] = c;
		if (c >= 0) {
			if (seen[c]) {
				snprintf(msg, sizeof(msg), "The column '%s' "
				    "appears twice.", s->names[c]);
				set_severe(l, msg);
				return;
			}
			seen[c] = 1;
			known++;
		} else if (l->fields[i][0]) {
			snprintf(msg, sizeof(msg), "Extra column '%.60s' is "
			    "ignored.", l->fields[i]);
			json_array_append_new(l->warnings, json_pack(
			    "{s:i,s:s,s:s,s:s}", "row", 1, "column",
			    l->fields[i], "severity", "warning", "message",
			    msg));
		}
	}
	if (known == 0) {
		size_t n;

		n = (size_t)snprintf(msg, sizeof(msg), "No known columns: the "
		    "first row must name the columns (");
		for (c = 0; c < s->ncolumns && n < sizeof(msg); c++)
			n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s%s",
			    c ? ", " : "", s->names[c]);
		if (n < sizeof(msg))
			snprintf(msg + n, sizeof(msg) - n, ").");
		set_severe(l, msg);
		return;
	}
	if ((missing = s->check(seen, &l->kind)) != NULL) {
		snprintf(msg, sizeof(msg), "The required column '%s' is "
		    "missing.", missing);
		set_severe(l, msg);
	}
	l->header_done = 1;
}

static void
on_row_end(int term, void *arg)
{
	struct csv_list *l = arg;
	const char *values[CSV_SCHEMA_COLUMNS_MAX];
	unsigned not_text = 0;
	int i, blank = 1;

	if (l->stop) {
		clear_fields(l);
		return;
	}
	/* The '\n' of a CRLF ends nothing new. */
	if (term == '\n' && l->last_term == '\r' && l->nfields == 0) {
		l->last_term = term;
		return;
	}
	l->last_term = term;
	l->row++;
	for (i = 0; i < l->nfields; i++)
		if (l->fields[i][0])
			blank = 0;
	if (blank) {	/* blank lines, as spreadsheets leave them */
		clear_fields(l);
		return;
	}
	if (!l->header_done) {
		read_header(l);
		clear_fields(l);
		return;
	}
	for (i = 0; i < l->schema->ncolumns; i++)
		values[i] = "";
	for (i = 0; i < l->nfields; i++)
		if (l->map[i] >= 0 && i < CSV_LIST_COLUMNS_MAX) {
			values[l->map[i]] = l->fields[i];
			if (l->not_text[i])
				not_text |= 1u << l->map[i];
		}
	if (l->on_row(l->arg, l->row, values, not_text) != 0)
		l->stop = 1;
	clear_fields(l);
}

/* Choose ',' or ';' from the first line, as a spreadsheet in a European
 * locale writes ';'. */
static int
start_parser(struct csv_list *l)
{
	size_t n = 0, commas = 0, semis = 0;
	int in_quote = 0;

	for (; n < l->nsniff && (in_quote || (l->sniff[n] != '\n' &&
	    l->sniff[n] != '\r')); n++) {
		if (l->sniff[n] == '"')
			in_quote = !in_quote;
		else if (!in_quote && l->sniff[n] == ',')
			commas++;
		else if (!in_quote && l->sniff[n] == ';')
			semis++;
	}
	/* CSV_REPALL_NL: empty lines are reported too, so row numbers are
	 * the lines an admin sees (a CRLF pair counts once, below). */
	/* Strict: a quote left open or standing inside a field is an error,
	 * not a field that swallows the rows after it. */
	if (csv_init(&l->parser, CSV_APPEND_NULL | CSV_REPALL_NL | CSV_STRICT |
	    CSV_STRICT_FINI) != 0) {
		set_severe(l, "Out of memory.");
		return -1;
	}
	csv_set_realloc_func(&l->parser, capped_realloc);
	if (semis > commas)
		csv_set_delim(&l->parser, ';');
	l->parser_ready = 1;
	return 0;
}

/* Where the parser gave up: the row after the last one read. */
static void
not_csv(struct csv_list *l)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "The file is not valid CSV near row %d: a "
	    "quote is not closed, or stands inside a field.", l->row + 1);
	set_severe(l, msg);
}

static int
parse(struct csv_list *l, const char *buf, size_t len)
{
	if (csv_parse(&l->parser, buf, len, on_field, on_row_end, l) != len &&
	    !l->stop) {
		if (csv_error(&l->parser) == CSV_ENOMEM)
			severe_about(l, "A field is longer than 16 KiB; the "
			    "file cannot be read as a %s.");
		else
			not_csv(l);
	}
	return l->stop && l->severe[0] ? -1 : 0;
}

/* Start the parser on what was sniffed (skipping a UTF-8 BOM). */
static int
begin(struct csv_list *l)
{
	if (start_parser(l) != 0)
		return -1;
	if (l->nsniff >= 3 && memcmp(l->sniff, "\xef\xbb\xbf", 3) == 0)
		l->skipped_bom = 3;
	return parse(l, l->sniff + l->skipped_bom,
	    l->nsniff - (size_t)l->skipped_bom);
}

int
csv_list_feed(struct csv_list *l, const char *buf, size_t len)
{
	if (l->stop)
		return l->severe[0] ? -1 : 0;
	if (!l->parser_ready) {
		size_t take = len < SNIFF_MAX - l->nsniff ? len :
		    SNIFF_MAX - l->nsniff;

		memcpy(l->sniff + l->nsniff, buf, take);
		l->nsniff += take;
		buf += take;
		len -= take;
		if (l->nsniff < SNIFF_MAX && !memchr(l->sniff, '\n',
		    l->nsniff))
			return 0;	/* wait for the end of the header */
		if (begin(l) != 0)
			return -1;
	}
	return len ? parse(l, buf, len) : 0;
}

int
csv_list_finish(struct csv_list *l)
{
	/* A list shorter than one line ending in a line break. */
	if (!l->parser_ready && l->nsniff > 0 && begin(l) != 0)
		return -1;
	if (l->parser_ready && !l->stop)
		if (csv_fini(&l->parser, on_field, on_row_end, l) != 0 &&
		    !l->stop)
			not_csv(l);
	if (!l->severe[0] && !l->header_done)
		severe_about(l, "The file is empty: a %s starts with a header "
		    "row.");
	return l->severe[0] ? -1 : 0;
}

enum csv_list_kind
csv_list_kind(const struct csv_list *l)
{
	return (enum csv_list_kind)l->kind;
}

const char *
csv_list_severe(const struct csv_list *l)
{
	return l->severe[0] ? l->severe : NULL;
}

json_t *
csv_list_header_warnings(const struct csv_list *l)
{
	return l->warnings;
}

/* "yes"/"no" and their kin, as spreadsheets write a flag; NULL when
 * empty (the default), the value itself when it is none of them (the
 * rules refuse it). */
json_t *
csv_list_flag(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "1", "x" };
	static const char *const no[] = { "no", "n", "false", "0" };
	size_t i;

	if (s[0] == '\0')
		return NULL;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return json_true();
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return json_false();
	return json_string(s);
}
