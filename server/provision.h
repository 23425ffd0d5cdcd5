/* Switchboard — the provisioning server's domain side: what a phone asked
 * for, who it is, and what it gets. No CivetWeb in here: provision_http.c
 * turns a request into a struct provision_req and sends the reply. */
#ifndef SB_PROVISION_H
#define SB_PROVISION_H

#include <stdbool.h>
#include <stddef.h>

#include "../db/db.h"
#include "phone_agent.h"

struct provision_req {
	const char	*method;
	const char	*path;		/* decoded, starts with '/' */
	const char	*user_agent;	/* or NULL */
	const char	*client_addr;
	bool		 tls;
};

struct provision_reply {
	int		 status;
	const char	*type;		/* Content-Type */
	char		*body;		/* owned; free with provision_reply_free */
	size_t		 len;
};

/* Answer one request on db; records what the phone said about itself
 * (phone_sightings) when the request names a MAC. */
void	provision_handle(struct db *db, const struct provision_req *q,
	    struct provision_reply *out);
void	provision_reply_free(struct provision_reply *out);

#endif
