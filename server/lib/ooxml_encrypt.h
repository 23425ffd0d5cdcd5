/* Switchboard — "password to open" for an Office Open XML package (an
 * .xlsx): MS-OFFCRYPTO agile encryption (ECMA-376 document encryption,
 * 2.3.4.10 to 2.3.4.15) with AES-256-CBC, SHA-512 and a spin count of
 * 100,000, in the compound file Excel and LibreOffice open. Keys and salts
 * come from libsodium's generator; the cipher, hashes and HMAC from OpenSSL
 * EVP. The package is integrity-protected (dataIntegrity, HMAC-SHA512). */
#ifndef SB_OOXML_ENCRYPT_H
#define SB_OOXML_ENCRYPT_H

#include <stddef.h>

#define OOXML_ENCRYPT_MAX	((size_t)256 * 1024 * 1024)	/* package */
#define OOXML_PASSWORD_MAX	255	/* UTF-16 units, as Excel allows */

/* Initialize the libraries underneath (libgsf's gsf_init) once. Call at
 * start-up, after sodium_init() and before threads start; ooxml_encrypt
 * also calls it, so forgetting it costs only a first-call delay. Returns
 * 0. Thread-safe. */
int	ooxml_encrypt_init(void);

/* Encrypt the len bytes of pkg (a whole OOXML package; 1 byte to
 * OOXML_ENCRYPT_MAX) for opening with password (UTF-8, 1 to
 * OOXML_PASSWORD_MAX characters; hashed as UTF-16LE as Office does). On
 * success returns 0 and a malloc'd compound file in *out of *outlen bytes,
 * which the caller frees with free(). Returns -1, with *out NULL, on bad
 * arguments (invalid UTF-8 included) or a library failure. Key material is
 * wiped before returning; pkg and password are borrowed and left as they
 * are. Deliberately slow: 100,000 SHA-512 rounds a call. Call after
 * sodium_init(). Thread-safe. */
int	ooxml_encrypt(const unsigned char *pkg, size_t len,
	    const char *password, unsigned char **out, size_t *outlen);

#endif
