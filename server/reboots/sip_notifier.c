/* Switchboard — the SIP notifier thread: NOTIFY transactions over UDP, TCP
 * and TLS, driven by one epoll loop. */
#define _GNU_SOURCE	/* sendmmsg, recvmmsg */
#include "sip_notifier.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../lib/digest.h"
#include "../lib/log.h"
#include "../lib/seal.h"
#include "../lib/sip_msg.h"
#include "../lib/util.h"

#define T2_MS		4000
#define TAG_UDP		0
#define TAG_WAKE	1
#define TAG_SLOT	2	/* epoll data: TAG_SLOT + slot index */

enum tx_state { TX_FREE, TX_CONNECTING, TX_HANDSHAKE, TX_WRITING,
	TX_WAITING };

struct tx {
	enum tx_state		state;
	struct sip_target	t;
	struct sockaddr_storage	dst;
	socklen_t		dstlen;
	int			stream;		/* TCP or TLS */
	int			fd;		/* stream socket, -1 for UDP */
	SSL			*ssl;
	char			local[64];	/* our address as seen by it */
	char			call_id[48], from_tag[24], branch[64];
	unsigned		cseq;
	int64_t			next_ms;	/* retransmission (UDP) */
	int			interval;
	int64_t			deadline_ms;	/* Timer F */
	int			proceeding;	/* a 1xx came */
	struct sip_result	r;
	int			active_at;	/* index in active[] */
	size_t			msglen, msgoff, inlen;
	/* On the heap, sized to need: thousands of transactions are in
	 * flight at once, and most are UDP with a 600-byte request. */
	char			*msg;
	char			*in;		/* streams only */
};

static pthread_t	 thread;
static atomic_int	 running;
static int		 ep = -1, udp = -1, wake = -1;
static int		 t1, local_port;
static char		 bind_host[64];
static SSL_CTX		*tls;
static struct tx	*slots;
static int		*free_slots, nfree;
static int		*active, nactive;
static int64_t		 next_scan;
static unsigned		 branch_seq;

/* Submissions in, results out: the only state shared with callers. */
static pthread_mutex_t	 q_lock = PTHREAD_MUTEX_INITIALIZER;
/* Submissions: the runner fills one array while the notifier works
 * through the other; both keep their size (a campaign's batch is a
 * megabyte or more, and a fresh one each time costs page faults). */
static struct sip_target *incoming, *spare;
static size_t		 nincoming, incoming_cap, spare_cap;
static struct sip_result *done;
static size_t		 ndone, done_cap;
static int		 inflight;	/* submitted, not yet in done */
static void		(*on_result)(void);
static bool		 told;		/* on_result called, queue not emptied */

/* Random bytes for Call-IDs, tags and branches, drawn from the kernel 4 KiB
 * at a time: a getrandom() per NOTIFY is measurable at tens of thousands
 * of NOTIFYs a second. Notifier thread only. */
static unsigned char	 pool[4096];
static size_t		 pool_left;

static void
draw(void *out, size_t n)
{
	if (n > pool_left) {
		randombytes_buf(pool, sizeof(pool));
		pool_left = sizeof(pool);
	}
	memcpy(out, pool + sizeof(pool) - pool_left, n);
	sodium_memzero(pool + sizeof(pool) - pool_left, n);
	pool_left -= n;
}

static void
random_hex(char *out, size_t bytes)
{
	unsigned char b[32];

	draw(b, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, b, bytes);
}

/* The request-URI of t: what the NOTIFY's request line names. */
static void
target_uri(const struct sip_target *t, char *out, size_t len)
{
	struct sip_request n;

	memset(&n, 0, sizeof(n));
	n.transport = t->transport;
	n.user = t->user;
	n.host = t->host;
	n.port = t->port;
	sip_request_uri(&n, out, len);
}

/* ---- sending over UDP ---- */

/* UDP requests wait here and leave in one sendmmsg(): a system call per
 * NOTIFY was the notifier's largest cost. Flushed at the end of each turn
 * of the loop, when full, and before a queued slot is finished (its
 * request is freed then). */
#define OUTBOX 64
static struct mmsghdr	 outbox[OUTBOX];
static struct iovec	 outbox_iov[OUTBOX];
static int		 nout;

static void
flush_udp(void)
{
	int i = 0, n;

	while (i < nout) {
		/* A full socket buffer is a lost datagram: the timer
		 * resends. Skip the one that failed and go on. */
		n = sendmmsg(udp, outbox + i, (unsigned)(nout - i), 0);
		i += n > 0 ? n : 1;
	}
	nout = 0;
}

static void
send_udp(int slot)
{
	struct tx *x = &slots[slot];

	if (nout == OUTBOX)
		flush_udp();
	outbox_iov[nout].iov_base = x->msg;
	outbox_iov[nout].iov_len = x->msglen;
	memset(&outbox[nout], 0, sizeof(outbox[nout]));
	outbox[nout].msg_hdr.msg_name = &x->dst;
	outbox[nout].msg_hdr.msg_namelen = x->dstlen;
	outbox[nout].msg_hdr.msg_iov = &outbox_iov[nout];
	outbox[nout].msg_hdr.msg_iovlen = 1;
	nout++;
}

/* A request's first datagram, and its retransmission timer (Timer E)
 * from T1. */
static void
start_udp(int slot, int64_t now)
{
	struct tx *x = &slots[slot];

	send_udp(slot);
	x->interval = t1;
	x->next_ms = now + t1;
	if (x->next_ms < next_scan)
		next_scan = x->next_ms;
}

/* ---- ending a transaction ---- */

static void
finish(int slot, enum sip_outcome o, int status, const char *reason)
{
	struct tx *x = &slots[slot];

	if (nout > 0 && !x->stream)
		flush_udp();	/* the outbox may point at x->msg */

	target_uri(&x->t, x->r.target, sizeof(x->r.target));
	memcpy(x->r.transport, x->t.transport, sizeof(x->r.transport));
	x->r.outcome = o;
	x->r.status = status;
	snprintf(x->r.reason, sizeof(x->r.reason), "%s", reason);
	x->r.done_ms = now_unix_ms();
	if (x->fd >= 0) {
		if (x->ssl)
			SSL_free(x->ssl);
		close(x->fd);	/* also leaves the epoll set */
	}
	x->ssl = NULL;
	x->fd = -1;
	free(x->msg);
	free(x->in);
	x->msg = x->in = NULL;
	pthread_mutex_lock(&q_lock);
	if (ndone == done_cap) {
		done_cap = done_cap ? done_cap * 2 : 256;
		done = xrealloc(done, done_cap * sizeof(*done));
	}
	done[ndone++] = x->r;
	inflight--;
	pthread_mutex_unlock(&q_lock);
	x->state = TX_FREE;
	active[x->active_at] = active[--nactive];
	slots[active[x->active_at]].active_at = x->active_at;
	free_slots[nfree++] = slot;
}

/* ---- writing the request ---- */

static int
build(int slot, const char *auth_header, const char *auth_value)
{
	struct tx *x = &slots[slot];
	struct sip_request n;

	memset(&n, 0, sizeof(n));
	n.transport = x->t.transport;
	n.local_host = x->local;
	n.local_port = local_port;
	n.user = x->t.user;
	n.host = x->t.host;
	n.port = x->t.port;
	n.call_id = x->call_id;
	n.from_tag = x->from_tag;
	/* The slot rides in the branch: answers find their transaction
	 * without a table; the random part rejects stale ones. */
	{
		uint32_t r;

		draw(&r, sizeof(r));
		snprintf(x->branch, sizeof(x->branch), "z9hG4bK-sb%08x%08x-%x",
		    (unsigned)r, (unsigned)++branch_seq, (unsigned)slot);
	}
	n.branch = x->branch;
	n.cseq = x->cseq;
	n.event = x->t.event;
	n.auth_header = auth_header;
	n.auth_value = auth_value;
	{
		char buf[SIP_MAX_MESSAGE];

		x->msglen = sip_request_build(&n, buf, sizeof(buf));
		x->msgoff = 0;
		if (x->msglen == 0)
			return -1;
		free(x->msg);
		x->msg = xmalloc(x->msglen);
		memcpy(x->msg, buf, x->msglen);
	}
	return 0;
}

/* Our address on the route to the phone: what Via and Contact carry.
 * Asked of the kernel once per phone address (a small cache: phones of a
 * campaign share few routes, and routes seldom change). */
#define ROUTE_CACHE 256
static struct { char host[64]; char local[64]; int64_t at; }
		 routes[ROUTE_CACHE];

static void
local_address(struct tx *x, int64_t now)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	unsigned hash = 5381;
	const char *p;
	int s;

	snprintf(x->local, sizeof(x->local), "%s", bind_host);
	if (strcmp(bind_host, "0.0.0.0") != 0 && strcmp(bind_host, "::") != 0)
		return;
	for (p = x->t.host; *p; p++)
		hash = hash * 33 + (unsigned char)*p;
	hash %= ROUTE_CACHE;
	if (strcmp(routes[hash].host, x->t.host) == 0 &&
	    now - routes[hash].at < 60000) {
		memcpy(x->local, routes[hash].local, sizeof(x->local));
		return;
	}
	s = socket(x->dst.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s >= 0 && connect(s, (struct sockaddr *)&x->dst, x->dstlen) == 0 &&
	    getsockname(s, (struct sockaddr *)&ss, &sl) == 0)
		getnameinfo((struct sockaddr *)&ss, sl, x->local,
		    sizeof(x->local), NULL, 0, NI_NUMERICHOST);
	if (s >= 0)
		close(s);
	memcpy(routes[hash].host, x->t.host, sizeof(routes[hash].host));
	memcpy(routes[hash].local, x->local, sizeof(routes[hash].local));
	routes[hash].at = now;
}

static int
resolve(struct tx *x)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&x->dst;
	struct addrinfo hints, *ai = NULL;
	char port[8];
	int rc;

	/* IPv4, the common case, without getaddrinfo's allocations;
	 * getaddrinfo for IPv6 (scope ids and all). */
	memset(&x->dst, 0, sizeof(x->dst));
	if (inet_pton(AF_INET, x->t.host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)x->t.port);
		x->dstlen = sizeof(*v4);
		return 0;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = x->stream ? SOCK_STREAM : SOCK_DGRAM;
	snprintf(port, sizeof(port), "%d", x->t.port);
	if ((rc = getaddrinfo(x->t.host, port, &hints, &ai)) != 0)
		return -1;
	memcpy(&x->dst, ai->ai_addr, ai->ai_addrlen);
	x->dstlen = ai->ai_addrlen;
	freeaddrinfo(ai);
	if (!x->stream && x->dst.ss_family != AF_INET &&
	    strchr(bind_host, ':') == NULL)
		return -1;	/* our UDP socket speaks IPv4 */
	return 0;
}

static void
arm(int slot, uint32_t events)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = TAG_SLOT + (uint64_t)slot;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, slots[slot].fd, &ev) != 0)
		epoll_ctl(ep, EPOLL_CTL_ADD, slots[slot].fd, &ev);
}

static void
begin(const struct sip_target *t)
{
	int slot = free_slots[--nfree];
	struct tx *x = &slots[slot];
	int64_t now = now_mono_ms();

	memset(x, 0, sizeof(*x));
	x->t = *t;
	x->fd = -1;
	x->r.cookie = t->cookie;
	x->r.sent_ms = now_unix_ms();
	x->active_at = nactive;
	active[nactive++] = slot;
	x->state = TX_WAITING;
	x->stream = strcmp(t->transport, "UDP") != 0;
	x->cseq = 1;
	x->deadline_ms = now + 64 * (int64_t)t1;
	{
		unsigned char rnd[20];

		draw(rnd, sizeof(rnd));
		sodium_bin2hex(x->call_id, 25, rnd, 12);
		strcat(x->call_id, "@switchboard");
		sodium_bin2hex(x->from_tag, 17, rnd + 12, 8);
	}
	if (resolve(x) != 0) {
		finish(slot, SIP_FAILED, 0, "not a usable numeric address");
		return;
	}
	local_address(x, now);
	if (build(slot, NULL, NULL) != 0) {
		finish(slot, SIP_FAILED, 0, "request too long");
		return;
	}
	if (!x->stream) {
		start_udp(slot, now);
		return;
	}
	x->in = xmalloc(SIP_MAX_MESSAGE + 1);
	x->fd = socket(x->dst.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (x->fd < 0) {
		finish(slot, SIP_FAILED, 0, "no socket");
		return;
	}
	{
		int one = 1;

		setsockopt(x->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	if (connect(x->fd, (struct sockaddr *)&x->dst, x->dstlen) != 0 &&
	    errno != EINPROGRESS) {
		finish(slot, SIP_FAILED, 0, strerror(errno));
		return;
	}
	x->state = TX_CONNECTING;
	x->next_ms = x->deadline_ms;
	if (x->deadline_ms < next_scan)
		next_scan = x->deadline_ms;
	arm(slot, EPOLLOUT);
}

/* ---- answering a challenge ---- */

static int
authorize(int slot, const struct sip_response *rs)
{
	struct tx *x = &slots[slot];
	struct digest_auth ch;
	char uri[400], resp[33], cnonce[17], value[1400], *pw;
	const char *qop = "";
	size_t pwlen;

	if (digest_parse_challenge(rs->challenge, &ch) != 0)
		return -1;
	if (strcmp(ch.realm, x->t.realm) != 0)
		return -2;
	if (ch.algorithm[0] && strcasecmp(ch.algorithm, "MD5") != 0)
		return -1;
	if (ch.qop[0]) {
		/* "auth" among the offered qop values, else no qop at all
		 * is not allowed (RFC 2617 3.2.2): only auth-int offered. */
		char list[20], *tok, *save;

		snprintf(list, sizeof(list), "%s", ch.qop);
		for (tok = strtok_r(list, ", ", &save); tok;
		    tok = strtok_r(NULL, ", ", &save))
			if (strcasecmp(tok, "auth") == 0)
				qop = "auth";
		if (qop[0] == '\0')
			return -1;
	}
	if ((pw = seal_open(x->t.seal_context, x->t.sealed_password,
	    &pwlen)) == NULL)
		return -1;
	target_uri(&x->t, uri, sizeof(uri));
	random_hex(cnonce, 8);
	digest_response(x->t.auth_user, ch.realm, pw, "NOTIFY", uri,
	    ch.nonce, qop, "00000001", cnonce, resp);
	seal_free(pw, pwlen);
	snprintf(value, sizeof(value), "Digest username=\"%s\", realm=\"%s\", "
	    "nonce=\"%s\", uri=\"%s\", response=\"%s\", algorithm=MD5%s%s%s%s%s%s",
	    x->t.auth_user, ch.realm, ch.nonce, uri, resp,
	    qop[0] ? ", qop=auth, nc=00000001, cnonce=\"" : "",
	    qop[0] ? cnonce : "", qop[0] ? "\"" : "",
	    ch.opaque[0] ? ", opaque=\"" : "", ch.opaque,
	    ch.opaque[0] ? "\"" : "");
	x->cseq++;
	x->r.authenticated = 1;
	return build(slot, rs->proxy_challenge ? "Proxy-Authorization" :
	    "Authorization", value);
}

/* ---- reading answers ---- */

static void
on_response(int slot, const struct sip_response *rs)
{
	struct tx *x = &slots[slot];
	int64_t now = now_mono_ms();

	if (strcmp(rs->branch, x->branch) != 0 || rs->cseq != x->cseq ||
	    strcmp(rs->cseq_method, "NOTIFY") != 0 ||
	    strcmp(rs->call_id, x->call_id) != 0)
		return;		/* an answer to an earlier request: ignore */
	if (rs->status < 200) {
		x->proceeding = 1;
		if (!x->stream && x->interval < T2_MS)
			x->interval = T2_MS;
		return;
	}
	if (rs->status >= 200 && rs->status < 300) {
		finish(slot, SIP_ACCEPTED, rs->status, rs->reason);
		return;
	}
	if ((rs->status == 401 || rs->status == 407) && !x->r.authenticated &&
	    x->t.auth_user[0] && rs->challenge[0]) {
		int rc = authorize(slot, rs);

		if (rc != 0) {
			finish(slot, SIP_REJECTED, rs->status, rc == -2 ?
			    "challenge for a realm this line does not use" :
			    "challenge that cannot be answered");
			return;
		}
		x->proceeding = 0;
		x->deadline_ms = now + 64 * (int64_t)t1;
		if (!x->stream) {
			start_udp(slot, now);
		} else {
			x->state = TX_WRITING;
			x->inlen = 0;
			arm(slot, EPOLLOUT);
		}
		return;
	}
	finish(slot, SIP_REJECTED, rs->status, rs->reason);
}

static int
slot_of_branch(const char *branch)
{
	const char *dash = strrchr(branch, '-');
	char *end;
	unsigned long v;

	if (strncmp(branch, "z9hG4bK-sb", 10) != 0 || dash == NULL)
		return -1;
	v = strtoul(dash + 1, &end, 16);
	if (*end || v >= SIP_NOTIFIER_MAX_TX || slots[v].state == TX_FREE)
		return -1;
	return (int)v;
}

/* Did a datagram come from where the transaction's request went? */
static bool
same_peer(const struct sockaddr_storage *a, socklen_t alen,
    const struct sockaddr_storage *b)
{
	if (a->ss_family == AF_INET && b->ss_family == AF_INET &&
	    alen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)a;
		const struct sockaddr_in *y = (const struct sockaddr_in *)b;

		return x->sin_port == y->sin_port && x->sin_addr.s_addr ==
		    y->sin_addr.s_addr;
	}
	if (a->ss_family == AF_INET6 && b->ss_family == AF_INET6 &&
	    alen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a;
		const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)b;

		return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr,
		    &y->sin6_addr, sizeof(x->sin6_addr)) == 0;
	}
	return false;
}

/* Answers are read INBOX at a time with recvmmsg(). */
#define INBOX 32
static char		 inbox[INBOX][SIP_MAX_MESSAGE + 1];

static void
read_udp(void)
{
	struct mmsghdr m[INBOX];
	struct iovec iov[INBOX];
	struct sockaddr_storage from[INBOX];
	struct sip_response rs;
	const char *why;
	int k, i, n, slot;

	memset(m, 0, sizeof(m));
	for (i = 0; i < INBOX; i++) {
		iov[i].iov_base = inbox[i];
		iov[i].iov_len = sizeof(inbox[i]);
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	/* Bounded per wake-up so timers and streams get their turn. */
	for (k = 0; k < 8; k++) {
		for (i = 0; i < INBOX; i++) {
			m[i].msg_hdr.msg_name = &from[i];
			m[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		n = recvmmsg(udp, m, INBOX, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		for (i = 0; i < n; i++) {
			if (sip_response_parse(inbox[i], m[i].msg_len, &rs,
			    &why) != 0) {
				log_event(LOG_DEBUG, "sip.drop", "why", why ?
				    why : "incomplete datagram", NULL);
				continue;
			}
			if ((slot = slot_of_branch(rs.branch)) < 0 ||
			    slots[slot].stream)
				continue;
			/* Only the phone answers for the phone. */
			if (!same_peer(&from[i], m[i].msg_hdr.msg_namelen,
			    &slots[slot].dst)) {
				log_event(LOG_INFO, "sip.drop", "why", "an answer "
				    "from another address than the NOTIFY's",
				    NULL);
				continue;
			}
			on_response(slot, &rs);
		}
		if (n < INBOX)
			return;
	}
}

static int
stream_write(struct tx *x)
{
	while (x->msgoff < x->msglen) {
		ssize_t n;

		if (x->ssl) {
			int w = SSL_write(x->ssl, x->msg + x->msgoff,
			    (int)(x->msglen - x->msgoff));

			if (w <= 0) {
				int e = SSL_get_error(x->ssl, w);

				return e == SSL_ERROR_WANT_WRITE ||
				    e == SSL_ERROR_WANT_READ ? 1 : -1;
			}
			n = w;
		} else {
			n = send(x->fd, x->msg + x->msgoff, x->msglen -
			    x->msgoff, MSG_NOSIGNAL);
			if (n < 0)
				return errno == EAGAIN ? 1 : -1;
		}
		x->msgoff += (size_t)n;
	}
	return 0;
}

static void
stream_read(int slot)
{
	struct tx *x = &slots[slot];
	struct sip_response rs;
	const char *why;

	for (;;) {
		ssize_t n;
		int rc;

		if (x->inlen >= SIP_MAX_MESSAGE) {
			finish(slot, SIP_FAILED, 0, "answer too long");
			return;
		}
		if (x->ssl) {
			int r = SSL_read(x->ssl, x->in + x->inlen,
			    (int)(SIP_MAX_MESSAGE - x->inlen));

			if (r <= 0) {
				int e = SSL_get_error(x->ssl, r);

				if (e == SSL_ERROR_WANT_READ ||
				    e == SSL_ERROR_WANT_WRITE)
					return;
				finish(slot, SIP_FAILED, 0,
				    "connection closed without an answer");
				return;
			}
			n = r;
		} else {
			n = recv(x->fd, x->in + x->inlen, SIP_MAX_MESSAGE -
			    x->inlen, 0);
			if (n < 0 && errno == EAGAIN)
				return;
			if (n <= 0) {
				finish(slot, SIP_FAILED, 0,
				    "connection closed without an answer");
				return;
			}
		}
		x->inlen += (size_t)n;
		/* Every complete message in the buffer, in order. */
		while ((rc = sip_response_parse(x->in, x->inlen, &rs, &why)) ==
		    0) {
			unsigned cseq = x->cseq;

			memmove(x->in, x->in + rs.length, x->inlen - rs.length);
			x->inlen -= rs.length;
			on_response(slot, &rs);
			if (x->state == TX_FREE || x->cseq != cseq)
				return;
		}
		if (rc < 0) {
			finish(slot, SIP_FAILED, 0, why);
			return;
		}
	}
}

static void
stream_event(int slot, uint32_t events)
{
	struct tx *x = &slots[slot];
	int rc;

	if (x->state == TX_CONNECTING) {
		int err = 0;
		socklen_t el = sizeof(err);

		getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &el);
		if (err || (events & (EPOLLERR | EPOLLHUP))) {
			finish(slot, SIP_FAILED, 0, err ? strerror(err) :
			    "connection failed");
			return;
		}
		if (strcmp(x->t.transport, "TLS") == 0) {
			if ((x->ssl = SSL_new(tls)) == NULL ||
			    SSL_set_fd(x->ssl, x->fd) != 1) {
				finish(slot, SIP_FAILED, 0, "TLS setup");
				return;
			}
			SSL_set_connect_state(x->ssl);
			x->state = TX_HANDSHAKE;
		} else
			x->state = TX_WRITING;
	}
	if (x->state == TX_HANDSHAKE) {
		int r = SSL_do_handshake(x->ssl);

		if (r != 1) {
			int e = SSL_get_error(x->ssl, r);

			if (e == SSL_ERROR_WANT_READ)
				arm(slot, EPOLLIN);
			else if (e == SSL_ERROR_WANT_WRITE)
				arm(slot, EPOLLOUT);
			else
				finish(slot, SIP_FAILED, 0, "TLS handshake "
				    "failed");
			return;
		}
		ERR_clear_error();
		x->state = TX_WRITING;
	}
	if (x->state == TX_WRITING) {
		if ((rc = stream_write(x)) < 0) {
			finish(slot, SIP_FAILED, 0, "connection lost");
			return;
		}
		if (rc > 0) {
			arm(slot, EPOLLOUT);
			return;
		}
		x->state = TX_WAITING;
		arm(slot, EPOLLIN);
		return;
	}
	if (x->state == TX_WAITING && (events & (EPOLLIN | EPOLLHUP |
	    EPOLLERR)))
		stream_read(slot);
}

/* ---- timers ---- */

static void
run_timers(int64_t now)
{
	int i;

	next_scan = now + 1000;
	for (i = 0; i < nactive; i++) {
		int slot = active[i];
		struct tx *x = &slots[slot];

		if (now >= x->deadline_ms) {
			finish(slot, SIP_NO_ANSWER, 0, x->stream ?
			    "no answer on the connection" : "no answer");
			i--;	/* finish moved another slot here */
			continue;
		}
		if (!x->stream && now >= x->next_ms) {
			send_udp(slot);
			x->r.retransmits++;
			x->interval = x->proceeding ? T2_MS :
			    (x->interval * 2 < T2_MS ? x->interval * 2 : T2_MS);
			x->next_ms = now + x->interval;
		}
		if (!x->stream && x->next_ms < next_scan)
			next_scan = x->next_ms;
		if (x->deadline_ms < next_scan)
			next_scan = x->deadline_ms;
	}
}

/* ---- the loop ---- */

static void
take_submissions(void)
{
	struct sip_target *mine;
	size_t n, i, cap;

	pthread_mutex_lock(&q_lock);
	mine = incoming;
	cap = incoming_cap;
	n = nincoming;
	incoming = spare;
	incoming_cap = spare_cap;
	nincoming = 0;
	pthread_mutex_unlock(&q_lock);
	for (i = 0; i < n; i++)
		begin(&mine[i]);
	pthread_mutex_lock(&q_lock);
	spare = mine;
	spare_cap = cap;
	pthread_mutex_unlock(&q_lock);
}

static void *
loop(void *unused)
{
	struct epoll_event evs[64];

	(void)unused;
	while (atomic_load(&running)) {
		int64_t now = now_mono_ms();
		int timeout = next_scan <= now ? 0 : (int)(next_scan - now);
		int n, i, waiting;

		if (timeout > 100)
			timeout = 100;
		n = epoll_wait(ep, evs, 64, timeout);
		for (i = 0; i < n; i++) {
			uint64_t tag = evs[i].data.u64;

			if (tag == TAG_UDP)
				read_udp();
			else if (tag == TAG_WAKE) {
				eventfd_t v;

				(void)eventfd_read(wake, &v);
			} else if (slots[tag - TAG_SLOT].state != TX_FREE)
				stream_event((int)(tag - TAG_SLOT),
				    evs[i].events);
		}
		take_submissions();
		now = now_mono_ms();
		if (now >= next_scan)
			run_timers(now);
		flush_udp();
		pthread_mutex_lock(&q_lock);
		/* Once per filling of the queue: the runner takes results
		 * in batches on its own tick, not one wake-up per answer. */
		waiting = ndone > 0 && !told;
		if (waiting)
			told = true;
		pthread_mutex_unlock(&q_lock);
		if (waiting && on_result)
			on_result();
	}
	return NULL;
}

int
sip_notifier_start(const char *listen, int t1_ms, char *err, size_t errlen)
{
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct epoll_event ev;
	char host[64], port[8];
	const char *colon = strrchr(listen, ':');
	int i;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host)) {
		snprintf(err, errlen, "--sip-listen: expected ADDR:PORT");
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	if (host[0] == '[') {	/* [v6] */
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	snprintf(port, sizeof(port), "%s", colon + 1);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_DGRAM;
	if (getaddrinfo(host, port, &hints, &ai) != 0) {
		snprintf(err, errlen, "--sip-listen: '%s' is not a numeric "
		    "address and port", listen);
		return -1;
	}
	udp = socket(ai->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (udp < 0 || bind(udp, ai->ai_addr, ai->ai_addrlen) != 0) {
		snprintf(err, errlen, "cannot bind the SIP notifier to %s: %s "
		    "(is another SIP server using that port? set --sip-listen)",
		    listen, strerror(errno));
		freeaddrinfo(ai);
		if (udp >= 0)
			close(udp);
		udp = -1;
		return -1;
	}
	freeaddrinfo(ai);
	{
		int big = 4 << 20;	/* a campaign's answers arrive in bursts */

		setsockopt(udp, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	}
	getsockname(udp, (struct sockaddr *)&ss, &sl);
	local_port = ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	snprintf(bind_host, sizeof(bind_host), "%s", host);
	t1 = t1_ms;
	/* Phones present self-signed or vendor certificates: the NOTIFY
	 * carries no secret (a digest answer, not the password), so the
	 * connection is encrypted but the phone is not verified. */
	tls = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_verify(tls, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_min_proto_version(tls, TLS1_2_VERSION);
	slots = xcalloc(SIP_NOTIFIER_MAX_TX, sizeof(*slots));
	free_slots = xcalloc(SIP_NOTIFIER_MAX_TX, sizeof(*free_slots));
	active = xcalloc(SIP_NOTIFIER_MAX_TX, sizeof(*active));
	/* Slots are touched only as they are used (begin() fills one): the
	 * table stays virtual memory until a campaign needs it. */
	for (i = 0; i < SIP_NOTIFIER_MAX_TX; i++)
		free_slots[i] = SIP_NOTIFIER_MAX_TX - 1 - i;
	nfree = SIP_NOTIFIER_MAX_TX;
	nactive = 0;
	ep = epoll_create1(EPOLL_CLOEXEC);
	wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.u64 = TAG_UDP;
	epoll_ctl(ep, EPOLL_CTL_ADD, udp, &ev);
	ev.data.u64 = TAG_WAKE;
	epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev);
	next_scan = now_mono_ms() + 1000;
	atomic_store(&running, 1);
	if (thread_start(&thread, loop, NULL, "sb-sip") != 0) {
		atomic_store(&running, 0);
		snprintf(err, errlen, "cannot start the SIP notifier thread");
		return -1;
	}
	return 0;
}

void
sip_notifier_stop(void)
{
	int i;

	if (!atomic_load(&running))
		return;
	atomic_store(&running, 0);
	(void)eventfd_write(wake, 1);
	pthread_join(thread, NULL);
	for (i = 0; i < SIP_NOTIFIER_MAX_TX; i++)
		if (slots[i].state != TX_FREE) {
			if (slots[i].ssl)
				SSL_free(slots[i].ssl);
			if (slots[i].fd >= 0)
				close(slots[i].fd);
			free(slots[i].msg);
			free(slots[i].in);
		}
	close(ep);
	close(wake);
	close(udp);
	ep = wake = udp = -1;
	SSL_CTX_free(tls);
	tls = NULL;
	free(slots);
	free(free_slots);
	free(active);
	slots = NULL;
	free_slots = active = NULL;
	pthread_mutex_lock(&q_lock);
	free(incoming);
	free(spare);
	free(done);
	incoming = spare = NULL;
	done = NULL;
	nincoming = incoming_cap = spare_cap = ndone = done_cap = 0;
	told = false;
	inflight = 0;
	pthread_mutex_unlock(&q_lock);
}

int
sip_notifier_running(void)
{
	return atomic_load(&running);
}

int
sip_notifier_port(void)
{
	return local_port;
}

int
sip_notifier_submit(const struct sip_target *t)
{
	int first;

	if (!atomic_load(&running))
		return -1;
	pthread_mutex_lock(&q_lock);
	if (inflight >= SIP_NOTIFIER_MAX_TX) {
		pthread_mutex_unlock(&q_lock);
		return -1;
	}
	if (nincoming == incoming_cap) {
		incoming_cap = incoming_cap ? incoming_cap * 2 : 64;
		incoming = xrealloc(incoming, incoming_cap * sizeof(*incoming));
	}
	incoming[nincoming++] = *t;
	inflight++;
	first = nincoming == 1;	/* else a wake-up is already on its way */
	pthread_mutex_unlock(&q_lock);
	if (first)
		(void)eventfd_write(wake, 1);
	return 0;
}

size_t
sip_notifier_results(struct sip_result *out, size_t max)
{
	size_t n;

	pthread_mutex_lock(&q_lock);
	n = ndone < max ? ndone : max;
	if (n == 0) {
		pthread_mutex_unlock(&q_lock);
		return 0;
	}
	memcpy(out, done, n * sizeof(*out));
	memmove(done, done + n, (ndone - n) * sizeof(*done));
	ndone -= n;
	if (ndone == 0)
		told = false;
	pthread_mutex_unlock(&q_lock);
	return n;
}

void
sip_notifier_on_result(void (*fn)(void))
{
	on_result = fn;
}
