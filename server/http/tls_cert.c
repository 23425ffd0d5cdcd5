/* Switchboard — the admin listener's TLS certificate. */
#include "tls_cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/util.h"

#define CERT_DAYS 825

static int
add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL)
		return -1;
	X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return 0;
}

static char *
pem_of(EVP_PKEY *key, X509 *cert)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out = NULL;
	long n;

	if (b == NULL)
		return NULL;
	if ((key == NULL || PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0,
	    NULL, NULL)) && (cert == NULL || PEM_write_bio_X509(b, cert))) {
		n = BIO_get_mem_data(b, &data);
		out = xstrndup(data, (size_t)n);
	}
	BIO_free(b);
	return out;
}

int
tls_cert_ensure(const char *path, char *err, size_t errlen)
{
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	X509_NAME *name;
	BIGNUM *bn = NULL;
	char host[256], san[600], *pem = NULL;
	int rc = -1;

	if (access(path, F_OK) == 0)
		return 0;
	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
		strcpy(host, "switchboard");
	host[sizeof(host) - 1] = '\0';
	key = EVP_EC_gen("P-256");
	cert = X509_new();
	bn = BN_new();
	if (key == NULL || cert == NULL || bn == NULL ||
	    !BN_rand(bn, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
		goto out;
	X509_set_version(cert, 2);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
	X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
	X509_gmtime_adj(X509_getm_notAfter(cert), (long)CERT_DAYS * 86400);
	X509_set_pubkey(cert, key);
	name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	    (const unsigned char *)"Switchboard appliance", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)host, -1, -1, 0);
	X509_set_issuer_name(cert, name);
	snprintf(san, sizeof(san), "DNS:%s,DNS:localhost,IP:127.0.0.1,IP:::1",
	    host);
	if (add_ext(cert, NID_subject_alt_name, san) != 0 ||
	    add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") != 0 ||
	    add_ext(cert, NID_key_usage, "critical,digitalSignature") != 0 ||
	    add_ext(cert, NID_ext_key_usage, "serverAuth") != 0 ||
	    add_ext(cert, NID_subject_key_identifier, "hash") != 0)
		goto out;
	if (!X509_sign(cert, key, EVP_sha256()))
		goto out;
	if ((pem = pem_of(key, cert)) == NULL)
		goto out;
	if (write_file_atomic(path, pem, strlen(pem), 0600) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		rc = -2;
		goto out;
	}
	rc = 1;
out:
	if (rc == -1)
		snprintf(err, errlen, "cannot create a certificate: %s",
		    ERR_reason_error_string(ERR_get_error()));
	if (pem) {
		OPENSSL_cleanse(pem, strlen(pem));
		free(pem);
	}
	BN_free(bn);
	EVP_PKEY_free(key);
	X509_free(cert);
	return rc < 0 ? -1 : rc;
}

static json_t *
name_json(X509_NAME *n)
{
	char buf[512];

	X509_NAME_oneline(n, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
time_json(const ASN1_TIME *t)
{
	struct tm tm;
	char buf[32];

	if (!ASN1_TIME_to_tm(t, &tm))
		return json_null();
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static json_t *
sans_json(X509 *cert)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(cert, NID_subject_alt_name,
	    NULL, NULL);
	json_t *a = json_array();
	int i;

	for (i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		char buf[128];

		if (g->type == GEN_DNS) {
			snprintf(buf, sizeof(buf), "DNS:%.*s",
			    ASN1_STRING_length(g->d.dNSName),
			    ASN1_STRING_get0_data(g->d.dNSName));
			json_array_append_new(a, json_string(buf));
		} else if (g->type == GEN_IPADD) {
			ASN1_OCTET_STRING *ip = g->d.iPAddress;
			const unsigned char *p = ASN1_STRING_get0_data(ip);

			if (ASN1_STRING_length(ip) == 4) {
				snprintf(buf, sizeof(buf), "IP:%u.%u.%u.%u",
				    p[0], p[1], p[2], p[3]);
				json_array_append_new(a, json_string(buf));
			} else if (ASN1_STRING_length(ip) == 16) {
				char v6[INET6_ADDRSTRLEN];

				inet_ntop(AF_INET6, p, v6, sizeof(v6));
				snprintf(buf, sizeof(buf), "IP:%s", v6);
				json_array_append_new(a, json_string(buf));
			}
		}
	}
	GENERAL_NAMES_free(names);
	return a;
}

static int
self_signed(X509 *cert)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);

	return X509_NAME_cmp(X509_get_subject_name(cert),
	    X509_get_issuer_name(cert)) == 0 && pub != NULL &&
	    X509_verify(cert, pub) == 1;
}

static json_t *
cert_json(X509 *cert)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	char fp[EVP_MAX_MD_SIZE * 3 + 1] = "";

	X509_digest(cert, EVP_sha256(), md, &mdlen);
	for (i = 0; i < mdlen; i++)
		snprintf(fp + i * 3, 4, "%02X%s", md[i], i + 1 < mdlen ? ":" :
		    "");
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:s,s:b}",
	    "subject", name_json(X509_get_subject_name(cert)),
	    "issuer", name_json(X509_get_issuer_name(cert)),
	    "subject_alt_names", sans_json(cert),
	    "not_before", time_json(X509_get0_notBefore(cert)),
	    "not_after", time_json(X509_get0_notAfter(cert)),
	    "sha256_fingerprint", fp,
	    "self_signed", self_signed(cert));
}

json_t *
tls_cert_info(const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *cert;
	json_t *o;

	if (f == NULL)
		return NULL;
	cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (cert == NULL)
		return NULL;
	o = cert_json(cert);
	X509_free(cert);
	return o;
}

int
tls_cert_install(const char *path, const char *cert_pem, const char *key_pem,
    const char **field, char *err, size_t errlen)
{
	BIO *cb = NULL, *kb = NULL;
	X509 *leaf = NULL;
	EVP_PKEY *key = NULL;
	char *out = NULL;
	size_t klen, clen;
	int rc = -1;

	*field = "certificate";
	cb = BIO_new_mem_buf(cert_pem, -1);
	if (cb == NULL || (leaf = PEM_read_bio_X509(cb, NULL, NULL,
	    NULL)) == NULL) {
		snprintf(err, errlen, "The certificate is not a PEM "
		    "certificate (-----BEGIN CERTIFICATE-----).");
		goto out;
	}
	if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
		snprintf(err, errlen, "The certificate has expired.");
		goto out;
	}
	if (X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0) {
		snprintf(err, errlen, "The certificate is not valid yet.");
		goto out;
	}
	*field = "private_key";
	kb = BIO_new_mem_buf(key_pem, -1);
	if (kb == NULL || (key = PEM_read_bio_PrivateKey(kb, NULL, NULL,
	    NULL)) == NULL) {
		snprintf(err, errlen, "The private key is not an unencrypted "
		    "PEM private key.");
		goto out;
	}
	if (X509_check_private_key(leaf, key) != 1) {
		snprintf(err, errlen, "The private key does not belong to the "
		    "certificate.");
		goto out;
	}
	/* Key first, then the chain exactly as given. */
	klen = strlen(key_pem);
	clen = strlen(cert_pem);
	out = xmalloc(klen + clen + 2);
	memcpy(out, key_pem, klen);
	if (klen && key_pem[klen - 1] != '\n')
		out[klen++] = '\n';
	memcpy(out + klen, cert_pem, clen + 1);
	*field = NULL;
	if (write_file_atomic(path, out, strlen(out), 0600) != 0) {
		snprintf(err, errlen, "Cannot write %s: %s", path,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (out) {
		OPENSSL_cleanse(out, strlen(out));
		free(out);
	}
	ERR_clear_error();
	EVP_PKEY_free(key);
	X509_free(leaf);
	BIO_free(cb);
	BIO_free(kb);
	return rc;
}
