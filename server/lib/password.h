/* Switchboard — password hashing (libsodium argon2id) and password policy.
 * Hashing is deliberately slow and takes 64 MiB, so at most a few hashes run
 * at once; further callers wait their turn rather than exhaust memory. */
#ifndef SB_PASSWORD_H
#define SB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN 12		/* OWASP ASVS 2.1.1 */
#define PASSWORD_MAX 128
#define PASSWORD_HASH_MAX 128	/* crypto_pwhash_STRBYTES */

/* NULL if pw is acceptable, else a message for the user (static). */
const char	*password_policy(const char *pw);

/* Hash pw into out (PASSWORD_HASH_MAX bytes). 0 or -1. Thread-safe. */
int		 password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* True if pw matches hash. Thread-safe. */
bool		 password_verify(const char *hash, const char *pw);

/* A hash that matches nothing, to spend the same time when the account does
 * not exist (so timing does not reveal user names). Borrowed, static. */
const char	*password_dummy_hash(void);

#endif
