/* Switchboard — the HTTPS listeners' certificate, read again while the
 * appliance runs (SIGHUP, "systemctl reload"). CivetWeb loads its
 * ssl_certificate file once, at start; each TLS handshake then asks an
 * OpenSSL certificate callback installed here, which hands out the
 * certificate loaded last, if any was. Connections already open keep the
 * one they started with. */
#ifndef SB_TLS_RELOAD_H
#define SB_TLS_RELOAD_H

#include <stddef.h>

/* CivetWeb's init_ssl callback for a listener: installs the certificate
 * callback on its SSL_CTX and returns 0, so that CivetWeb still loads the
 * configured file itself. */
int	tls_reload_init_ssl(void *ssl_ctx, void *user_data);

/* Read path (PEM: private key and certificate chain, as CivetWeb reads
 * it) and serve it to new connections. 0, or -1 with err when the file
 * cannot be read, holds no key or certificate, or the key does not belong
 * to the certificate: the certificate served stays as it was. */
int	tls_reload_load(const char *path, char *err, size_t errlen);

/* Drop the loaded certificate (after the listeners stopped). */
void	tls_reload_free(void);

#endif
