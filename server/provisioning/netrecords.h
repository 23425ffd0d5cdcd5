/* Switchboard — the DHCP options and DNS records managed IP phones need
 * (the seed's "Required DHCP Option Provisioning Records" and the
 * switchover pair's Host (A) and SRV records), rendered for ISC dhcpd,
 * Kea and dnsmasq, and as a zone file fragment. */
#ifndef SB_NETRECORDS_H
#define SB_NETRECORDS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum netrecords_format { NET_ISC, NET_KEA, NET_DNSMASQ };

#define NETRECORDS_CLASS_MAX 64

/* Check network settings: {"domain","provision_host","provision_port",
 * "provision_addresses":[ip…],"dns_servers":[ip…],"pbx_hosts":[host…],
 * "sip_ports":{"udp","tcp","tls"},"tftp_server","time_server",
 * "time_server_option":"042"|"004","recovery_classes":"estate"|"all",
 * "voice_vlan","subnets":[{"location","subnet","range_start","range_end",
 * "router"}]}. Returns a clean copy (new reference), or NULL with the
 * field and message set. location_ok says whether a location name
 * exists. */
json_t	*netrecords_check(json_t *in, int (*location_ok)(void *, const char *),
	    void *arg, char *field, size_t fieldlen, const char **msg);

/* Option 2 as the seed wants it: seconds and 8 hex digits. */
void	netrecords_time_offset_hex(int32_t seconds, char out[9]);

/* The Vendor Class (option 60) of an image's phones as the seed names
 * it: "sip100.img" -> "SIP100", "420hd.img" -> "420HD". */
void	netrecords_vendor_class(const char *image, char *out, size_t len);

/* The DHCP configuration. settings as checked above, whose "tftp_server"
 * is the option 066 value to write ("" for none); locations: {name:
 * {"time_zone","sntp_server"}}; recovery: {maker: true} for the makers
 * whose phones have a recovery mode (they get 066 and 132); images:
 * ["420hd.img", "sip100.img", …], one option 067 Vendor Class each;
 * prefixes: {maker: "00:04:f2,64:16:7f"}. warnings gets what could not
 * be rendered. Caller frees. */
char	*netrecords_dhcp(enum netrecords_format fmt, json_t *settings,
	    json_t *locations, json_t *recovery, json_t *images,
	    json_t *prefixes, json_t *warnings);

/* The zone file fragment. Caller frees. */
char	*netrecords_dns(json_t *settings);

#endif
