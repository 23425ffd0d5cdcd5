/* Switchboard — reading a managed IP phone from a request body: every rule
 * of the General tab, the Options, custom attributes and the station
 * appearances, with refusals that name the field and quote the rule. */
#ifndef SB_PHONE_INPUT_H
#define SB_PHONE_INPUT_H

#include <jansson.h>

#include "../db/phone_store.h"
#include "req.h"

/* Fill p from r->body for phone id (0 when creating). Warnings (a MAC
 * prefix that does not match the manufacturer) are appended to warnings;
 * generated SIP passwords to generated as {"position","sip_password"}.
 * Returns 0, or the status with r->out naming the field. Release p with
 * phone_in_release() either way. */
int	phone_input_parse(struct req *r, int64_t id, struct phone_in *p,
	    json_t *warnings, json_t *generated);

/* A strong random SIP password (24 characters). */
void	phone_input_new_password(char out[25]);

#endif
