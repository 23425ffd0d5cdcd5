/* Fuzz target: an uploaded phone configuration directory (the TFTP root
 * of unmanaged phones) as .zip, .tar or .tar.gz, read through libarchive
 * in small reads as an upload streams in. Every path handed on must be
 * clean and relative. */
#include "fuzz.h"
#include "assistant/tftp_root.h"

struct src {
	const uint8_t	*data;
	size_t		 size, off;
};

static ssize_t
rd(void *arg, char *buf, size_t len)
{
	struct src *s = arg;
	size_t n = s->size - s->off;

	if (n > len)
		n = len;
	if (n > 4096)
		n = 4096;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static int
on_file(void *arg, const char *path, const char *data, size_t len)
{
	char clean[TFTP_ROOT_PATH_MAX];

	(void)arg;
	(void)data;
	if (len > TFTP_ROOT_FILE_MAX || path[0] == '/' ||
	    strstr(path, "..") != NULL ||
	    tftp_root_clean_path(path, clean) != 0)
		abort();	/* the reader promised a clean, bounded file */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src s = { data, size, 0 };
	struct tftp_root_report rep;
	char err[256];

	memset(&rep, 0, sizeof(rep));
	(void)tftp_root_from_archive(rd, &s, on_file, NULL, &rep, err,
	    sizeof(err));
	return 0;
}
