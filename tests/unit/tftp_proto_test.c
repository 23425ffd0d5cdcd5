/* Unit tests of the TFTP packets: read requests parsed and refused (bad
 * packets, a missing NUL, long names, other modes, WRQ), options (blksize,
 * tsize, unknown ones ignored), the names that may be served, the block
 * arithmetic and the packets built. */
#include <string.h>

#include "provisioning/tftp_proto.h"
#include "test.h"

/* A request from its parts joined with their NULs: "\1" stands for
 * opcode 1, then name, mode and options, each given NUL-terminated. */
static size_t
packet(unsigned char *buf, int op, const char *const *parts, size_t n)
{
	size_t len = 2, i;

	buf[0] = 0;
	buf[1] = (unsigned char)op;
	for (i = 0; i < n; i++) {
		memcpy(buf + len, parts[i], strlen(parts[i]) + 1);
		len += strlen(parts[i]) + 1;
	}
	return len;
}

static int
parse(const unsigned char *buf, size_t len, struct tftp_request *rq,
    enum tftp_error *code)
{
	const char *msg = NULL;
	int rc = tftp_parse_request(buf, len, rq, code, &msg);

	if (rc != 0)
		CHECK(msg != NULL && msg[0] != '\0', "a refusal has a message");
	return rc;
}

int
main(void)
{
	unsigned char buf[1024];
	struct tftp_request rq;
	enum tftp_error code;
	uint16_t block;
	size_t len;
	char longname[200];

	{
		const char *p[] = { "420hd.img", "octet" };

		len = packet(buf, TFTP_RRQ, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), 0, "a plain RRQ");
		CHECK_STR(rq.name, "420hd.img", "its name");
		CHECK_INT(rq.blksize, 0, "no blksize asked");
		CHECK(!rq.tsize, "no tsize asked");
	}
	{
		const char *p[] = { "SIP100.IMG", "OCTET", "tsize", "0",
		    "blksize", "1428", "timeout", "3", "windowsize", "8" };

		len = packet(buf, TFTP_RRQ, p, 10);
		CHECK_INT(parse(buf, len, &rq, &code), 0, "options");
		CHECK_INT(rq.blksize, 1428, "blksize read");
		CHECK(rq.tsize, "tsize asked");
	}
	{
		const char *p[] = { "a.img", "octet", "blksize", "4",
		    "bogus", "x" };

		len = packet(buf, TFTP_RRQ, p, 6);
		CHECK_INT(parse(buf, len, &rq, &code), 0, "a blksize under 8 "
		    "and an unknown option are ignored");
		CHECK_INT(rq.blksize, 0, "blksize 4 ignored");
	}
	{
		const char *p[] = { "a.img", "octet", "blksize", "99999" };

		len = packet(buf, TFTP_RRQ, p, 4);
		CHECK_INT(parse(buf, len, &rq, &code), 0, "blksize past 65535");
		CHECK_INT(rq.blksize, 0, "is ignored");
	}
	{
		const char *p[] = { "a.img", "octet", "blksize", "65535" };

		len = packet(buf, TFTP_RRQ, p, 4);
		CHECK_INT(parse(buf, len, &rq, &code), 0, "blksize 65535");
		CHECK_INT(rq.blksize, TFTP_BLKSIZE_MAX, "is cut to 65464");
	}
	{
		const char *p[] = { "420hd.img", "octet" };

		len = packet(buf, TFTP_WRQ, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), -1, "WRQ refused");
		CHECK_INT(code, TFTP_EACCESS, "as an access violation");
		len = packet(buf, TFTP_ACK, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), -1, "an ACK to port 69");
		CHECK_INT(code, TFTP_EBADOP, "is an illegal operation");
		len = packet(buf, 9, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), -1, "opcode 9");
	}
	{
		const char *p[] = { "420hd.img", "netascii" };

		len = packet(buf, TFTP_RRQ, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), -1, "netascii refused");
		CHECK_INT(code, TFTP_EBADOP, "illegal operation");
	}
	{
		const char *p[] = { "420hd.img", "octet" };

		len = packet(buf, TFTP_RRQ, p, 2);
		CHECK_INT(parse(buf, len - 1, &rq, &code), -1, "the mode "
		    "without its NUL");
		CHECK_INT(parse(buf, 2 + 4, &rq, &code), -1, "a name without "
		    "its NUL");
		CHECK_INT(parse(buf, 3, &rq, &code), -1, "too short");
		CHECK_INT(parse(buf, 0, &rq, &code), -1, "empty");
	}
	{
		const char *p[] = { "a.img", "octet", "blksize", "1024" };

		len = packet(buf, TFTP_RRQ, p, 4);
		CHECK_INT(parse(buf, len - 1, &rq, &code), -1, "an option "
		    "value without its NUL");
		CHECK_INT(parse(buf, len - 5, &rq, &code), -1, "an option "
		    "without its value");
	}
	{
		const char *p[] = { "", "octet" };

		len = packet(buf, TFTP_RRQ, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), -1, "an empty name");
	}
	{
		const char *p[] = { longname, "octet" };

		memset(longname, 'a', sizeof(longname) - 5);
		strcpy(longname + sizeof(longname) - 5, ".img");
		len = packet(buf, TFTP_RRQ, p, 2);
		CHECK_INT(parse(buf, len, &rq, &code), -1, "a name of 199 "
		    "bytes");
		CHECK_INT(code, TFTP_EACCESS, "too long");
	}
	memset(buf, 'x', sizeof(buf));
	buf[0] = 0;
	buf[1] = TFTP_RRQ;
	buf[600] = 0;
	CHECK_INT(parse(buf, 601, &rq, &code), -1, "past 512 bytes");

	CHECK(tftp_image_name_ok("420hd.img"), "the seed's name");
	CHECK(tftp_image_name_ok("420HD.IMG"), "any case");
	CHECK(tftp_image_name_ok("UC440HD_3.2.1.616.img"), "a vendor name");
	CHECK(!tftp_image_name_ok("../420hd.img"), "traversal");
	CHECK(!tftp_image_name_ok("/420hd.img"), "absolute");
	CHECK(!tftp_image_name_ok("fw/420hd.img"), "a folder");
	CHECK(!tftp_image_name_ok("..\\420hd.img"), "a Windows path");
	CHECK(!tftp_image_name_ok("a..img"), "two dots");
	CHECK(!tftp_image_name_ok(".img"), "nothing before .img");
	CHECK(!tftp_image_name_ok(".hidden.img"), "a leading dot");
	CHECK(!tftp_image_name_ok("00908f602aac.cfg"), "a configuration");
	CHECK(!tftp_image_name_ok("switchboard.db"), "the database");
	CHECK(!tftp_image_name_ok("420hd.img "), "a trailing space");

	CHECK_INT(tftp_blocks(0, 512), 1, "an empty file: one empty block");
	CHECK_INT(tftp_blocks(512, 512), 2, "a full block, then an empty one");
	CHECK_INT(tftp_blocks(513, 512), 2, "a full block and a short one");
	CHECK(tftp_fits(65535LL * 512 - 1, 512), "65535 blocks fit");
	CHECK(!tftp_fits(65535LL * 512, 512), "65536 blocks do not");
	CHECK(!tftp_fits(33LL << 20, 512), "33 MiB in 512-byte blocks");
	CHECK(tftp_fits(33LL << 20, 1024), "33 MiB in 1024-byte blocks");

	len = tftp_build_error(buf, sizeof(buf), TFTP_ENOTFOUND, "No.");
	CHECK_INT(len, 8, "error length");
	CHECK(memcmp(buf, "\0\5\0\1No.\0", 8) == 0, "error bytes");
	CHECK_INT(tftp_build_error(buf, 6, TFTP_ENOTFOUND, "No."), 0,
	    "an error that does not fit");
	len = tftp_build_oack(buf, sizeof(buf), 1428, 300000);
	CHECK(len == 2 + 8 + 5 + 6 + 7 && memcmp(buf, "\0\6blksize\0001428\0"
	    "tsize\000300000\0", len) == 0, "OACK with both options");
	len = tftp_build_oack(buf, sizeof(buf), 0, 10);
	CHECK(len == 2 + 6 + 3 && memcmp(buf, "\0\6tsize\00010\0", len) == 0,
	    "OACK with tsize only");
	tftp_data_header(buf, 0x1234);
	CHECK(memcmp(buf, "\0\3\x12\x34", 4) == 0, "DATA header");
	CHECK_INT(tftp_parse_ack((const unsigned char *)"\0\4\xff\xfe", 4,
	    &block), 0, "an ACK");
	CHECK_INT(block, 0xfffe, "its block");
	CHECK_INT(tftp_parse_ack((const unsigned char *)"\0\5\0\0x\0", 6,
	    &block), 1, "an ERROR from the client");
	CHECK_INT(tftp_parse_ack((const unsigned char *)"\0\4\0", 3, &block),
	    -1, "a short ACK");
	CHECK_INT(tftp_parse_ack((const unsigned char *)"\0\3\0\1", 4,
	    &block), -1, "DATA is no ACK");
	return test_done();
}
