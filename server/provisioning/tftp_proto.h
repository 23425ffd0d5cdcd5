/* Switchboard — TFTP packets for the read-only recovery server: a read
 * request parsed and checked (RFC 1350 RRQ, octet mode, the RFC 2347
 * option list with blksize and tsize of RFC 2348/2349), the names it may
 * serve (firmware images only), the block arithmetic, and the DATA, OACK
 * and ERROR packets. No sockets and no files: tftp_server.c does those. */
#ifndef SB_TFTP_PROTO_H
#define SB_TFTP_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tftp_opcode {
	TFTP_RRQ = 1, TFTP_WRQ = 2, TFTP_DATA = 3, TFTP_ACK = 4,
	TFTP_ERROR = 5, TFTP_OACK = 6
};

/* RFC 1350 and RFC 2347 error codes. */
enum tftp_error {
	TFTP_EUNDEF = 0, TFTP_ENOTFOUND = 1, TFTP_EACCESS = 2,
	TFTP_ENOSPACE = 3, TFTP_EBADOP = 4, TFTP_EBADID = 5,
	TFTP_EOPTNEG = 8
};

#define TFTP_REQUEST_MAX	512	/* bytes of a request (RFC 2347) */
#define TFTP_NAME_MAX		64	/* bytes of a file name we serve */
#define TFTP_BLKSIZE_DEFAULT	512
#define TFTP_BLKSIZE_MIN	8	/* RFC 2348 */
#define TFTP_BLKSIZE_MAX	65464
#define TFTP_BLOCKS_MAX		65535	/* block numbers are 16 bits */
#define TFTP_PACKET_MAX		(4 + TFTP_BLKSIZE_MAX)

/* A read request as parsed. blksize is 0 when the client did not ask
 * for a valid one; tsize says it asked for the transfer size. */
struct tftp_request {
	char	name[TFTP_NAME_MAX + 1];
	int	blksize;
	bool	tsize;
};

/* Parse a request packet of len bytes. 0 with rq filled, or -1 with the
 * error code and message (static text) to answer with: a WRQ, another
 * opcode, a missing NUL, a name too long, a mode other than octet.
 * Unknown options, and blksize values out of range, are ignored (RFC
 * 2347: the server leaves them out of its OACK). Thread-safe. */
int	tftp_parse_request(const unsigned char *pkt, size_t len,
	    struct tftp_request *rq, enum tftp_error *code, const char **msg);

/* True for a name this server may answer: letters, digits, '.', '-' and
 * '_' only (no path: no '/', '\', or "..", nothing absolute), not
 * starting with '.', ending in ".img" in any case. */
bool	tftp_image_name_ok(const char *name);

/* The blocks a file of size bytes takes with blksize (the last one is
 * short, possibly empty). */
uint32_t tftp_blocks(int64_t size, int blksize);

/* True when a file of size bytes can be sent in blocks of blksize
 * without the 16-bit block number wrapping. */
bool	tftp_fits(int64_t size, int blksize);

/* The packets, written into buf of cap bytes; they return the length
 * (0 when it does not fit). */
size_t	tftp_build_error(unsigned char *buf, size_t cap, enum tftp_error code,
	    const char *msg);
/* OACK with blksize (when > 0) and tsize (when >= 0). */
size_t	tftp_build_oack(unsigned char *buf, size_t cap, int blksize,
	    int64_t tsize);
/* DATA header of block (the caller puts the bytes after the 4 bytes). */
void	tftp_data_header(unsigned char *buf, uint16_t block);

/* An ACK's block number: 0 and the block, 1 for an ERROR packet (the
 * client gives up), -1 for anything else. */
int	tftp_parse_ack(const unsigned char *pkt, size_t len, uint16_t *block);

#endif
