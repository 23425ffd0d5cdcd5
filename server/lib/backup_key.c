/* Switchboard — the secret key sealed with an admin's passphrase for a
 * whole-system backup. */
#include "backup_key.h"

#include <sodium.h>
#include <string.h>

#include "backup_manifest.h"

#define KDF_NAME	"argon2id13"
#define CIPHER_NAME	"xsalsa20poly1305"

static int
derive(unsigned char out[crypto_secretbox_KEYBYTES], const char *passphrase,
    const unsigned char *salt, unsigned long long ops, size_t mem)
{
	return crypto_pwhash(out, crypto_secretbox_KEYBYTES, passphrase,
	    strlen(passphrase), salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
}

int
backup_key_seal(const unsigned char *key, size_t keylen,
    const char *passphrase, unsigned char *out, json_t **kdf)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char k[crypto_secretbox_KEYBYTES];
	char salt_hex[2 * sizeof(salt) + 1], nonce_hex[2 * sizeof(nonce) + 1];
	unsigned long long ops = crypto_pwhash_OPSLIMIT_MODERATE;
	size_t mem = crypto_pwhash_MEMLIMIT_MODERATE;

	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	if (derive(k, passphrase, salt, ops, mem) != 0)
		return -1;
	crypto_secretbox_easy(out, key, keylen, nonce, k);
	sodium_memzero(k, sizeof(k));
	sodium_bin2hex(salt_hex, sizeof(salt_hex), salt, sizeof(salt));
	sodium_bin2hex(nonce_hex, sizeof(nonce_hex), nonce, sizeof(nonce));
	*kdf = json_pack("{s:s,s:s,s:s,s:I,s:I,s:s,s:s}", "member",
	    BACKUP_MEMBER_KEY, "kdf", KDF_NAME, "salt", salt_hex, "opslimit",
	    (json_int_t)ops, "memlimit", (json_int_t)mem, "cipher",
	    CIPHER_NAME, "nonce", nonce_hex);
	return 0;
}

static int
hex_field(const json_t *o, const char *name, unsigned char *out, size_t n)
{
	const char *s = json_string_value(json_object_get(o, name));
	size_t got;

	if (s == NULL || strlen(s) != 2 * n ||
	    sodium_hex2bin(out, n, s, strlen(s), NULL, &got, NULL) != 0 ||
	    got != n)
		return -1;
	return 0;
}

int
backup_key_kdf_check(const json_t *kdf)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	json_t *ops = json_object_get(kdf, "opslimit");
	json_t *mem = json_object_get(kdf, "memlimit");
	const char *name = json_string_value(json_object_get(kdf, "kdf"));
	const char *cipher = json_string_value(json_object_get(kdf, "cipher"));
	const char *member = json_string_value(json_object_get(kdf, "member"));

	if (!json_is_object(kdf) || name == NULL || strcmp(name, KDF_NAME) ||
	    cipher == NULL || strcmp(cipher, CIPHER_NAME) || member == NULL ||
	    strcmp(member, BACKUP_MEMBER_KEY) ||
	    hex_field(kdf, "salt", salt, sizeof(salt)) != 0 ||
	    hex_field(kdf, "nonce", nonce, sizeof(nonce)) != 0 ||
	    !json_is_integer(ops) || !json_is_integer(mem))
		return -1;
	if (json_integer_value(ops) < crypto_pwhash_OPSLIMIT_MODERATE ||
	    json_integer_value(ops) > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    json_integer_value(mem) < crypto_pwhash_MEMLIMIT_MODERATE ||
	    json_integer_value(mem) > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return -1;
	return 0;
}

int
backup_key_open(const json_t *kdf, const unsigned char *sealed, size_t n,
    const char *passphrase, unsigned char *key, size_t keylen)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char k[crypto_secretbox_KEYBYTES];
	int rc;

	if (backup_key_kdf_check(kdf) != 0 ||
	    n != BACKUP_KEY_SEALED_LEN(keylen))
		return -1;
	hex_field(kdf, "salt", salt, sizeof(salt));
	hex_field(kdf, "nonce", nonce, sizeof(nonce));
	if (derive(k, passphrase, salt, (unsigned long long)
	    json_integer_value(json_object_get(kdf, "opslimit")),
	    (size_t)json_integer_value(json_object_get(kdf, "memlimit"))) !=
	    0)
		return -1;
	rc = crypto_secretbox_open_easy(key, sealed, n, nonce, k);
	sodium_memzero(k, sizeof(k));
	if (rc != 0)
		sodium_memzero(key, keylen);
	return rc == 0 ? 0 : -1;
}
