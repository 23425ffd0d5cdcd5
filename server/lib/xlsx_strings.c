/* Switchboard — writing a one-sheet workbook of plain text, in memory. */
#define _GNU_SOURCE		/* memfd_create */
#include "xlsx_strings.h"

#include <linux/magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util.h"

#define WIDTH_MIN	8
#define WIDTH_MAX	60
#define OUT_MAX		((size_t)1 << 31)	/* bounds the read-back */

/* libxlsxwriter's scratch files are named by rand() after srand() from a
 * static seed: one workbook at a time. */
static pthread_mutex_t xlsx_strings_lock = PTHREAD_MUTEX_INITIALIZER;

/* The scratch directory must keep data in memory: libxlsxwriter writes
 * every part of the workbook there before zipping it, and if it cannot
 * create a file there it falls back to $TMPDIR, /tmp and ".", so a
 * missing or read-only directory is refused here rather than let the
 * plain text reach a disk. */
static int
tmpdir_is_memory(const char *dir)
{
	struct statfs fs;

	if (statfs(dir, &fs) != 0 || fs.f_type != TMPFS_MAGIC)
		return 0;
	return access(dir, W_OK | X_OK) == 0;
}

/* Characters, not bytes, of UTF-8 text: continuation bytes do not count. */
static size_t
text_width(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int
write_row(lxw_worksheet *ws, lxw_row_t row, size_t ncols,
    const char *const *texts, lxw_format *fmt, size_t *widths)
{
	size_t c, w;

	for (c = 0; c < ncols; c++) {
		if (texts[c] == NULL || texts[c][0] == '\0')
			continue;
		/* Always a string: never worksheet_write_formula and never
		 * a number or date guessed from the text. */
		if (worksheet_write_string(ws, row, (lxw_col_t)c, texts[c],
		    fmt) != LXW_NO_ERROR)
			return -1;
		w = text_width(texts[c]);
		if (w > widths[c])
			widths[c] = w;
	}
	return 0;
}

static int
build(const char *path, const char *sheet_name, size_t ncols,
    const char *const *header, const char *const *cells, size_t nrows)
{
	static char tmpdir[] = XLSX_STRINGS_TMPDIR;
	lxw_workbook_options opt = {
		.constant_memory = LXW_FALSE,
		.tmpdir = tmpdir,
		.use_zip64 = LXW_FALSE,
	};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	size_t *widths, r, c;
	int rc = -1;

	widths = xcalloc(ncols, sizeof(*widths));
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL)
		goto out;
	ws = workbook_add_worksheet(wb, sheet_name);
	bold = workbook_add_format(wb);
	if (ws == NULL || bold == NULL)
		goto out;
	format_set_bold(bold);
	if (write_row(ws, 0, ncols, header, bold, widths) != 0)
		goto out;
	for (r = 0; r < nrows; r++)
		if (write_row(ws, (lxw_row_t)(r + 1), ncols, cells + r * ncols,
		    NULL, widths) != 0)
			goto out;
	for (c = 0; c < ncols; c++) {
		double w = (double)widths[c] + 2;

		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w,
		    NULL) != LXW_NO_ERROR)
			goto out;
	}
	worksheet_freeze_panes(ws, 1, 0);
	rc = 0;
out:
	free(widths);
	/* workbook_close writes the file and frees the workbook, also on
	 * the way out of a failure (the memfd is dropped then). */
	if (wb != NULL && workbook_close(wb) != LXW_NO_ERROR)
		rc = -1;
	return rc;
}

/* Read the whole memfd back from its start. */
static int
read_back(int fd, unsigned char **out, size_t *outlen)
{
	struct stat sb;
	unsigned char *buf;
	size_t len, got = 0;

	if (fstat(fd, &sb) != 0 || sb.st_size <= 0 ||
	    (unsigned long long)sb.st_size > OUT_MAX)
		return -1;
	len = (size_t)sb.st_size;
	buf = xmalloc(len);
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)got);

		if (n <= 0) {
			sodium_memzero(buf, len);
			free(buf);
			return -1;
		}
		got += (size_t)n;
	}
	*out = buf;
	*outlen = len;
	return 0;
}

int
xlsx_strings(const char *sheet_name, size_t ncols, const char *const *header,
    const char *const *cells, size_t nrows, unsigned char **out,
    size_t *outlen)
{
	char path[64];
	int fd = -1, rc = -1;

	*out = NULL;
	*outlen = 0;
	if (sheet_name == NULL || header == NULL || ncols == 0 ||
	    ncols > XLSX_STRINGS_COLS_MAX || nrows > XLSX_STRINGS_ROWS_MAX ||
	    (nrows > 0 && cells == NULL))
		return -1;
	if (!tmpdir_is_memory(XLSX_STRINGS_TMPDIR))
		return -1;

	pthread_mutex_lock(&xlsx_strings_lock);
	fd = memfd_create("sb-xlsx", MFD_CLOEXEC);
	if (fd < 0)
		goto out;
	/* libxlsxwriter opens the path itself (fopen "wb"): the memfd,
	 * through this process's own descriptor table. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (build(path, sheet_name, ncols, header, cells, nrows) != 0)
		goto out;
	rc = read_back(fd, out, outlen);
out:
	if (fd >= 0)
		close(fd);	/* the last reference: the pages go */
	pthread_mutex_unlock(&xlsx_strings_lock);
	return rc;
}
