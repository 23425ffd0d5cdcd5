/* Switchboard — the appliance's secret key sealed with a passphrase the
 * admin types, for a whole-system backup that carries it: Argon2id
 * (libsodium crypto_pwhash, a random salt, the MODERATE limits) derives a
 * key that seals it with crypto_secretbox (XSalsa20-Poly1305). The salt,
 * limits and nonce go into the manifest as the "kdf" object; the
 * passphrase is never stored or logged. */
#ifndef SB_BACKUP_KEY_H
#define SB_BACKUP_KEY_H

#include <jansson.h>
#include <stddef.h>

/* Bytes of a sealed key of keylen bytes. */
#define BACKUP_KEY_SEALED_LEN(keylen)	((keylen) + 16)

/* Seal key (keylen bytes) under passphrase into out (room for
 * BACKUP_KEY_SEALED_LEN(keylen) bytes); *kdf gets the manifest's "key"
 * object (new reference: kdf, salt, opslimit, memlimit, cipher, nonce,
 * member). 0, or -1 when the derivation fails (out of memory). */
int	 backup_key_seal(const unsigned char *key, size_t keylen,
	    const char *passphrase, unsigned char *out, json_t **kdf);

/* Open sealed (n bytes) with passphrase and the manifest's kdf object into
 * key (keylen bytes). 0, or -1 when the passphrase does not open it (or
 * the sizes do not match). key is wiped on failure. */
int	 backup_key_open(const json_t *kdf, const unsigned char *sealed,
	    size_t n, const char *passphrase, unsigned char *key,
	    size_t keylen);

/* 0 when kdf is a "key" object this build accepts: Argon2id13, salt and
 * nonce of the right lengths in hex, limits from MODERATE to SENSITIVE
 * (a forged manifest cannot make a restore allocate more than 1 GiB);
 * else -1. */
int	 backup_key_kdf_check(const json_t *kdf);

#endif
