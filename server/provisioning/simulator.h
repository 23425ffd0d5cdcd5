/* Switchboard — the phone simulator (the seed's PhoneSim): fetch the
 * files a phone would, in the order it would, from the provisioning
 * server itself (no proof asked, nothing recorded), and list every
 * attribute with its final value and the file it came from. Passwords are
 * masked in what it returns. */
#ifndef SB_SIMULATOR_H
#define SB_SIMULATOR_H

#include <jansson.h>
#include <stddef.h>

#include "../../db/db.h"

#define SIMULATOR_MASK "********"

/* address: a MAC (any written form) or a soft phone's computer name;
 * user_agent may be NULL. Returns {"address","family","phone","user_agent",
 * "precedence":"first"|"last","files":[{"path","status","content"}],
 * "attributes":[{"name","value","file"}]} or NULL with err. */
json_t	*simulator_run(struct db *db, const char *address,
	    const char *user_agent, const char *host, int port, char *err,
	    size_t errlen);

/* Mask password values in a file's text: name="…" where the name holds
 * "password", key=value lines likewise, and user:password@ in URLs. */
void	simulator_mask(char *text);

#endif
