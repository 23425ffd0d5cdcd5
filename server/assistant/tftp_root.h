/* Switchboard — a phone configuration directory (the TFTP root of
 * unmanaged phones), read from an uploaded .zip or .tar.gz (streamed
 * through libarchive) or from a folder on the appliance. Only regular
 * files named *.cfg or *.xml are handed on; everything is bounded, and an
 * archive entry that would leave the directory refuses the whole archive. */
#ifndef SB_TFTP_ROOT_H
#define SB_TFTP_ROOT_H

#include <stddef.h>
#include <sys/types.h>

#define TFTP_ROOT_FILE_MAX (1024 * 1024)	/* larger files are skipped */
#define TFTP_ROOT_ENTRIES_MAX 20000		/* entries looked at */
#define TFTP_ROOT_TOTAL_MAX (256L * 1024 * 1024) /* bytes handed on */
#define TFTP_ROOT_DEPTH_MAX 8			/* folders below the root */
#define TFTP_ROOT_PATH_MAX 512

struct tftp_root_report {
	int	entries;	/* looked at */
	int	files;		/* handed on */
	int	skipped_large;	/* configuration files over the size limit */
	int	skipped_other;	/* not .cfg or .xml, links, devices */
};

/* Called with each file: path relative to the root, '/'-separated. Return
 * 0 to go on, -1 to stop (the read then fails). */
typedef int (*tftp_root_file_fn)(void *arg, const char *path,
    const char *data, size_t len);

/* Supplies up to len bytes of the archive; 0 at the end, -1 on error. */
typedef ssize_t (*tftp_root_read_fn)(void *arg, char *buf, size_t len);

/* Read an archive (zip, tar, tar.gz; the format is detected). Returns 0,
 * or -1 with a reason in err. */
int	tftp_root_from_archive(tftp_root_read_fn rd, void *rarg,
	    tftp_root_file_fn fn, void *arg, struct tftp_root_report *rep,
	    char *err, size_t errlen);

/* Read a folder on the appliance (symbolic links are not followed). */
int	tftp_root_from_dir(const char *dir, tftp_root_file_fn fn, void *arg,
	    struct tftp_root_report *rep, char *err, size_t errlen);

/* Clean a relative path: '\\' becomes '/', "./" and repeated '/' go.
 * Returns 0, or -1 if it is absolute, names a drive, has a ".." part or
 * a control character, is empty or too long. */
int	tftp_root_clean_path(const char *in, char out[TFTP_ROOT_PATH_MAX]);

#endif
