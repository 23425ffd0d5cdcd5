/* Switchboard — one outgoing TLS connection with a deadline: resolve,
 * connect, handshake (the peer's certificate verified against a CA file or
 * the system's store, and its name against host), write, read. Every step
 * shares one deadline, so a peer that stalls anywhere costs at most the
 * timeout. Errors are short English phrases meant for an admin
 * ("connection refused", "timed out during the TLS handshake",
 * "certificate verify failed"). Blocking; call from a worker thread. */
#ifndef SB_TLS_DIAL_H
#define SB_TLS_DIAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TLS_DIAL_ERR 160

struct tls_dial {
	int		 fd;
	void		*ctx;		/* SSL_CTX */
	void		*ssl;		/* SSL */
	int64_t		 deadline_ms;	/* monotonic */
	char		 err[TLS_DIAL_ERR];
	char		 peer[64];	/* the address connected to */
};

/* Connect to host:port and complete the handshake within timeout_ms.
 * ca_file: PEM bundle to trust, or NULL/"" for the system's store. 0, or
 * -1 with t->err set (t is closed then). */
int	tls_dial_open(struct tls_dial *t, const char *host, int port,
	    const char *ca_file, int timeout_ms);

/* Write all n bytes before the deadline. 0, or -1 with t->err set. */
int	tls_dial_write(struct tls_dial *t, const void *buf, size_t n);

/* Read into buf (cap bytes, NUL-terminated: at most cap - 1 of data) until
 * complete(buf, len) returns nonzero, the peer closes, the buffer is full
 * or the deadline passes. Returns the bytes read, or -1 with t->err set
 * (a timeout, or a broken connection before anything arrived). */
ssize_t	tls_dial_read(struct tls_dial *t, char *buf, size_t cap,
	    int (*complete)(const char *buf, size_t len));

/* Close and free; safe to call again, and on a t whose open failed. */
void	tls_dial_close(struct tls_dial *t);

/* Make every wait of every connection, now and later, end at once with
 * "the appliance is stopping": called at shutdown, so no check holds a
 * worker thread past it. */
void	tls_dial_cancel_all(void);

#endif
