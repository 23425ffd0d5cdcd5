/* Switchboard — checks of host names, addresses and ports. */
#include "netaddr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool
label_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

bool
netaddr_domain_ok(const char *s)
{
	size_t n = strlen(s);
	const char *p = s;

	if (n == 0 || n > NETADDR_HOST_MAX)
		return false;
	if (s[n - 1] == '.')	/* a fully qualified trailing dot */
		n--;
	while (p < s + n) {
		const char *dot = memchr(p, '.', (size_t)(s + n - p));
		size_t len = dot ? (size_t)(dot - p) : (size_t)(s + n - p);

		if (!label_ok(p, len))
			return false;
		p += len + (dot ? 1 : 0);
		if (dot && p == s + n)
			return false;
	}
	/* A last label of digits is no name but an address in shorthand
	 * ("127.1", "2130706433", "1.2.3.4.5"): not a domain. */
	p = s + n;
	while (p > s && p[-1] != '.')
		p--;
	return strspn(p, "0123456789") < (size_t)(s + n - p);
}

bool
netaddr_email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *p;

	if (at == NULL || at == s || at - s > 64 || strlen(s) > 254 ||
	    strchr(at + 1, '@') || strchr(at + 1, '.') == NULL)
		return false;
	for (p = s; p < at; p++)
		if (*p < 0x21 || *p > 0x7e)
			return false;
	return netaddr_domain_ok(at + 1);
}

bool
netaddr_host_ok(const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1)
		return true;
	/* All digits and dots but not an IPv4 address: a typo, not a host. */
	if (strspn(s, "0123456789.") == strlen(s))
		return false;
	return netaddr_domain_ok(s);
}

/* One port number at *s, 1 to 65535 in at most five digits; *s moves
 * past it. */
static bool
port_at(const char **s, unsigned long *out)
{
	char *end;

	if (**s < '0' || **s > '9')
		return false;
	*out = strtoul(*s, &end, 10);
	if (end - *s > 5 || *out < 1 || *out > 65535)
		return false;
	*s = end;
	return true;
}

bool
netaddr_ports_ok(const char *s)
{
	unsigned long first, last;

	if (s == NULL || !port_at(&s, &first))
		return false;
	if (*s == '\0')
		return true;
	if (*s++ != '-' || !port_at(&s, &last))
		return false;
	return *s == '\0' && first <= last;
}

bool
netaddr_transport_ok(const char *s)
{
	return s && (strcmp(s, "UDP") == 0 || strcmp(s, "TCP") == 0 ||
	    strcmp(s, "TLS") == 0);
}

/* Parse "addr[/bits]" into 16 bytes (IPv4 mapped into ::ffff:0:0/96) and
 * a prefix length over those 128 bits. */
static bool
parse_net(const char *s, unsigned char out[16], int *bits)
{
	char buf[64], *slash;
	struct in_addr v4;
	long b = -1;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	if ((slash = strchr(buf, '/')) != NULL) {
		char *end;

		*slash = '\0';
		b = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || b < 0)
			return false;
	}
	memset(out, 0, 16);
	if (inet_pton(AF_INET, buf, &v4) == 1) {
		if (b > 32)
			return false;
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4, 4);
		*bits = b < 0 ? 128 : 96 + (int)b;
		return true;
	}
	if (inet_pton(AF_INET6, buf, out) == 1) {
		if (b > 128)
			return false;
		*bits = b < 0 ? 128 : (int)b;
		return true;
	}
	return false;
}

bool
netaddr_cidr_ok(const char *s)
{
	unsigned char a[16];
	int bits;

	return parse_net(s, a, &bits);
}

bool
netaddr_in_cidr(const char *addr, const char *cidr)
{
	unsigned char a[16], n[16];
	int bits, abits, i;

	if (!parse_net(addr, a, &abits) || strchr(addr, '/') ||
	    !parse_net(cidr, n, &bits))
		return false;
	for (i = 0; i < bits; i++) {
		int byte = i / 8, mask = 0x80 >> (i % 8);

		if ((a[byte] & mask) != (n[byte] & mask))
			return false;
	}
	return true;
}
