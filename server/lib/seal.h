/* Switchboard — sealing secrets at rest with libsodium.
 * Every stored SIP password, API key or JWT goes through seal_box() and comes
 * back with seal_open(). The key lives in DATA/secret.key (0600), apart from
 * the database, so a stolen database or backup alone reveals nothing.
 * Sealed text: "sb1:" + base64(nonce | XChaCha20-Poly1305 ciphertext). The
 * context (e.g. "sip_device.password") is bound as associated data, so a
 * sealed value cannot be moved to another column. */
#ifndef SB_SEAL_H
#define SB_SEAL_H

#include <stddef.h>

#define SEAL_MAX_PLAIN (64 * 1024)

/* Load the key file at path, creating it (0600, random) if absent. Refuses
 * a key file of the wrong size. Call once after sodium_init(), before threads.
 * Returns 0, or -1 with a message in err. */
int	 seal_init(const char *path, char *err, size_t errlen);

/* Forget the key (wiped). */
void	 seal_shutdown(void);

/* Seal n bytes. Returns a NUL-terminated string the caller frees with free(),
 * or NULL if n exceeds SEAL_MAX_PLAIN. Thread-safe. */
char	*seal_box(const char *context, const void *plain, size_t n);

/* Open a sealed string. On success returns a buffer of *n bytes plus a NUL,
 * which the caller wipes and frees with seal_free(); NULL when the text is
 * malformed, forged or sealed under another key or context. Thread-safe. */
char	*seal_open(const char *context, const char *sealed, size_t *n);

/* Whether the key in the file at key_path (not the loaded one) opens
 * sealed under context: 1 it does, 0 it does not, -1 the key file cannot
 * be read (absent, or of the wrong size). For a restore, which must know
 * before it swaps files in whether the key that will be in place opens
 * the restored database's secrets. Thread-safe. */
int	 seal_probe(const char *key_path, const char *context,
	    const char *sealed);

/* Wipe and free a buffer from seal_open. Safe on NULL. */
void	 seal_free(char *p, size_t n);

#endif
