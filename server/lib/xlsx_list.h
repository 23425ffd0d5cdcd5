/* Switchboard — reading a Managed IP Phone list saved as an Excel
 * workbook (.xlsx): the first worksheet, read through libarchive (zip) and
 * expat, handed on as CSV text so the CSV list reader applies the same
 * rules to both. Empty rows come out as blank lines, so row numbers stay
 * those the admin sees in the spreadsheet. */
#ifndef SB_XLSX_LIST_H
#define SB_XLSX_LIST_H

#include <stdbool.h>
#include <stddef.h>

#define XLSX_LIST_STRINGS_MAX 2000000	/* shared strings */
#define XLSX_LIST_TEXT_MAX (64L * 1024 * 1024)	/* their bytes */
#define XLSX_LIST_CELL_MAX (16 * 1024)
#define XLSX_LIST_COLUMNS_MAX 1000
#define XLSX_LIST_XML_MAX (512L * 1024 * 1024)	/* uncompressed part */

/* Receives CSV text; returns 0 to go on, -1 to stop. */
typedef int (*xlsx_list_emit_fn)(void *arg, const char *csv, size_t len);

/* True if buf starts like a zip archive (an .xlsx). */
bool	xlsx_list_sniff(const char *buf, size_t len);

/* Read the workbook in buf. 0, or -1 with the reason in err (a reason
 * of the emit function's own is not overwritten when it stops). */
int	xlsx_list_read(const char *buf, size_t len, xlsx_list_emit_fn emit,
	    void *arg, char *err, size_t errlen);

#endif
