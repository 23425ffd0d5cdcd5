/* Switchboard — the read-only TFTP server phones use in recovery mode
 * (seed: "Enable the TFTP Server"; DHCP options 066 and 067). One thread
 * with poll(2): the listening socket takes read requests, each transfer
 * gets a socket of its own (a new TID, RFC 1350). It serves only the
 * firmware images of the repository, by the name a phone asks for
 * (case-insensitive, "420hd.img" = "420HD.img"): the newest uploaded of
 * that image, as the HTTP listener serves it to a phone it does not
 * know. Nothing else: no path, no configuration, no secret. Bounded:
 * TFTP_MAX_TRANSFERS at once, TFTP_MAX_PER_CLIENT per address, each
 * packet retransmitted at most TFTP_RETRIES times TFTP_TIMEOUT_MS apart,
 * a transfer at most TFTP_TRANSFER_MAX_MS in all; an image that needs
 * more than 65535 blocks of the block size is refused (no block number
 * rollover). Every transfer and refusal is logged (tftp.transfer,
 * tftp.refused). IPv4 only, as DHCP option 066 is. */
#ifndef SB_TFTP_SERVER_H
#define SB_TFTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#define TFTP_MAX_TRANSFERS	32
#define TFTP_MAX_PER_CLIENT	4
#define TFTP_TIMEOUT_MS		1000
#define TFTP_RETRIES		5
#define TFTP_TRANSFER_MAX_MS	(10 * 60 * 1000)

/* Bind listen ("IPV4:PORT"), open a database connection on db_path and
 * start the thread. Call after the migrations. 0, or -1 with err. */
int	tftp_server_start(const char *listen, const char *db_path, char *err,
	    size_t errlen);

/* Stop the thread and end the transfers. Safe when not started. */
void	tftp_server_stop(void);

/* True while the server runs, with its address ("0.0.0.0" when it
 * listens on all) and port. Thread-safe (set before the thread runs). */
bool	tftp_server_listening(char *host, size_t hostlen, int *port);

#endif
