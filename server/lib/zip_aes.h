/* Switchboard — a zip archive of one file encrypted with WinZip AES-256
 * (AE-2), built in memory with libzip. Never the legacy ZipCrypto, which
 * a known-plaintext attack breaks. WinZip AES stretches the password with
 * only 1,000 rounds of PBKDF2-HMAC-SHA1, so the password must be random
 * and long (random_alnum, 32 characters). The entry's name, size and time
 * stay readable in the archive's directory. */
#ifndef SB_ZIP_AES_H
#define SB_ZIP_AES_H

#include <stddef.h>

#define ZIP_AES_NAME_MAX	255
#define ZIP_AES_DATA_MAX	((size_t)1024 * 1024 * 1024)

/* Build an archive holding data (len bytes, at most ZIP_AES_DATA_MAX) as
 * the one entry entry_name (1 to ZIP_AES_NAME_MAX bytes of UTF-8, no
 * directory part: no '/' or '\\', not "." or "..", no control characters),
 * deflated and encrypted with AES-256 under password (non-empty). On
 * success returns 0 and a malloc'd archive in *out of *outlen bytes, which
 * the caller frees with free(). Returns -1, with *out NULL, on a bad
 * argument, when libzip lacks AES, or on a libzip failure. data and
 * password are borrowed. Thread-safe. */
int	zip_aes_one(const char *entry_name, const unsigned char *data,
	    size_t len, const char *password, unsigned char **out,
	    size_t *outlen);

#endif
