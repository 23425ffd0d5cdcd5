/* Switchboard — the firmware repository's files: DATA/firmware/<sha256>,
 * written from an upload stream (temporary file, SHA-256 as it comes,
 * fsync, rename), found by checksum, removed when no record needs them. */
#ifndef SB_FIRMWARE_REPO_H
#define SB_FIRMWARE_REPO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FIRMWARE_MAX (512L * 1024 * 1024)	/* bytes in one image */

/* Set the folder (DATA/firmware, made 0700). Call before threads. */
int	firmware_repo_init(const char *dir, char *err, size_t errlen);

/* Supplies up to len bytes; 0 at the end, -1 broken, -2 past the cap. */
typedef ssize_t (*firmware_read_fn)(void *arg, char *buf, size_t len);

/* Store a stream; sha256 (64 hex + NUL) and size out. 0, or -1 with err
 * (-2 when the stream was larger than the cap). */
int	firmware_repo_store(firmware_read_fn rd, void *arg, char sha256[65],
	    int64_t *size, char *err, size_t errlen);

/* Path of a stored file into buf. 0, or -1 when sha256 is not 64 hex. */
int	firmware_repo_path(const char *sha256, char *buf, size_t len);

/* Remove a stored file. */
void	firmware_repo_remove(const char *sha256);

#endif
