/* Switchboard — the per-phone files of Interaction SIP Station I/II,
 * AudioCodes and Genesys phones (<mac>.cfg, "key=value" lines with
 * slash-separated keys, ';' comments) and of the SIP Soft Phone
 * (<full computer name>.i3sipcfg, the same line format under its own
 * keys). Each holds the SIP passwords, so each is served only to a proven
 * phone, like Polycom's phone/<guid>.cfg. */
#ifndef SB_PROVISION_KV_H
#define SB_PROVISION_KV_H

#include <stddef.h>

#include "provision_polycom.h"

/* base_url: "http://host:8088/" as the phone reached us; firmware: the
 * image name the phone asks for ("420HD.img") or NULL. */
char	*kv_phone_file(const struct prov_phone *pp, const char *base_url,
	    const char *firmware, size_t *len);
char	*kv_softphone_file(const struct prov_phone *pp, const char *base_url,
	    size_t *len);

/* Seconds east of UTC as AudioCodes writes it: "+10:00", "-05:00". */
void	kv_gmt_offset(int seconds, char out[8]);

#endif
