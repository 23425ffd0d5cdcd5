/* Switchboard — TFTP packets for the read-only recovery server. */
#include "tftp_proto.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The NUL-terminated string at *at within end, or NULL when its NUL is
 * missing; *at moves past it. */
static const char *
take(const unsigned char **at, const unsigned char *end)
{
	const unsigned char *nul = memchr(*at, '\0', (size_t)(end - *at));
	const char *s = (const char *)*at;

	if (nul == NULL)
		return NULL;
	*at = nul + 1;
	return s;
}

static int
refuse(enum tftp_error *code, const char **msg, enum tftp_error c,
    const char *m)
{
	*code = c;
	*msg = m;
	return -1;
}

int
tftp_parse_request(const unsigned char *pkt, size_t len,
    struct tftp_request *rq, enum tftp_error *code, const char **msg)
{
	const unsigned char *at = pkt + 2, *end = pkt + len;
	const char *name, *mode, *opt, *val;
	int op;

	memset(rq, 0, sizeof(*rq));
	if (len < 4 || len > TFTP_REQUEST_MAX)
		return refuse(code, msg, TFTP_EBADOP, "Malformed request.");
	op = pkt[0] << 8 | pkt[1];
	if (op == TFTP_WRQ)
		return refuse(code, msg, TFTP_EACCESS, "This server is read "
		    "only.");
	if (op != TFTP_RRQ)
		return refuse(code, msg, TFTP_EBADOP, "Only read requests are "
		    "served here.");
	if ((name = take(&at, end)) == NULL || (mode = take(&at, end)) ==
	    NULL)
		return refuse(code, msg, TFTP_EBADOP, "Malformed request: a "
		    "name or mode without its NUL.");
	if (name[0] == '\0')
		return refuse(code, msg, TFTP_EBADOP, "Malformed request: no "
		    "file name.");
	if (strlen(name) > TFTP_NAME_MAX)
		return refuse(code, msg, TFTP_EACCESS, "File name too long.");
	if (strcasecmp(mode, "octet") != 0)
		return refuse(code, msg, TFTP_EBADOP, "Only octet (binary) "
		    "mode is served.");
	memcpy(rq->name, name, strlen(name) + 1);
	while (at < end) {
		if ((opt = take(&at, end)) == NULL || (val = take(&at, end)) ==
		    NULL)
			return refuse(code, msg, TFTP_EBADOP, "Malformed "
			    "request: an option without its NUL.");
		if (strcasecmp(opt, "blksize") == 0) {
			char *e;
			long n = strtol(val, &e, 10);

			if (e != val && *e == '\0' && n >= TFTP_BLKSIZE_MIN &&
			    n <= 65535)
				rq->blksize = n > TFTP_BLKSIZE_MAX ?
				    TFTP_BLKSIZE_MAX : (int)n;
		} else if (strcasecmp(opt, "tsize") == 0) {
			rq->tsize = true;
		}
	}
	return 0;
}

bool
tftp_image_name_ok(const char *name)
{
	size_t n = strlen(name), i;

	if (n <= 4 || n > TFTP_NAME_MAX || name[0] == '.' ||
	    strcasecmp(name + n - 4, ".img") != 0 || strstr(name, ".."))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && strchr("._-",
		    name[i]) == NULL)
			return false;
	return true;
}

uint32_t
tftp_blocks(int64_t size, int blksize)
{
	return (uint32_t)(size / blksize) + 1;
}

bool
tftp_fits(int64_t size, int blksize)
{
	return size >= 0 && blksize > 0 && size / blksize + 1 <=
	    TFTP_BLOCKS_MAX;
}

size_t
tftp_build_error(unsigned char *buf, size_t cap, enum tftp_error code,
    const char *msg)
{
	size_t n = strlen(msg);

	if (cap < n + 5)
		return 0;
	buf[0] = 0;
	buf[1] = TFTP_ERROR;
	buf[2] = (unsigned char)(code >> 8);
	buf[3] = (unsigned char)code;
	memcpy(buf + 4, msg, n + 1);
	return n + 5;
}

/* Appends "name\0value\0" at *len; false when it does not fit. */
static bool
put_option(unsigned char *buf, size_t cap, size_t *len, const char *name,
    long long value)
{
	char v[24];
	size_t a = strlen(name) + 1, b;

	snprintf(v, sizeof(v), "%lld", value);
	b = strlen(v) + 1;
	if (*len + a + b > cap)
		return false;
	memcpy(buf + *len, name, a);
	memcpy(buf + *len + a, v, b);
	*len += a + b;
	return true;
}

size_t
tftp_build_oack(unsigned char *buf, size_t cap, int blksize, int64_t tsize)
{
	size_t len = 2;

	if (cap < 2)
		return 0;
	buf[0] = 0;
	buf[1] = TFTP_OACK;
	if (blksize > 0 && !put_option(buf, cap, &len, "blksize", blksize))
		return 0;
	if (tsize >= 0 && !put_option(buf, cap, &len, "tsize", tsize))
		return 0;
	return len;
}

void
tftp_data_header(unsigned char *buf, uint16_t block)
{
	buf[0] = 0;
	buf[1] = TFTP_DATA;
	buf[2] = (unsigned char)(block >> 8);
	buf[3] = (unsigned char)block;
}

int
tftp_parse_ack(const unsigned char *pkt, size_t len, uint16_t *block)
{
	if (len >= 4 && pkt[0] == 0 && pkt[1] == TFTP_ERROR)
		return 1;
	if (len < 4 || pkt[0] != 0 || pkt[1] != TFTP_ACK)
		return -1;
	*block = (uint16_t)(pkt[2] << 8 | pkt[3]);
	return 0;
}
