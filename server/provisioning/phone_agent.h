/* Switchboard — recognising a phone from its request: manufacturer, model
 * and firmware from the User-Agent, the MAC from the User-Agent when it
 * carries one and otherwise from the file name it asks for. */
#ifndef SB_PHONE_AGENT_H
#define SB_PHONE_AGENT_H

#include <stdbool.h>

#include "../phones/catalog.h"

struct phone_agent {
	char	manufacturer[32];	/* catalog name: "Polycom", "AudioCodes" */
	char	model[64];		/* "VVX 410", "IP 335", "440HDG" */
	char	firmware[48];		/* "5.9.0.9373" */
	char	mac[MAC_TEXT];		/* "" unless the User-Agent has it */
};

/* Fill a from a User-Agent (HTTP or SIP). false if it is not a phone this
 * appliance knows; a is then all empty. */
bool	phone_agent_parse(const char *ua, struct phone_agent *a);

/* The MAC in a requested path: "/0004f2aabbcc.cfg", "…-phone.cfg",
 * "…-app.log", "…-boot.log", "…-license.cfg", "…-directory.xml",
 * "…-user.cfg" in any folder, any letter case. 000000000000 is no MAC.
 * Returns true and the normalised MAC. */
bool	phone_agent_path_mac(const char *path, char mac[MAC_TEXT]);

#endif
