/* Switchboard — sealing secrets at rest with libsodium. */
#include "seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define SEAL_PREFIX "sb1:"
#define KEYBYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCEBYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define B64 sodium_base64_VARIANT_ORIGINAL

static unsigned char *seal_key;	/* sodium_malloc'd, read-only after init */

static int
read_key(int fd, unsigned char *key, char *err, size_t errlen)
{
	unsigned char extra;
	size_t got = 0;

	while (got < KEYBYTES) {
		ssize_t r = read(fd, key + got, KEYBYTES - got);

		if (r <= 0) {
			snprintf(err, errlen, "secret key file is too short");
			return -1;
		}
		got += (size_t)r;
	}
	if (read(fd, &extra, 1) != 0) {
		snprintf(err, errlen, "secret key file is too long");
		return -1;
	}
	return 0;
}

int
seal_init(const char *path, char *err, size_t errlen)
{
	unsigned char *key;
	int fd, rc = -1;

	key = sodium_malloc(KEYBYTES);
	if (key == NULL) {
		snprintf(err, errlen, "cannot allocate key memory");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		struct stat sb;

		if (fstat(fd, &sb) == 0 && (sb.st_mode & 077) != 0 &&
		    fchmod(fd, 0600) != 0) {
			snprintf(err, errlen, "%s is readable by others and "
			    "cannot be restricted", path);
			goto out;
		}
		if (read_key(fd, key, err, errlen) != 0)
			goto out;
	} else if (errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			snprintf(err, errlen, "cannot create %s: %s", path,
			    strerror(errno));
			goto out;
		}
		crypto_aead_xchacha20poly1305_ietf_keygen(key);
		if (write(fd, key, KEYBYTES) != KEYBYTES || fsync(fd) != 0) {
			snprintf(err, errlen, "cannot write %s: %s", path,
			    strerror(errno));
			unlink(path);
			goto out;
		}
	} else {
		snprintf(err, errlen, "cannot open %s: %s", path,
		    strerror(errno));
		goto out;
	}
	sodium_mprotect_readonly(key);
	seal_shutdown();
	seal_key = key;
	key = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (key)
		sodium_free(key);
	return rc;
}

void
seal_shutdown(void)
{
	if (seal_key)
		sodium_free(seal_key);	/* wipes */
	seal_key = NULL;
}

char *
seal_box(const char *context, const void *plain, size_t n)
{
	size_t raw_len = NONCEBYTES + n + ABYTES, b64_len;
	unsigned char *raw;
	char *out;

	if (seal_key == NULL || n > SEAL_MAX_PLAIN)
		return NULL;
	raw = xmalloc(raw_len);
	randombytes_buf(raw, NONCEBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(raw + NONCEBYTES, NULL,
	    plain, n, (const unsigned char *)context, strlen(context), NULL,
	    raw, seal_key);
	b64_len = sodium_base64_ENCODED_LEN(raw_len, B64);
	out = xmalloc(strlen(SEAL_PREFIX) + b64_len);
	strcpy(out, SEAL_PREFIX);
	sodium_bin2base64(out + strlen(SEAL_PREFIX), b64_len, raw, raw_len,
	    B64);
	free(raw);
	return out;
}

/* Open sealed with key: the plain text (caller frees with seal_free), or
 * NULL. */
static char *
open_with(const unsigned char *key, const char *context, const char *sealed,
    size_t *n)
{
	size_t plen = strlen(SEAL_PREFIX), slen, raw_len;
	unsigned char *raw = NULL;
	char *plain = NULL;
	unsigned long long out_len;

	if (key == NULL || strncmp(sealed, SEAL_PREFIX, plen) != 0)
		return NULL;
	slen = strlen(sealed + plen);
	if (slen > 2 * SEAL_MAX_PLAIN)
		return NULL;
	raw = xmalloc(slen);
	if (sodium_base642bin(raw, slen, sealed + plen, slen, NULL, &raw_len,
	    NULL, B64) != 0 || raw_len < NONCEBYTES + ABYTES)
		goto out;
	plain = xmalloc(raw_len - NONCEBYTES - ABYTES + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)plain,
	    &out_len, NULL, raw + NONCEBYTES, raw_len - NONCEBYTES,
	    (const unsigned char *)context, strlen(context), raw,
	    key) != 0) {
		free(plain);
		plain = NULL;
		goto out;
	}
	plain[out_len] = '\0';
	*n = (size_t)out_len;
out:
	free(raw);
	return plain;
}

char *
seal_open(const char *context, const char *sealed, size_t *n)
{
	return open_with(seal_key, context, sealed, n);
}

int
seal_probe(const char *key_path, const char *context, const char *sealed)
{
	unsigned char *key = sodium_malloc(KEYBYTES);
	char err[200], *plain = NULL;
	size_t n = 0;
	int fd, rc = -1;

	if (key == NULL)
		return -1;
	fd = open(key_path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && read_key(fd, key, err, sizeof(err)) == 0) {
		plain = open_with(key, context, sealed, &n);
		rc = plain != NULL;
		seal_free(plain, n);
	}
	if (fd >= 0)
		close(fd);
	sodium_free(key);
	return rc;
}

void
seal_free(char *p, size_t n)
{
	if (p == NULL)
		return;
	sodium_memzero(p, n + 1);
	free(p);
}
