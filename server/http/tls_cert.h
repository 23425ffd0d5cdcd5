/* Switchboard — the admin listener's TLS certificate: a self-signed one made
 * on first start, its details for the UI, and replacing it with an admin's
 * own certificate and key. Files are PEM holding the private key followed by
 * the certificate chain, as CivetWeb reads them; mode 0600. */
#ifndef SB_TLS_CERT_H
#define SB_TLS_CERT_H

#include <jansson.h>
#include <stddef.h>

#define TLS_PEM_MAX (64 * 1024)

/* If path does not exist, create a self-signed certificate (EC P-256,
 * SAN: host name, localhost, 127.0.0.1, ::1; 825 days) there.
 * Returns 1 if created, 0 if it existed, -1 with err on failure. */
int	 tls_cert_ensure(const char *path, char *err, size_t errlen);

/* Subject, issuer, SANs, validity and SHA-256 fingerprint of the first
 * certificate in the PEM file at path. New reference or NULL. */
json_t	*tls_cert_info(const char *path);

/* Check that cert_pem (a chain) and key_pem belong together and are valid
 * now, then atomically write key + chain to path (0600). Returns 0, or -1
 * with a message naming the field ("certificate" / "private_key") in
 * *field and err. */
int	 tls_cert_install(const char *path, const char *cert_pem,
	    const char *key_pem, const char **field, char *err, size_t errlen);

#endif
