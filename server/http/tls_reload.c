/* Switchboard — the HTTPS listeners' certificate, read again while the
 * appliance runs. */
#include "tls_reload.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct tls_pair {
	X509		*cert;
	EVP_PKEY	*key;
	STACK_OF(X509)	*chain;
};

static pthread_mutex_t tls_reload_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tls_pair *current;	/* NULL until a reload */

static void
pair_free(struct tls_pair *p)
{
	if (p == NULL)
		return;
	X509_free(p->cert);
	EVP_PKEY_free(p->key);
	sk_X509_pop_free(p->chain, X509_free);
	free(p);
}

/* Called by OpenSSL in each handshake, before the server's certificate is
 * chosen. SSL_use_cert_and_key takes references of its own, so a later
 * reload may free the pair this connection was given. */
static int
cert_cb(SSL *ssl, void *arg)
{
	int ok = 1;

	(void)arg;
	pthread_mutex_lock(&tls_reload_lock);
	if (current != NULL)
		ok = SSL_use_cert_and_key(ssl, current->cert, current->key,
		    current->chain, 1) == 1;
	pthread_mutex_unlock(&tls_reload_lock);
	return ok;
}

int
tls_reload_init_ssl(void *ssl_ctx, void *user_data)
{
	(void)user_data;
	SSL_CTX_set_cert_cb(ssl_ctx, cert_cb, NULL);
	return 0;
}

int
tls_reload_load(const char *path, char *err, size_t errlen)
{
	struct tls_pair *p = NULL, *old;
	BIO *in = NULL;
	X509 *extra;
	int rc = -1;

	p = calloc(1, sizeof(*p));
	if (p == NULL || (p->chain = sk_X509_new_null()) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* PEM_read_bio_* skip blocks of other kinds: the key, then the
	 * certificates in order, wherever each stands in the file. */
	if ((in = BIO_new_file(path, "r")) == NULL) {
		snprintf(err, errlen, "cannot read %s", path);
		goto out;
	}
	if ((p->key = PEM_read_bio_PrivateKey(in, NULL, NULL, NULL)) == NULL) {
		snprintf(err, errlen, "%s holds no unencrypted private key",
		    path);
		goto out;
	}
	if (BIO_reset(in) != 0 ||
	    (p->cert = PEM_read_bio_X509(in, NULL, NULL, NULL)) == NULL) {
		snprintf(err, errlen, "%s holds no certificate", path);
		goto out;
	}
	while ((extra = PEM_read_bio_X509(in, NULL, NULL, NULL)) != NULL)
		if (sk_X509_push(p->chain, extra) <= 0) {
			X509_free(extra);
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	if (X509_check_private_key(p->cert, p->key) != 1) {
		snprintf(err, errlen, "the private key in %s does not belong "
		    "to its certificate", path);
		goto out;
	}
	pthread_mutex_lock(&tls_reload_lock);
	old = current;
	current = p;
	pthread_mutex_unlock(&tls_reload_lock);
	p = old;
	rc = 0;
out:
	ERR_clear_error();
	BIO_free(in);
	pair_free(p);
	return rc;
}

void
tls_reload_free(void)
{
	pthread_mutex_lock(&tls_reload_lock);
	pair_free(current);
	current = NULL;
	pthread_mutex_unlock(&tls_reload_lock);
}
