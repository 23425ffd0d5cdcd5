/* Switchboard — the read-only TFTP server for recovery mode: sockets,
 * the poll loop and the transfers. The packets are tftp_proto.c's. */
#define _GNU_SOURCE	/* struct in_pktinfo */
#include "tftp_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../db/db.h"
#include "../../db/firmware_store.h"
#include "../lib/log.h"
#include "../lib/util.h"
#include "firmware_repo.h"
#include "tftp_proto.h"

struct xfer {
	int			 sock;		/* -1: the slot is free */
	int			 fd;		/* the image, read only */
	struct sockaddr_in	 peer;
	int64_t			 size;
	int			 blksize;
	uint32_t		 block;		/* last sent; 0: the OACK */
	uint32_t		 last;
	unsigned char		*pkt;		/* what a timeout resends */
	size_t			 pktlen;
	int			 tries;
	int64_t			 due_ms;
	int64_t			 deadline_ms;
	char			 name[TFTP_NAME_MAX + 1];
	char			 version[64];
	char			 client[INET_ADDRSTRLEN];
};

static pthread_t	 thread;
static atomic_int	 running;
static int		 lsock = -1, wake = -1;
static struct in_addr	 bound;		/* INADDR_ANY: all */
static int		 bound_port;
static struct db	*db;
static struct xfer	 xfers[TFTP_MAX_TRANSFERS];

static void
logged(const char *event, const char *client, const char *name,
    const char *outcome, const char *detail)
{
	log_event(LOG_INFO, event, "client", client, "file", name, "outcome",
	    outcome, "detail", detail, NULL);
}

static void
send_error(int sock, const struct sockaddr_in *to, enum tftp_error code,
    const char *msg)
{
	unsigned char buf[600];
	size_t n = tftp_build_error(buf, sizeof(buf), code, msg);

	if (n)
		(void)sendto(sock, buf, n, 0, (const struct sockaddr *)to,
		    sizeof(*to));
}

static void
finish(struct xfer *x, const char *outcome, const char *detail)
{
	char bytes[32];
	int64_t sent = x->block ? (int64_t)(x->block - 1) * x->blksize +
	    (int64_t)(x->pktlen - 4) : 0;

	snprintf(bytes, sizeof(bytes), "%lld", (long long)(strcmp(outcome,
	    "served") == 0 ? x->size : sent));
	log_event(LOG_INFO, "tftp.transfer", "client", x->client, "file",
	    x->name, "version", x->version, "outcome", outcome, "bytes", bytes,
	    "detail", detail, NULL);
	close(x->sock);
	close(x->fd);
	free(x->pkt);
	memset(x, 0, sizeof(*x));
	x->sock = -1;
	x->fd = -1;
}

static void
transmit(struct xfer *x)
{
	(void)sendto(x->sock, x->pkt, x->pktlen, 0, (struct sockaddr *)
	    &x->peer, sizeof(x->peer));
	x->due_ms = now_mono_ms() + TFTP_TIMEOUT_MS;
}

/* Block b of the image (1-based), sent; -1 when the file cannot be read. */
static int
send_block(struct xfer *x, uint32_t b)
{
	int64_t off = (int64_t)(b - 1) * x->blksize;
	size_t n = (size_t)(x->size - off < x->blksize ? x->size - off :
	    x->blksize);

	tftp_data_header(x->pkt, (uint16_t)b);
	if (n > 0 && pread(x->fd, x->pkt + 4, n, off) != (ssize_t)n)
		return -1;
	x->pktlen = 4 + n;
	x->block = b;
	x->tries = 0;
	transmit(x);
	return 0;
}

static struct xfer *
free_slot(const struct sockaddr_in *from, bool *dup, int *same_client)
{
	struct xfer *slot = NULL;
	size_t i;

	*dup = false;
	*same_client = 0;
	for (i = 0; i < TFTP_MAX_TRANSFERS; i++) {
		struct xfer *x = &xfers[i];

		if (x->sock < 0) {
			if (slot == NULL)
				slot = x;
			continue;
		}
		if (x->peer.sin_addr.s_addr != from->sin_addr.s_addr)
			continue;
		(*same_client)++;
		if (x->peer.sin_port == from->sin_port)
			*dup = true;
	}
	return slot;
}

/* Opens the image a phone asks for: the newest uploaded of that name.
 * 0 with fd, size and version, or -1. */
static int
open_image(const char *name, int *fd, int64_t *size, char *version,
    size_t vlen)
{
	json_t *fw;
	int64_t model_id = 0;
	char path[1100];
	struct stat st;
	int rc = -1;

	*fd = -1;
	if ((fw = firmware_store_by_image(db, name, &model_id)) == NULL)
		return -1;
	if (firmware_repo_path(json_string_value(json_object_get(fw,
	    "sha256")), path, sizeof(path)) == 0 &&
	    (*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0 &&
	    fstat(*fd, &st) == 0 && S_ISREG(st.st_mode)) {
		*size = st.st_size;
		snprintf(version, vlen, "%s", json_string_value(
		    json_object_get(fw, "version")));
		rc = 0;
	} else if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	json_decref(fw);
	return rc;
}

static void
on_request(const unsigned char *pkt, size_t len,
    const struct sockaddr_in *from, struct in_addr local)
{
	struct tftp_request rq;
	enum tftp_error code;
	const char *msg;
	char client[INET_ADDRSTRLEN], why[200], version[64];
	struct xfer *x;
	struct sockaddr_in me;
	bool dup;
	int same, fd = -1, blksize, sock = -1;
	int64_t size = 0;

	inet_ntop(AF_INET, &from->sin_addr, client, sizeof(client));
	if (len >= 2 && pkt[0] == 0 && pkt[1] == TFTP_ERROR)
		return;		/* never answer an error */
	if (tftp_parse_request(pkt, len, &rq, &code, &msg) != 0) {
		send_error(lsock, from, code, msg);
		logged("tftp.refused", client, "", "bad_request", msg);
		return;
	}
	if (!tftp_image_name_ok(rq.name)) {
		send_error(lsock, from, TFTP_EACCESS, "Only firmware images "
		    "(name.img, no path) are served here.");
		logged("tftp.refused", client, rq.name, "not_an_image", NULL);
		return;
	}
	x = free_slot(from, &dup, &same);
	if (dup)
		return;		/* a repeated request: its transfer runs */
	if (x == NULL || same >= TFTP_MAX_PER_CLIENT) {
		send_error(lsock, from, TFTP_EUNDEF, "Busy: too many "
		    "transfers; try again later.");
		logged("tftp.refused", client, rq.name, "busy", NULL);
		return;
	}
	if (open_image(rq.name, &fd, &size, version, sizeof(version)) != 0) {
		send_error(lsock, from, TFTP_ENOTFOUND, "No such firmware "
		    "image.");
		logged("tftp.refused", client, rq.name, "missing", NULL);
		return;
	}
	blksize = rq.blksize ? rq.blksize : TFTP_BLKSIZE_DEFAULT;
	if (!tftp_fits(size, blksize)) {
		snprintf(why, sizeof(why), "%s is %lld bytes: more than %d "
		    "blocks of %d bytes. Ask for blksize %lld or more (RFC "
		    "2348).", rq.name, (long long)size, TFTP_BLOCKS_MAX,
		    blksize, (long long)(size / TFTP_BLOCKS_MAX + 1));
		send_error(lsock, from, TFTP_EUNDEF, why);
		logged("tftp.refused", client, rq.name, "too_large", why);
		close(fd);
		return;
	}
	memset(&me, 0, sizeof(me));
	me.sin_family = AF_INET;
	me.sin_addr = local;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sock < 0 || bind(sock, (struct sockaddr *)&me, sizeof(me)) != 0) {
		send_error(lsock, from, TFTP_EUNDEF, "No socket for the "
		    "transfer.");
		logged("tftp.refused", client, rq.name, "no_socket",
		    strerror(errno));
		if (sock >= 0)
			close(sock);
		close(fd);
		return;
	}
	x->sock = sock;
	x->fd = fd;
	x->peer = *from;
	x->size = size;
	x->blksize = blksize;
	x->last = tftp_blocks(size, blksize);
	x->pkt = xmalloc(4 + (size_t)blksize);
	x->deadline_ms = now_mono_ms() + TFTP_TRANSFER_MAX_MS;
	snprintf(x->name, sizeof(x->name), "%s", rq.name);
	snprintf(x->version, sizeof(x->version), "%s", version);
	snprintf(x->client, sizeof(x->client), "%s", client);
	if (rq.blksize || rq.tsize) {
		/* 4 + blksize holds any OACK of ours (two short options). */
		x->pktlen = tftp_build_oack(x->pkt, 4 + (size_t)blksize,
		    rq.blksize, rq.tsize ? size : -1);
		x->block = 0;
		transmit(x);
	} else if (send_block(x, 1) != 0) {
		finish(x, "failed", "cannot read the image");
	}
}

static void
on_packet(struct xfer *x)
{
	unsigned char buf[TFTP_REQUEST_MAX];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(x->sock, buf, sizeof(buf), 0, (struct sockaddr *)
	    &from, &fl);
	uint16_t block;
	int r;

	if (n < 0)
		return;
	if (fl != sizeof(from) || from.sin_addr.s_addr !=
	    x->peer.sin_addr.s_addr || from.sin_port != x->peer.sin_port) {
		send_error(x->sock, &from, TFTP_EBADID, "Unknown transfer ID.");
		return;
	}
	r = tftp_parse_ack(buf, (size_t)n, &block);
	if (r == 1) {
		finish(x, "aborted", "the client sent an error");
		return;
	}
	if (r < 0) {
		send_error(x->sock, &x->peer, TFTP_EBADOP, "Expected an ACK.");
		finish(x, "aborted", "not an ACK");
		return;
	}
	/* An ACK of an earlier block is a duplicate: resending on it would
	 * be the Sorcerer's Apprentice bug. The timer resends. */
	if (block != (uint16_t)x->block)
		return;
	if (x->block == x->last) {
		finish(x, "served", NULL);
		return;
	}
	if (send_block(x, x->block + 1) != 0)
		finish(x, "failed", "cannot read the image");
}

static void
on_timers(int64_t now)
{
	size_t i;

	for (i = 0; i < TFTP_MAX_TRANSFERS; i++) {
		struct xfer *x = &xfers[i];

		if (x->sock < 0)
			continue;
		if (now >= x->deadline_ms) {
			send_error(x->sock, &x->peer, TFTP_EUNDEF, "Transfer "
			    "took too long.");
			finish(x, "timeout", "the transfer took too long");
		} else if (now >= x->due_ms) {
			if (++x->tries > TFTP_RETRIES)
				finish(x, "timeout", "no ACK");
			else
				transmit(x);
		}
	}
}

/* A request on the listening socket, with the local address it came to
 * (the transfer answers from there). */
static void
on_listen(void)
{
	/* One byte more than a request may have: a longer one is refused,
	 * not read cut short. */
	unsigned char buf[TFTP_REQUEST_MAX + 1];
	char ctl[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct sockaddr_in from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	struct cmsghdr *c;
	struct in_addr local = bound;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &from;
	mh.msg_namelen = sizeof(from);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl;
	mh.msg_controllen = sizeof(ctl);
	if ((n = recvmsg(lsock, &mh, 0)) < 0 || mh.msg_namelen !=
	    sizeof(from))
		return;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
			local = ((struct in_pktinfo *)(void *)CMSG_DATA(c))->
			    ipi_spec_dst;
	on_request(buf, (size_t)n, &from, local);
}

static void *
loop(void *arg)
{
	struct pollfd pf[2 + TFTP_MAX_TRANSFERS];
	struct xfer *who[2 + TFTP_MAX_TRANSFERS];
	size_t i, n;

	(void)arg;
	while (atomic_load(&running)) {
		int64_t now = now_mono_ms(), next = now + 1000;
		int timeout;

		pf[0].fd = lsock;
		pf[1].fd = wake;
		pf[0].events = pf[1].events = POLLIN;
		n = 2;
		for (i = 0; i < TFTP_MAX_TRANSFERS; i++) {
			if (xfers[i].sock < 0)
				continue;
			pf[n].fd = xfers[i].sock;
			pf[n].events = POLLIN;
			who[n++] = &xfers[i];
			if (xfers[i].due_ms < next)
				next = xfers[i].due_ms;
			if (xfers[i].deadline_ms < next)
				next = xfers[i].deadline_ms;
		}
		timeout = next > now ? (int)(next - now) : 0;
		if (poll(pf, n, timeout) < 0 && errno != EINTR)
			break;
		if (pf[1].revents & POLLIN)
			continue;	/* stopping: the loop test ends it */
		for (i = 2; i < n; i++)
			if (pf[i].revents & (POLLIN | POLLERR) &&
			    who[i]->sock >= 0)
				on_packet(who[i]);
		if (pf[0].revents & POLLIN)
			on_listen();
		on_timers(now_mono_ms());
	}
	return NULL;
}

int
tftp_server_start(const char *listen, const char *db_path, char *err,
    size_t errlen)
{
	const char *colon = strrchr(listen, ':');
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	char host[64];
	int64_t port;
	int one = 1;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host) ||
	    parse_int64(colon + 1, 1, 65535, &port) != 0) {
		snprintf(err, errlen, "--tftp-listen: expected IPV4:PORT");
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		snprintf(err, errlen, "--tftp-listen: '%s' is not an IPv4 "
		    "address (DHCP option 066 is IPv4)", host);
		return -1;
	}
	sa.sin_port = htons((uint16_t)port);
	lsock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lsock >= 0)
		setsockopt(lsock, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	if (lsock < 0 || bind(lsock, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		snprintf(err, errlen, "cannot bind the TFTP server to %s: %s",
		    listen, strerror(errno));
		goto fail;
	}
	getsockname(lsock, (struct sockaddr *)&sa, &sl);
	bound = sa.sin_addr;
	bound_port = ntohs(sa.sin_port);
	if ((db = db_open(db_path, err, errlen)) == NULL)
		goto fail;
	for (i = 0; i < TFTP_MAX_TRANSFERS; i++) {
		xfers[i].sock = -1;
		xfers[i].fd = -1;
	}
	wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	atomic_store(&running, 1);
	if (wake < 0 || thread_start(&thread, loop, NULL, "sb-tftp") != 0) {
		atomic_store(&running, 0);
		snprintf(err, errlen, "cannot start the TFTP server thread");
		goto fail;
	}
	log_event(LOG_INFO, "tftp.start", "listen", listen, NULL);
	return 0;
fail:
	if (wake >= 0)
		close(wake);
	if (lsock >= 0)
		close(lsock);
	db_close(db);
	db = NULL;
	wake = lsock = -1;
	return -1;
}

void
tftp_server_stop(void)
{
	size_t i;

	if (!atomic_load(&running))
		return;
	atomic_store(&running, 0);
	(void)eventfd_write(wake, 1);
	pthread_join(thread, NULL);
	for (i = 0; i < TFTP_MAX_TRANSFERS; i++)
		if (xfers[i].sock >= 0)
			finish(&xfers[i], "stopped", "the appliance stopped");
	close(wake);
	close(lsock);
	wake = lsock = -1;
	db_close(db);
	db = NULL;
}

bool
tftp_server_listening(char *host, size_t hostlen, int *port)
{
	if (!atomic_load(&running))
		return false;
	inet_ntop(AF_INET, &bound, host, (socklen_t)hostlen);
	*port = bound_port;
	return true;
}
