/* Switchboard — the provisioning server's domain side: what a phone asked
 * for, who it is, whether it has proven it, and what it gets. No CivetWeb
 * in here: provision_http.c turns a request into a struct provision_req
 * and sends the reply.
 *
 * Credentials never leak: only phone/<guid>.cfg holds SIP passwords, and
 * it is served only to a client that proves it is that phone: HTTP digest
 * with the phone's own provisioning credentials (user: its MAC, password:
 * random, sealed at rest, written into that same file), or, before the
 * phone has ever proven itself, a client address inside the trusted
 * provisioning networks (the voice VLAN) for its very first fetch. Once a
 * phone has fetched its file, the address alone is never enough again.
 * Requests for unknown MACs, unknown files under phone/ and failed proofs
 * are counted per client address; past the limit the address is refused
 * for a while (429) and logged, so scanning the MAC space gets nothing. */
#ifndef SB_PROVISION_H
#define SB_PROVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../../db/db.h"
#include "../../db/db_pool.h"
#include "../lib/config.h"

#define PROVISION_REALM "Switchboard provisioning"
#define PROVISION_SIGHTINGS_PER_ADDRESS 100	/* provisional phones one
						   client address may add */
#define PROVISION_UPLOAD_MAX (1024 * 1024)	/* override or log, bytes */

struct provision_req {
	const char	*method;
	const char	*path;		/* decoded, starts with '/' */
	const char	*uri;		/* as sent (for the digest check) */
	const char	*user_agent;	/* or NULL */
	const char	*client_addr;
	const char	*host;		/* Host header without port, or NULL */
	int		 port;		/* the listener's port */
	const char	*range;		/* Range header, or NULL */
	const char	*authorization;	/* or NULL */
	const char	*if_none_match;	/* or NULL */
	const char	*body;		/* PUT */
	size_t		 body_len;
	bool		 tls;
	bool		 simulate;	/* the phone simulator: no proof asked,
					   nothing recorded, nothing made */
};

struct provision_reply {
	int		 status;
	const char	*type;		/* Content-Type */
	char		*body;		/* owned */
	size_t		 len;
	char		 etag[40];	/* "" when none */
	char		 challenge[200];	/* WWW-Authenticate, or "" */
	int		 retry_after;	/* seconds, for 429 */
	/* A phone's own file (its credentials): no cache between the phone
	 * and the appliance may keep it, whatever the cache is told. */
	bool		 private_file;
	/* A stored file to send instead of body (firmware): path, the
	 * part to send, and the whole size for Content-Range. */
	char		 file[1100];
	int64_t		 file_start, file_len, file_total;
};

/* Read what the files need from the configuration (the certificate for
 * server/cert/ca.cfg). Call once before the listeners start. */
void	provision_init(const struct config *cfg);

/* Answer one request. db is a connection the caller holds (the simulator)
 * or NULL: then one is borrowed from pool only when the file cache cannot
 * answer, so a boot storm of cached files needs no connection at all. */
void	provision_handle(struct db *db, struct db_pool *pool,
	    const struct provision_req *q,
	    struct provision_reply *out);
void	provision_reply_free(struct provision_reply *out);

/* Seconds a phone's upload body may take in all (provision_upload_seconds
 * of the configuration): a body that trickles in is cut off. */
int	provision_upload_seconds(void);

/* A phone's config_files custom attribute (the name in any letter case)
 * with [MACADDRESS] and [MODEL] filled in, or NULL. phone has
 * "custom_attributes" and "model". Caller frees. */
char	*provision_custom_files(json_t *phone, const char *mac12);

/* The global SIP Station Transport setting's SIP DSCP value (the
 * provisioning settings' "sip_dscp"; 24, ToS byte 60 hex, when unset):
 * what a phone that keeps "Use Global SIP Station Transport Settings"
 * gets. */
#define PROVISION_SIP_DSCP_DEFAULT 24
int	provision_global_sip_dscp(json_t *provisioning_settings);

#endif
