/* Switchboard — XLSX Managed IP Phone lists. */
#include "xlsx_list.h"

#include <archive.h>
#include <archive_entry.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SHEET_PATH "xl/worksheets/sheet1.xml"
#define STRINGS_PATH "xl/sharedStrings.xml"

struct text {
	char	*s;
	size_t	 len, cap;
};

static int
text_add(struct text *t, const char *s, size_t n, size_t max)
{
	if (t->len + n > max)
		return -1;
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return 0;
}

struct xlsx {
	XML_Parser	 p;
	const char	*why;
	/* Shared strings. */
	char		**strings;
	size_t		 nstrings, capstrings;
	long		 string_bytes;
	int		 in_si, in_t, in_rph;
	struct text	 cur;
	/* The sheet. */
	long		 row;		/* last row emitted */
	int		 col;		/* next column of this row */
	int		 in_v, in_cell;
	char		 type[16];
	int		 cell_col;
	struct text	 line;
	xlsx_list_emit_fn emit;
	void		*arg;
};

static void
stop(struct xlsx *x, const char *why)
{
	if (x->why == NULL)
		x->why = why;
	XML_StopParser(x->p, XML_FALSE);
}

static const char *
attr(const char **a, const char *name)
{
	for (; a[0]; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

static void XMLCALL
on_doctype(void *arg, const XML_Char *n, const XML_Char *s,
    const XML_Char *p, int i)
{
	(void)n; (void)s; (void)p; (void)i;
	stop(arg, "the workbook holds a DOCTYPE");
}

/* ---- xl/sharedStrings.xml: <si> holds <t>, or runs <r><t>; <rPh> is
 * phonetic text and not part of the value. */

static void XMLCALL
ss_start(void *arg, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = arg;

	(void)a;
	if (strcmp(el, "si") == 0) {
		x->in_si = 1;
		x->cur.len = 0;
		text_add(&x->cur, "", 0, 1);
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(el, "t") == 0 && x->in_si && !x->in_rph) {
		x->in_t = 1;
	}
}

static void XMLCALL
ss_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;

	if (strcmp(el, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(el, "si") == 0) {
		x->in_si = 0;
		if (x->nstrings >= XLSX_LIST_STRINGS_MAX ||
		    (x->string_bytes += (long)x->cur.len) > XLSX_LIST_TEXT_MAX) {
			stop(x, "the workbook has too much text");
			return;
		}
		if (x->nstrings == x->capstrings) {
			x->capstrings = x->capstrings ? x->capstrings * 2 : 256;
			x->strings = xrealloc(x->strings, x->capstrings *
			    sizeof(*x->strings));
		}
		x->strings[x->nstrings++] = xstrdup(x->cur.s ? x->cur.s : "");
	}
}

static void XMLCALL
ss_text(void *arg, const XML_Char *s, int n)
{
	struct xlsx *x = arg;

	if (x->in_t && text_add(&x->cur, s, (size_t)n, XLSX_LIST_CELL_MAX))
		stop(x, "a cell holds more than 16 KiB");
}

/* ---- the worksheet. */

/* "B12" -> column 1 (0-based); -1 if it has no letters. */
static int
column_of(const char *ref)
{
	int c = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		c = c * 26 + (*ref - 'A' + 1);
		if (c > XLSX_LIST_COLUMNS_MAX)
			return XLSX_LIST_COLUMNS_MAX;
	}
	return n ? c - 1 : -1;
}

static void
emit_line(struct xlsx *x)
{
	text_add(&x->line, "\n", 1, (size_t)-1);
	if (x->emit(x->arg, x->line.s, x->line.len) != 0)
		stop(x, "stopped");
	x->line.len = 0;
}

/* Append one CSV field, quoted. */
static void
put_field(struct xlsx *x, const char *v, size_t n)
{
	size_t i;

	text_add(&x->line, "\"", 1, (size_t)-1);
	for (i = 0; i < n; i++) {
		if (v[i] == '"')
			text_add(&x->line, "\"", 1, (size_t)-1);
		text_add(&x->line, v + i, 1, (size_t)-1);
	}
	text_add(&x->line, "\"", 1, (size_t)-1);
}

static void XMLCALL
sh_start(void *arg, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *v;

	if (strcmp(el, "row") == 0) {
		long r = (v = attr(a, "r")) ? atol(v) : x->row + 1;

		if (r <= x->row || r > 1048576) {
			stop(x, "the worksheet's rows are out of order");
			return;
		}
		while (x->row + 1 < r && x->why == NULL) {	/* empty rows */
			x->row++;
			emit_line(x);
		}
		x->row = r;
		x->col = 0;
		x->line.len = 0;
	} else if (strcmp(el, "c") == 0) {
		x->in_cell = 1;
		x->cell_col = (v = attr(a, "r")) ? column_of(v) : x->col;
		if (x->cell_col < 0)
			x->cell_col = x->col;
		if (x->cell_col >= XLSX_LIST_COLUMNS_MAX) {
			stop(x, "the worksheet has more than 1000 columns");
			return;
		}
		snprintf(x->type, sizeof(x->type), "%s", (v = attr(a, "t")) ?
		    v : "n");
		x->cur.len = 0;
		text_add(&x->cur, "", 0, 1);
	} else if (x->in_cell && (strcmp(el, "v") == 0 || strcmp(el, "t") ==
	    0)) {
		x->in_v = 1;
	}
}

static void XMLCALL
sh_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;

	if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0) {
		x->in_v = 0;
	} else if (strcmp(el, "c") == 0 && x->in_cell) {
		const char *val = x->cur.s ? x->cur.s : "";
		size_t n = x->cur.len;

		x->in_cell = 0;
		if (strcmp(x->type, "s") == 0) {
			char *end;
			unsigned long i = strtoul(val, &end, 10);

			if (end == val || *end || i >= x->nstrings) {
				stop(x, "a cell names a shared string that is "
				    "not there");
				return;
			}
			val = x->strings[i];
			n = strlen(val);
		}
		if (x->cell_col < x->col) {
			stop(x, "the worksheet's cells are out of order");
			return;
		}
		/* A separator after the previous field, then one for each
		 * empty cell before this one. */
		if (x->col > 0)
			text_add(&x->line, ",", 1, (size_t)-1);
		for (; x->col < x->cell_col; x->col++)
			text_add(&x->line, ",", 1, (size_t)-1);
		put_field(x, val, n);
		x->col = x->cell_col + 1;
	} else if (strcmp(el, "row") == 0) {
		emit_line(x);
	}
}

static void XMLCALL
sh_text(void *arg, const XML_Char *s, int n)
{
	struct xlsx *x = arg;

	if (x->in_v && text_add(&x->cur, s, (size_t)n, XLSX_LIST_CELL_MAX))
		stop(x, "a cell holds more than 16 KiB");
}

/* Parse one part of the workbook through expat, streamed. */
static int
parse_part(struct archive *a, struct xlsx *x, XML_StartElementHandler st,
    XML_EndElementHandler en, XML_CharacterDataHandler tx, char *err,
    size_t errlen)
{
	char buf[65536];
	la_ssize_t n;
	long total = 0;
	int rc = 0;

	x->p = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, st, en);
	XML_SetCharacterDataHandler(x->p, tx);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	do {
		n = archive_read_data(a, buf, sizeof(buf));
		if (n < 0 || (total += n) > XLSX_LIST_XML_MAX) {
			x->why = n < 0 ? "the workbook is damaged" :
			    "the worksheet is too large";
			break;
		}
		if (XML_Parse(x->p, buf, (int)n, n == 0) != XML_STATUS_OK)
			break;
	} while (n > 0 && x->why == NULL);
	if (x->why || XML_GetErrorCode(x->p) != XML_ERROR_NONE) {
		if (x->why == NULL || strcmp(x->why, "stopped") != 0)
			snprintf(err, errlen, "The workbook cannot be read: %s.",
			    x->why ? x->why : XML_ErrorString(XML_GetErrorCode(
			    x->p)));
		rc = -1;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	return rc;
}

/* Find the entry named path in a fresh pass over the zip. 1 found, 0 not,
 * -1 when the archive cannot be read. */
static int
open_entry(struct archive **ap, const char *buf, size_t len,
    const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r;

	archive_read_support_format_zip(a);
	*ap = a;
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK)
		return -1;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		if (strcmp(archive_entry_pathname(e), path) == 0)
			return 1;
	return r == ARCHIVE_EOF ? 0 : -1;
}

bool
xlsx_list_sniff(const char *buf, size_t len)
{
	return len >= 4 && memcmp(buf, "PK\003\004", 4) == 0;
}

int
xlsx_list_read(const char *buf, size_t len, xlsx_list_emit_fn emit,
    void *arg, char *err, size_t errlen)
{
	struct xlsx x;
	struct archive *a = NULL;
	int found, rc = -1;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.emit = emit;
	x.arg = arg;
	err[0] = '\0';
	if ((found = open_entry(&a, buf, len, STRINGS_PATH)) < 0) {
		snprintf(err, errlen, "The file is not an Excel workbook "
		    "(.xlsx) that can be read.");
		goto out;
	}
	if (found && parse_part(a, &x, ss_start, ss_end, ss_text, err,
	    errlen) != 0)
		goto out;
	archive_read_free(a);
	if ((found = open_entry(&a, buf, len, SHEET_PATH)) <= 0) {
		snprintf(err, errlen, "The workbook has no first worksheet "
		    "(%s).", SHEET_PATH);
		goto out;
	}
	rc = parse_part(a, &x, sh_start, sh_end, sh_text, err, errlen);
out:
	if (a)
		archive_read_free(a);
	for (i = 0; i < x.nstrings; i++)
		free(x.strings[i]);
	free(x.strings);
	free(x.cur.s);
	free(x.line.s);
	return rc;
}
