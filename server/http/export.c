/* Switchboard — exporting a list as CSV or XLSX. */
#include "export.h"

#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../system/req.h"

int
export_wanted(const char *accept, enum export_format *fmt)
{
	if (accept == NULL)
		return 0;
	if (strstr(accept, "text/csv")) {
		*fmt = EXPORT_CSV;
		return 1;
	}
	if (strstr(accept, "spreadsheetml.sheet")) {
		*fmt = EXPORT_XLSX;
		return 1;
	}
	return 0;
}

/* The text of one cell. buf holds numbers. */
static const char *
cell(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_true(v))
		return "Yes";
	if (json_is_false(v))
		return "No";
	return "";
}

static void
csv_field(FILE *f, const char *s)
{
	int formula = *s && strchr("=+-@\t\r", *s) != NULL;

	if (!formula && strpbrk(s, ",\"\r\n;") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int
write_csv(const char *path, json_t *items, const struct export_column *cols,
    size_t ncols, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char buf[32];
	json_t *it;
	size_t i, c;

	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "cannot write %s", path);
		return -1;
	}
	fputs("\xef\xbb\xbf", f);	/* BOM: spreadsheets then read UTF-8 */
	for (c = 0; c < ncols; c++) {
		if (c)
			fputc(',', f);
		csv_field(f, cols[c].title);
	}
	fputs("\r\n", f);
	json_array_foreach(items, i, it) {
		for (c = 0; c < ncols; c++) {
			if (c)
				fputc(',', f);
			csv_field(f, cell(json_object_get(it, cols[c].key), buf,
			    sizeof(buf)));
		}
		fputs("\r\n", f);
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write %s", path);
		return -1;
	}
	return 0;
}

static int
write_xlsx(const char *path, const char *sheet, json_t *items,
    const struct export_column *cols, size_t ncols, char *err, size_t errlen)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *bold;
	char buf[32], name[32];
	json_t *it;
	size_t i, c;

	if (wb == NULL) {
		snprintf(err, errlen, "cannot create %s", path);
		return -1;
	}
	/* Excel limits sheet names to 31 characters without []:*?/\. */
	snprintf(name, sizeof(name), "%.31s", sheet);
	for (c = 0; name[c]; c++)
		if (strchr("[]:*?/\\", name[c]))
			name[c] = '-';
	ws = workbook_add_worksheet(wb, name);
	if (ws == NULL) {
		workbook_close(wb);
		snprintf(err, errlen, "cannot create the worksheet");
		return -1;
	}
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (c = 0; c < ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].title, bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 20, NULL);
	}
	json_array_foreach(items, i, it)
		for (c = 0; c < ncols; c++)
			worksheet_write_string(ws, (lxw_row_t)(i + 1),
			    (lxw_col_t)c, cell(json_object_get(it, cols[c].key),
			    buf, sizeof(buf)), NULL);
	worksheet_freeze_panes(ws, 1, 0);
	if (ncols)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(items),
		    (lxw_col_t)(ncols - 1));
	if (workbook_close(wb) != LXW_NO_ERROR) {
		snprintf(err, errlen, "cannot write %s", path);
		return -1;
	}
	chmod(path, 0600);
	return 0;
}

int
export_write(enum export_format fmt, const char *path, const char *sheet,
    json_t *items, const struct export_column *cols, size_t ncols, char *err,
    size_t errlen)
{
	if (fmt == EXPORT_CSV)
		return write_csv(path, items, cols, ncols, err, errlen);
	return write_xlsx(path, sheet, items, cols, ncols, err, errlen);
}

/* A new temporary file in the data directory for r to stream and remove;
 * 0, or -1 with a 500 set in r. */
static int
temp_download(struct req *r)
{
	int fd;

	snprintf(r->download_path, sizeof(r->download_path),
	    "%s/.export-XXXXXX", r->cfg->data_dir);
	if ((fd = mkstemp(r->download_path)) < 0) {
		r->download_path[0] = '\0';
		req_error(r, 500, "internal", "Cannot write the file.");
		return -1;
	}
	close(fd);
	r->download_unlink = true;
	return 0;
}

/* Undo temp_download after a failed write: 500 with msg. */
static int
temp_failed(struct req *r, const char *msg)
{
	unlink(r->download_path);
	r->download_path[0] = '\0';
	r->download_unlink = false;
	return req_error(r, 500, "internal", msg);
}

int
export_download(struct req *r, enum export_format fmt, json_t *items,
    const char *base, const struct export_column *cols, size_t ncols)
{
	char err[256];

	if (temp_download(r) != 0)
		return 500;
	if (export_write(fmt, r->download_path, base, items, cols, ncols, err,
	    sizeof(err)) != 0)
		return temp_failed(r, err);
	snprintf(r->download_name, sizeof(r->download_name), "%s.%s", base,
	    fmt == EXPORT_CSV ? "csv" : "xlsx");
	r->download_type = fmt == EXPORT_CSV ? EXPORT_CSV_TYPE :
	    EXPORT_XLSX_TYPE;
	return 200;
}

int
export_text(struct req *r, const char *text, const char *name,
    const char *type)
{
	FILE *f;
	size_t len = strlen(text);

	if (temp_download(r) != 0)
		return 500;
	f = fopen(r->download_path, "w");
	if (f == NULL || fwrite(text, 1, len, f) != len) {
		if (f)
			fclose(f);
		return temp_failed(r, "Cannot write the file.");
	}
	if (fclose(f) != 0)
		return temp_failed(r, "Cannot write the file.");
	snprintf(r->download_name, sizeof(r->download_name), "%s", name);
	r->download_type = type;
	return 200;
}
