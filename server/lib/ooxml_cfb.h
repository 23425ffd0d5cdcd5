/* Switchboard — the compound file (OLE2/CFB) that holds an encrypted
 * OOXML package, written with libgsf: the EncryptionInfo and
 * EncryptedPackage streams of MS-OFFCRYPTO 2.3.4 and the \x06DataSpaces
 * storage that names the password transform, as Excel writes it. The
 * cryptography is ooxml_encrypt's; this module only lays the bytes out. */
#ifndef SB_OOXML_CFB_H
#define SB_OOXML_CFB_H

#include <stddef.h>

/* Initialize libgsf (gsf_init) once; later calls do nothing. Thread-safe.
 * Returns 0. */
int	ooxml_cfb_init(void);

/* Write a compound file holding info (the EncryptionInfo stream, infolen
 * bytes), pkg (the EncryptedPackage stream, pkglen bytes) and the data
 * spaces storage. Both inputs are borrowed. On success returns 0 and a
 * malloc'd *out of *outlen bytes that the caller frees with free(); -1 on
 * failure, with *out NULL. Thread-safe. */
int	ooxml_cfb_write(const unsigned char *info, size_t infolen,
	    const unsigned char *pkg, size_t pkglen, unsigned char **out,
	    size_t *outlen);

#endif
