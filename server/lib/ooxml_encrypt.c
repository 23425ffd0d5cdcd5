/* Switchboard — "password to open" for an Office Open XML package. */
#include "ooxml_encrypt.h"

#include <iconv.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ooxml_cfb.h"
#include "util.h"

#define SALT_LEN	16	/* saltSize */
#define BLOCK_LEN	16	/* blockSize: AES */
#define KEY_LEN		32	/* keyBits 256 */
#define HASH_LEN	64	/* hashSize: SHA-512 */
#define SPIN_COUNT	100000
#define SEGMENT_LEN	4096	/* EncryptedPackage segments (2.3.4.15) */
#define PW_BYTES_MAX	(4 * OOXML_PASSWORD_MAX)	/* UTF-8 */
#define B64_LEN(n)	sodium_base64_ENCODED_LEN(n, B64)
#define B64		sodium_base64_VARIANT_ORIGINAL
#define XML_MAX		2048
#define NS		"http://schemas.microsoft.com/office/2006/"
#define NS_PASSWORD	NS "keyEncryptor/password"

/* The block keys of 2.3.4.11 to 2.3.4.14, one per derived key or IV. */
static const unsigned char bk_verifier_input[8] = {
	0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79 };
static const unsigned char bk_verifier_value[8] = {
	0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e };
static const unsigned char bk_key_value[8] = {
	0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6 };
static const unsigned char bk_hmac_key[8] = {
	0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6 };
static const unsigned char bk_hmac_value[8] = {
	0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33 };

/* Everything secret in one place, in sodium_malloc memory (kept out of
 * swap), so the one sodium_free wipes it. */
struct agile {
	unsigned char	 secret[KEY_LEN];	/* encrypts the package */
	unsigned char	 pw_hash[HASH_LEN];	/* H(n) of the password */
	unsigned char	 kek[KEY_LEN];		/* a key derived from it */
	unsigned char	 verifier[SALT_LEN];
	unsigned char	 verifier_hash[HASH_LEN];
	unsigned char	 hmac_key[HASH_LEN];
	unsigned char	 hmac[HASH_LEN];
	unsigned char	 tail[BLOCK_LEN];	/* the package's last block */
	unsigned char	 pw16[2 * PW_BYTES_MAX];	/* UTF-16LE */
	char		 pw8[PW_BYTES_MAX + 1];
	size_t		 pw16_len;
};

/* What goes into the XML descriptor: salts and encrypted values. */
struct descriptor {
	unsigned char	 key_salt[SALT_LEN];
	unsigned char	 pw_salt[SALT_LEN];
	unsigned char	 enc_hmac_key[HASH_LEN];
	unsigned char	 enc_hmac_value[HASH_LEN];
	unsigned char	 enc_verifier_input[SALT_LEN];
	unsigned char	 enc_verifier_value[HASH_LEN];
	unsigned char	 enc_key_value[KEY_LEN];
};

/* The password as UTF-16LE code units, which Office hashes. */
static int
utf16le(const char *password, struct agile *a)
{
	iconv_t cd;
	char *in, *outp;
	size_t inleft, outleft, len = strlen(password);
	int rc = -1;

	if (len == 0 || len > PW_BYTES_MAX)
		return -1;
	memcpy(a->pw8, password, len + 1);	/* iconv wants it writable */
	cd = iconv_open("UTF-16LE", "UTF-8");
	if (cd == (iconv_t)-1)
		return -1;
	in = a->pw8;
	inleft = len;
	outp = (char *)a->pw16;
	outleft = sizeof(a->pw16);
	if (iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1 &&
	    inleft == 0) {
		a->pw16_len = sizeof(a->pw16) - outleft;
		if (a->pw16_len / 2 <= OOXML_PASSWORD_MAX)
			rc = 0;
	}
	iconv_close(cd);
	return rc;
}

/* SHA-512 of a || b. */
static int
sha512_two(EVP_MD_CTX *ctx, const unsigned char *a, size_t alen,
    const unsigned char *b, size_t blen, unsigned char out[HASH_LEN])
{
	return EVP_DigestInit_ex(ctx, EVP_sha512(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, a, alen) == 1 &&
	    EVP_DigestUpdate(ctx, b, blen) == 1 &&
	    EVP_DigestFinal_ex(ctx, out, NULL) == 1 ? 0 : -1;
}

/* 2.3.4.11: H0 = H(salt + password), Hn = H(iterator + Hn-1) for
 * iterator 0 .. spinCount-1, the iterator a 32-bit little-endian. */
static int
hash_password(EVP_MD_CTX *ctx, const unsigned char salt[SALT_LEN],
    struct agile *a)
{
	unsigned char it[4];
	uint32_t i;

	if (sha512_two(ctx, salt, SALT_LEN, a->pw16, a->pw16_len,
	    a->pw_hash) != 0)
		return -1;
	for (i = 0; i < SPIN_COUNT; i++) {
		it[0] = i & 0xff;
		it[1] = (i >> 8) & 0xff;
		it[2] = (i >> 16) & 0xff;
		it[3] = (i >> 24) & 0xff;
		if (sha512_two(ctx, it, sizeof(it), a->pw_hash, HASH_LEN,
		    a->pw_hash) != 0)
			return -1;
	}
	return 0;
}

/* A key encryption key: H(Hn + blockKey), cut to keyBits. */
static int
derive_kek(EVP_MD_CTX *ctx, struct agile *a, const unsigned char bk[8])
{
	unsigned char h[HASH_LEN];
	int rc;

	rc = sha512_two(ctx, a->pw_hash, HASH_LEN, bk, 8, h);
	memcpy(a->kek, h, KEY_LEN);
	sodium_memzero(h, sizeof(h));
	return rc;
}

/* An IV from the key data salt and a block key (or a segment number):
 * H(keyDataSalt + blockKey), cut to blockSize (2.3.4.12, 2.3.4.14). */
static int
derive_iv(EVP_MD_CTX *ctx, const unsigned char salt[SALT_LEN],
    const unsigned char *bk, size_t bklen, unsigned char iv[BLOCK_LEN])
{
	unsigned char h[HASH_LEN];

	if (sha512_two(ctx, salt, SALT_LEN, bk, bklen, h) != 0)
		return -1;
	memcpy(iv, h, BLOCK_LEN);
	return 0;
}

/* AES-256-CBC without padding; len is a multiple of the block size. */
static int
aes_cbc(EVP_CIPHER_CTX *c, const unsigned char key[KEY_LEN],
    const unsigned char iv[BLOCK_LEN], const unsigned char *in, size_t len,
    unsigned char *out)
{
	int n, fin;

	if (len % BLOCK_LEN != 0 || len > INT32_MAX)
		return -1;
	if (EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), NULL, key, iv) != 1 ||
	    EVP_CIPHER_CTX_set_padding(c, 0) != 1 ||
	    EVP_EncryptUpdate(c, out, &n, in, (int)len) != 1 ||
	    EVP_EncryptFinal_ex(c, out + n, &fin) != 1 ||
	    (size_t)(n + fin) != len)
		return -1;
	return 0;
}

/* Feed len bytes (whole blocks) through an initialized CBC context. */
static int
cbc_update(EVP_CIPHER_CTX *c, const unsigned char *in, size_t len,
    unsigned char *out)
{
	int n;

	if (len == 0)
		return 0;
	if (len > INT32_MAX ||
	    EVP_EncryptUpdate(c, out, &n, in, (int)len) != 1 ||
	    (size_t)n != len)
		return -1;
	return 0;
}

/* The EncryptedPackage stream (2.3.4.4, 2.3.4.15): the package's size as
 * a 64-bit little-endian, then 4096-byte segments, each encrypted with
 * the secret key and an IV from the segment's number; the last one padded
 * with zeros to whole blocks. out holds package_stream_len(len) bytes. */
static int
encrypt_package(EVP_MD_CTX *md, EVP_CIPHER_CTX *c, struct agile *a,
    const struct descriptor *d, const unsigned char *pkg, size_t len,
    unsigned char *out)
{
	unsigned char iv[BLOCK_LEN], seg_no[4];
	size_t off, seg, whole, k;
	uint32_t i;
	int fin;

	for (k = 0; k < 8; k++)
		out[k] = (unsigned char)(((uint64_t)len >> (8 * k)) & 0xff);
	out += 8;
	for (off = 0, i = 0; off < len; off += seg, i++) {
		seg = len - off < SEGMENT_LEN ? len - off : SEGMENT_LEN;
		seg_no[0] = i & 0xff;
		seg_no[1] = (i >> 8) & 0xff;
		seg_no[2] = (i >> 16) & 0xff;
		seg_no[3] = (i >> 24) & 0xff;
		if (derive_iv(md, d->key_salt, seg_no, 4, iv) != 0)
			return -1;
		whole = seg - seg % BLOCK_LEN;
		if (EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), NULL, a->secret,
		    iv) != 1 || EVP_CIPHER_CTX_set_padding(c, 0) != 1 ||
		    cbc_update(c, pkg + off, whole, out) != 0)
			return -1;
		out += whole;
		if (seg > whole) {
			memset(a->tail, 0, sizeof(a->tail));
			memcpy(a->tail, pkg + off + whole, seg - whole);
			if (cbc_update(c, a->tail, BLOCK_LEN, out) != 0)
				return -1;
			out += BLOCK_LEN;
		}
		if (EVP_EncryptFinal_ex(c, out, &fin) != 1 || fin != 0)
			return -1;
	}
	return 0;
}

static size_t
package_stream_len(size_t len)
{
	return 8 + (len + BLOCK_LEN - 1) / BLOCK_LEN * BLOCK_LEN;
}

/* The password key encryptor (2.3.4.11, 2.3.4.13): a random verifier
 * and its hash, and the secret key, each encrypted under a key derived
 * from the password with its own block key, the salt as IV. */
static int
encrypt_key(EVP_MD_CTX *md, EVP_CIPHER_CTX *c, struct agile *a,
    struct descriptor *d)
{
	if (hash_password(md, d->pw_salt, a) != 0)
		return -1;
	randombytes_buf(a->verifier, sizeof(a->verifier));
	if (EVP_Digest(a->verifier, sizeof(a->verifier), a->verifier_hash,
	    NULL, EVP_sha512(), NULL) != 1)
		return -1;
	if (derive_kek(md, a, bk_verifier_input) != 0 ||
	    aes_cbc(c, a->kek, d->pw_salt, a->verifier, SALT_LEN,
	    d->enc_verifier_input) != 0)
		return -1;
	if (derive_kek(md, a, bk_verifier_value) != 0 ||
	    aes_cbc(c, a->kek, d->pw_salt, a->verifier_hash, HASH_LEN,
	    d->enc_verifier_value) != 0)
		return -1;
	if (derive_kek(md, a, bk_key_value) != 0 ||
	    aes_cbc(c, a->kek, d->pw_salt, a->secret, KEY_LEN,
	    d->enc_key_value) != 0)
		return -1;
	return 0;
}

/* dataIntegrity (2.3.4.14): an HMAC-SHA512 over the whole EncryptedPackage
 * stream under a random key; key and HMAC both encrypted with the secret
 * key. */
static int
sign_package(EVP_MD_CTX *md, EVP_CIPHER_CTX *c, struct agile *a,
    struct descriptor *d, const unsigned char *stream, size_t len)
{
	unsigned char iv[BLOCK_LEN];
	unsigned int maclen = 0;

	randombytes_buf(a->hmac_key, sizeof(a->hmac_key));
	if (HMAC(EVP_sha512(), a->hmac_key, HASH_LEN, stream, len, a->hmac,
	    &maclen) == NULL || maclen != HASH_LEN)
		return -1;
	if (derive_iv(md, d->key_salt, bk_hmac_key, 8, iv) != 0 ||
	    aes_cbc(c, a->secret, iv, a->hmac_key, HASH_LEN,
	    d->enc_hmac_key) != 0)
		return -1;
	if (derive_iv(md, d->key_salt, bk_hmac_value, 8, iv) != 0 ||
	    aes_cbc(c, a->secret, iv, a->hmac, HASH_LEN,
	    d->enc_hmac_value) != 0)
		return -1;
	return 0;
}

/* The EncryptionInfo stream (2.3.4.10): version 4.4, reserved 0x40, then
 * the XML descriptor, laid out as Office writes it. Returns its length, or
 * 0 if it does not fit. */
static size_t
encryption_info(const struct descriptor *d, unsigned char *out, size_t cap)
{
	char key_salt[B64_LEN(SALT_LEN)], pw_salt[B64_LEN(SALT_LEN)];
	char hkey[B64_LEN(HASH_LEN)], hval[B64_LEN(HASH_LEN)];
	char vin[B64_LEN(SALT_LEN)], vval[B64_LEN(HASH_LEN)];
	char kval[B64_LEN(KEY_LEN)];
	static const unsigned char head[8] = { 4, 0, 4, 0, 0x40, 0, 0, 0 };
	int n;

	sodium_bin2base64(key_salt, sizeof(key_salt), d->key_salt, SALT_LEN,
	    B64);
	sodium_bin2base64(pw_salt, sizeof(pw_salt), d->pw_salt, SALT_LEN, B64);
	sodium_bin2base64(hkey, sizeof(hkey), d->enc_hmac_key, HASH_LEN, B64);
	sodium_bin2base64(hval, sizeof(hval), d->enc_hmac_value, HASH_LEN,
	    B64);
	sodium_bin2base64(vin, sizeof(vin), d->enc_verifier_input, SALT_LEN,
	    B64);
	sodium_bin2base64(vval, sizeof(vval), d->enc_verifier_value, HASH_LEN,
	    B64);
	sodium_bin2base64(kval, sizeof(kval), d->enc_key_value, KEY_LEN, B64);
	if (cap < sizeof(head))
		return 0;
	memcpy(out, head, sizeof(head));
	n = snprintf((char *)out + sizeof(head), cap - sizeof(head),
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
	    "<encryption"
	    " xmlns=\"" NS "encryption\""
	    " xmlns:p=\"" NS_PASSWORD "\""
	    " xmlns:c=\"" NS "keyEncryptor/certificate\">"
	    "<keyData saltSize=\"%d\" blockSize=\"%d\" keyBits=\"%d\""
	    " hashSize=\"%d\" cipherAlgorithm=\"AES\""
	    " cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\""
	    " saltValue=\"%s\"/>"
	    "<dataIntegrity encryptedHmacKey=\"%s\""
	    " encryptedHmacValue=\"%s\"/>"
	    "<keyEncryptors><keyEncryptor"
	    " uri=\"" NS_PASSWORD "\">"
	    "<p:encryptedKey spinCount=\"%d\" saltSize=\"%d\" blockSize=\"%d\""
	    " keyBits=\"%d\" hashSize=\"%d\" cipherAlgorithm=\"AES\""
	    " cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\""
	    " saltValue=\"%s\" encryptedVerifierHashInput=\"%s\""
	    " encryptedVerifierHashValue=\"%s\" encryptedKeyValue=\"%s\"/>"
	    "</keyEncryptor></keyEncryptors></encryption>",
	    SALT_LEN, BLOCK_LEN, KEY_LEN * 8, HASH_LEN, key_salt, hkey, hval,
	    SPIN_COUNT, SALT_LEN, BLOCK_LEN, KEY_LEN * 8, HASH_LEN, pw_salt,
	    vin, vval, kval);
	if (n < 0 || (size_t)n >= cap - sizeof(head))
		return 0;
	return sizeof(head) + (size_t)n;
}

int
ooxml_encrypt_init(void)
{
	return ooxml_cfb_init();
}

int
ooxml_encrypt(const unsigned char *pkg, size_t len, const char *password,
    unsigned char **out, size_t *outlen)
{
	struct agile *a;
	struct descriptor d;
	EVP_MD_CTX *md = NULL;
	EVP_CIPHER_CTX *c = NULL;
	unsigned char info[8 + XML_MAX], *stream = NULL;
	size_t info_len, stream_len = 0;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (pkg == NULL || len == 0 || len > OOXML_ENCRYPT_MAX ||
	    password == NULL)
		return -1;
	a = sodium_malloc(sizeof(*a));
	if (a == NULL)
		return -1;
	memset(a, 0, sizeof(*a));
	memset(&d, 0, sizeof(d));
	if (utf16le(password, a) != 0)
		goto out;
	md = EVP_MD_CTX_new();
	c = EVP_CIPHER_CTX_new();
	if (md == NULL || c == NULL)
		goto out;

	randombytes_buf(a->secret, sizeof(a->secret));
	randombytes_buf(d.key_salt, sizeof(d.key_salt));
	randombytes_buf(d.pw_salt, sizeof(d.pw_salt));
	if (encrypt_key(md, c, a, &d) != 0)
		goto out;

	stream_len = package_stream_len(len);
	stream = xmalloc(stream_len);
	if (encrypt_package(md, c, a, &d, pkg, len, stream) != 0 ||
	    sign_package(md, c, a, &d, stream, stream_len) != 0)
		goto out;
	info_len = encryption_info(&d, info, sizeof(info));
	if (info_len == 0)
		goto out;
	rc = ooxml_cfb_write(info, info_len, stream, stream_len, out, outlen);
out:
	free(stream);
	EVP_CIPHER_CTX_free(c);		/* cleanses the key schedule */
	EVP_MD_CTX_free(md);
	sodium_free(a);
	return rc;
}
