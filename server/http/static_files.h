/* Switchboard — the browser UI's files, loaded once from the web root into
 * a fixed in-memory table. Only exact paths in the table are ever served:
 * no file system lookup happens per request, so no URI can escape web/ (and
 * CivetWeb's own file serving, home of CVE-2025-55763, is never used). */
#ifndef SB_STATIC_FILES_H
#define SB_STATIC_FILES_H

#include <stddef.h>

struct static_file {
	char		*uri;		/* "/index.html" */
	char		*data;
	size_t		 len;
	const char	*type;		/* Content-Type */
	char		 etag[40];
};

/* Load every servable file under root (bounded count, size and depth).
 * Call once before threads start. 0, or -1 with a message in err. */
int	static_files_load(const char *root, char *err, size_t errlen);
void	static_files_free(void);

/* The file for uri ("/" means "/index.html"), or NULL. Thread-safe. */
const struct static_file *static_files_find(const char *uri);

/* Number of files loaded. */
int	static_files_count(void);

#endif
