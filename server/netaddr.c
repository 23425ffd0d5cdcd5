/* Switchboard — checks of host names, addresses and ports. */
#include "netaddr.h"

#include <arpa/inet.h>
#include <ctype.h>
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
	return true;
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

bool
netaddr_transport_ok(const char *s)
{
	return s && (strcmp(s, "UDP") == 0 || strcmp(s, "TCP") == 0 ||
	    strcmp(s, "TLS") == 0);
}
