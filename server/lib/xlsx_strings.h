/* Switchboard — writing a one-sheet workbook (.xlsx) of plain text, in
 * memory. Every cell is written as a string, never as a formula, so text
 * such as "=HYPERLINK(…)" or "@SUM(A1)" from a device record stays text
 * (CSV/formula injection). libxlsxwriter only writes to a path: the
 * workbook goes to a memfd and the library's scratch files to tmpfs, so
 * the plain workbook never reaches a disk. */
#ifndef SB_XLSX_STRINGS_H
#define SB_XLSX_STRINGS_H

#include <stddef.h>

#define XLSX_STRINGS_COLS_MAX	256
#define XLSX_STRINGS_ROWS_MAX	1048575	/* Excel's rows less the header */
#define XLSX_STRINGS_TMPDIR	"/dev/shm"	/* must be tmpfs */

/* Write a workbook with one sheet named sheet_name (Excel's rules: 1 to 31
 * characters, none of []:*?/\), a bold header row of ncols cells (header,
 * NULL = empty), then nrows rows of ncols cells from cells (row-major,
 * nrows * ncols pointers; NULL = empty cell). Texts are UTF-8, at most
 * 32,767 bytes each. Column widths follow the longest text, within
 * bounds. On success returns 0 and a malloc'd *out of *outlen bytes, which
 * the caller wipes (it holds the texts in the clear) and frees with
 * free(). Returns -1, leaving *out NULL, when an argument is out of range,
 * when XLSX_STRINGS_TMPDIR is not a writable tmpfs, or when libxlsxwriter
 * fails. Thread-safe (calls are serialized: libxlsxwriter names its scratch
 * files with rand()). */
int	xlsx_strings(const char *sheet_name, size_t ncols,
	    const char *const *header, const char *const *cells, size_t nrows,
	    unsigned char **out, size_t *outlen);

#endif
