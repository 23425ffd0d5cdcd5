/* Switchboard — checks of host names, addresses and ports given by admins. */
#ifndef SB_NETADDR_H
#define SB_NETADDR_H

#include <stdbool.h>

#define NETADDR_HOST_MAX 253

/* An IPv4 or IPv6 address, or a host name / FQDN (RFC 1123 labels). */
bool	netaddr_host_ok(const char *s);

/* A DNS domain for SRV look-ups (a host name with at least one dot, or a
 * single label). */
bool	netaddr_domain_ok(const char *s);

/* An e-mail address as a directory holds it: a local part of 1 to 64
 * visible characters without '@', '@', and a domain with a dot; at most
 * 254 bytes. */
bool	netaddr_email_ok(const char *s);

/* A port or a range of ports: "5004" or "20000-20999" (1 to 65535, the
 * first no larger than the last). */
bool	netaddr_ports_ok(const char *s);

/* "UDP", "TCP" or "TLS". */
bool	netaddr_transport_ok(const char *s);

/* "10.20.0.0/16", "2001:db8::/32" or a single address. */
bool	netaddr_cidr_ok(const char *s);

/* True if addr (an IPv4 or IPv6 address; "::ffff:a.b.c.d" counts as
 * a.b.c.d) lies in cidr. */
bool	netaddr_in_cidr(const char *addr, const char *cidr);

#endif
