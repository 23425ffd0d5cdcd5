/* Switchboard — firmware files on disk. */
#include "firmware_repo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/util.h"

static char dir_path[1024];

int
firmware_repo_init(const char *dir, char *err, size_t errlen)
{
	snprintf(dir_path, sizeof(dir_path), "%s", dir);
	return make_private_dir(dir, "", err, errlen);
}

int
firmware_repo_path(const char *sha256, char *buf, size_t len)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)sha256[i]) ||
		    isupper((unsigned char)sha256[i]))
			return -1;
	if (sha256[64] != '\0')
		return -1;
	snprintf(buf, len, "%s/%s", dir_path, sha256);
	return 0;
}

int
firmware_repo_store(firmware_read_fn rd, void *arg, char sha256[65],
    int64_t *size, char *err, size_t errlen)
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES];
	char tmp[1100], final[1100], *buf = xmalloc(256 * 1024);
	ssize_t n;
	int fd, rc = -1;

	snprintf(tmp, sizeof(tmp), "%s/.upload-XXXXXX", dir_path);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot write to the firmware folder: %s",
		    strerror(errno));
		free(buf);
		return -1;
	}
	crypto_hash_sha256_init(&h);
	*size = 0;
	while ((n = rd(arg, buf, 256 * 1024)) > 0) {
		if (*size + n > FIRMWARE_MAX) {
			n = -2;
			break;
		}
		crypto_hash_sha256_update(&h, (unsigned char *)buf, (size_t)n);
		if (write(fd, buf, (size_t)n) != n) {
			snprintf(err, errlen, "cannot write the file: %s",
			    strerror(errno));
			n = -1;
			break;
		}
		*size += n;
	}
	if (n == -2) {
		snprintf(err, errlen, "A firmware image is at most %ld MiB.",
		    FIRMWARE_MAX >> 20);
		rc = -2;
	} else if (n < 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "The upload broke off.");
	} else if (*size == 0) {
		snprintf(err, errlen, "The file is empty.");
	} else if (fsync(fd) == 0) {
		crypto_hash_sha256_final(&h, md);
		sodium_bin2hex(sha256, 65, md, sizeof(md));
		snprintf(final, sizeof(final), "%s/%s", dir_path, sha256);
		if (rename(tmp, final) == 0) {
			fsync_parent_dir(final);
			rc = 0;
		} else {
			snprintf(err, errlen, "cannot store the file: %s",
			    strerror(errno));
		}
	}
	close(fd);
	if (rc != 0)
		unlink(tmp);
	free(buf);
	return rc;
}

void
firmware_repo_remove(const char *sha256)
{
	char path[1100];

	if (firmware_repo_path(sha256, path, sizeof(path)) == 0)
		unlink(path);
}
