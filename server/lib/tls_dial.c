/* Switchboard — an outgoing TLS connection with one deadline. */
#include "tls_dial.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "util.h"

#define SLICE_MS 100	/* how often a wait looks at the cancel flag */

static volatile sig_atomic_t cancelled;

void
tls_dial_cancel_all(void)
{
	cancelled = 1;
}

static int
fail(struct tls_dial *t, const char *fmt, const char *arg)
{
	snprintf(t->err, sizeof(t->err), fmt, arg);
	if (t->ssl)
		SSL_free(t->ssl);
	if (t->ctx)
		SSL_CTX_free(t->ctx);
	if (t->fd >= 0)
		close(t->fd);
	t->ssl = t->ctx = NULL;
	t->fd = -1;
	return -1;
}

/* Wait until fd is readable (want_read) or writable. 1 ready, 0 deadline
 * passed (or the appliance is stopping), -1 error. */
static int
wait_fd(struct tls_dial *t, int want_read)
{
	struct pollfd p = { t->fd, (short)(want_read ? POLLIN : POLLOUT), 0 };
	int64_t left;
	int n;

	for (;;) {
		if (cancelled)
			return 0;
		if ((left = t->deadline_ms - now_mono_ms()) <= 0)
			return 0;
		n = poll(&p, 1, (int)(left > SLICE_MS ? SLICE_MS : left));
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

/* Connect one address without blocking past the deadline. 0, or -1 with
 * why set to a phrase. */
static int
connect_one(struct tls_dial *t, const struct addrinfo *a, const char **why)
{
	int e = 0;
	socklen_t el = sizeof(e);

	t->fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, a->ai_protocol);
	if (t->fd < 0) {
		*why = "no socket";
		return -1;
	}
	if (connect(t->fd, a->ai_addr, a->ai_addrlen) != 0) {
		if (errno != EINPROGRESS)
			e = errno;
		else if (wait_fd(t, 0) != 1)
			*why = "timed out while connecting";
		else if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0)
			e = errno;
		if (e == 0 && *why == NULL)
			goto connected;
		if (e == ECONNREFUSED)
			*why = "connection refused";
		else if (e == ENETUNREACH || e == EHOSTUNREACH)
			*why = "network unreachable";
		else if (*why == NULL)
			*why = "could not connect";
		close(t->fd);
		t->fd = -1;
		return -1;
	}
connected:
	if (getnameinfo(a->ai_addr, a->ai_addrlen, t->peer, sizeof(t->peer),
	    NULL, 0, NI_NUMERICHOST) != 0)
		t->peer[0] = '\0';
	return 0;
}

/* The verification error of a failed handshake, in OpenSSL's words. */
static const char *
handshake_why(struct tls_dial *t)
{
	long v = SSL_get_verify_result(t->ssl);

	if (v != X509_V_OK)
		return X509_verify_cert_error_string(v);
	return "the peer ended the handshake";
}

int
tls_dial_open(struct tls_dial *t, const char *host, int port,
    const char *ca_file, int timeout_ms)
{
	struct addrinfo hints, *res = NULL, *a;
	char service[8], sni[256];
	const char *why = NULL;
	int rc, w;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->deadline_ms = now_mono_ms() + timeout_ms;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	snprintf(service, sizeof(service), "%d", port);
	/* getaddrinfo has no timeout; the system resolver's own (resolv.conf
	 * "timeout", "attempts") bounds it. */
	if ((rc = getaddrinfo(host, service, &hints, &res)) != 0)
		return fail(t, "could not resolve the name: %s",
		    gai_strerror(rc));
	for (a = res; a; a = a->ai_next) {
		why = NULL;
		if (connect_one(t, a, &why) == 0)
			break;
		if (now_mono_ms() >= t->deadline_ms)
			break;
	}
	freeaddrinfo(res);
	if (t->fd < 0)
		return fail(t, "%s", why ? why : "could not connect");

	if ((t->ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return fail(t, "%s", "TLS is not available");
	SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER, NULL);
	if (ca_file && ca_file[0] ? SSL_CTX_load_verify_locations(t->ctx,
	    ca_file, NULL) != 1 : SSL_CTX_set_default_verify_paths(t->ctx)
	    != 1)
		return fail(t, "%s", "cannot load the trusted certificates");
	/* OpenSSL's SNI macro casts its argument to void *: give it a
	 * copy it may hold as such. */
	snprintf(sni, sizeof(sni), "%s", host);
	if ((t->ssl = SSL_new(t->ctx)) == NULL ||
	    SSL_set_fd(t->ssl, t->fd) != 1 ||
	    SSL_set_tlsext_host_name(t->ssl, sni) != 1 ||
	    SSL_set1_host(t->ssl, host) != 1)
		return fail(t, "%s", "TLS setup failed");
	SSL_set_connect_state(t->ssl);
	while ((rc = SSL_do_handshake(t->ssl)) != 1) {
		int e = SSL_get_error(t->ssl, rc);

		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			ERR_clear_error();
			return fail(t, "TLS handshake failed: %s",
			    handshake_why(t));
		}
		if ((w = wait_fd(t, e == SSL_ERROR_WANT_READ)) != 1)
			return fail(t, "%s", w == 0 ? "timed out during the "
			    "TLS handshake" : "TLS handshake failed");
	}
	return 0;
}

int
tls_dial_write(struct tls_dial *t, const void *buf, size_t n)
{
	const char *p = buf;
	int w, e;

	while (n > 0) {
		w = SSL_write(t->ssl, p, n > 16384 ? 16384 : (int)n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		e = SSL_get_error(t->ssl, w);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			ERR_clear_error();
			snprintf(t->err, sizeof(t->err), "the connection broke "
			    "while sending");
			return -1;
		}
		if (wait_fd(t, e == SSL_ERROR_WANT_READ) != 1) {
			snprintf(t->err, sizeof(t->err), "timed out while "
			    "sending");
			return -1;
		}
	}
	return 0;
}

ssize_t
tls_dial_read(struct tls_dial *t, char *buf, size_t cap,
    int (*complete)(const char *buf, size_t len))
{
	size_t len = 0;
	int r, e;

	buf[0] = '\0';
	while (len + 1 < cap) {
		r = SSL_read(t->ssl, buf + len, (int)(cap - 1 - len));
		if (r > 0) {
			len += (size_t)r;
			buf[len] = '\0';
			if (complete(buf, len))
				return (ssize_t)len;
			continue;
		}
		e = SSL_get_error(t->ssl, r);
		if (e == SSL_ERROR_ZERO_RETURN)
			return (ssize_t)len;
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			ERR_clear_error();
			if (len > 0)	/* closed without close_notify */
				return (ssize_t)len;
			snprintf(t->err, sizeof(t->err), "the connection "
			    "closed without an answer");
			return -1;
		}
		if (wait_fd(t, e == SSL_ERROR_WANT_READ) != 1) {
			snprintf(t->err, sizeof(t->err), "timed out waiting "
			    "for an answer");
			return -1;
		}
	}
	return (ssize_t)len;
}

void
tls_dial_close(struct tls_dial *t)
{
	if (t->ssl) {
		SSL_shutdown(t->ssl);	/* best effort, non-blocking fd */
		SSL_free(t->ssl);
	}
	if (t->ctx)
		SSL_CTX_free(t->ctx);
	if (t->fd >= 0)
		close(t->fd);
	t->ssl = t->ctx = NULL;
	t->fd = -1;
}
