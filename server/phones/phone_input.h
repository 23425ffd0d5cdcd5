/* Switchboard — reading a managed IP phone from a request body: every rule
 * of the General tab, the Options, custom attributes and the station
 * appearances, with refusals that name the field and quote the rule. */
#ifndef SB_PHONE_INPUT_H
#define SB_PHONE_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../db/phone_store.h"
#include "../../db/db.h"
#include "../lib/refusal.h"

#define PHONE_INPUT_TEMPLATE 0x01	/* a template: no address, no stations,
					   "station_defaults" instead */
#define PHONE_INPUT_NO_LICENSE_FIT 0x02	/* the caller checks license pools
					   (a bulk commit, once for all) */

/* Fill p from the request body for phone (or template) id, 0 when
 * creating. A phone body naming a "template" takes every setting it
 * leaves out from that template (body is completed in place). Warnings (a
 * MAC prefix that does not match the manufacturer) are appended to
 * warnings; generated SIP passwords to generated as
 * {"position","sip_password"}; generated NULL only checks (no password is
 * generated or sealed, so p cannot be saved). Every rule that can judge
 * the body does: returns 0, or -1 with a refusal in rs for each field that
 * breaks one. Release p with phone_in_release() either way. */
int	phone_input_parse(struct db *db, json_t *body, int64_t id,
	    struct phone_in *p, json_t *warnings, json_t *generated,
	    unsigned flags, struct refusals *rs);

/* Fill in what a body naming a "template" leaves out from that template,
 * as phone_input_parse does; nothing when it names none or no such one. */
void	phone_input_with_template(struct db *db, json_t *body);

/* "sip:user@host" with an optional ":port". */
bool	phone_input_sip_uri_ok(const char *s);

/* A strong random SIP password (24 characters). */
void	phone_input_new_password(char out[25]);

/* A new password, sealed under context at once. Caller frees; NULL when
 * sealing is not set up. */
char   *phone_input_new_sealed_password(const char *context);

/* The SIP user name a station appearance takes when none is given: the
 * user part of its identification address, else its extension, else the
 * phone's name in the characters SIP user names take, else "stationN". */
void	phone_input_sip_username(const char *name, const char *extension,
	    const char *ident, int position, char out[65]);

/* True when no rule of phone_input_parse can refuse these values of one
 * row for their form: a name of 1 to 64 characters, an address of at most
 * 255, without control characters; an extension of at most 15 digits; a
 * label of at most 64; a blank or SIP identification address. Whether the
 * estate has them already is not checked here. */
bool	phone_input_row_form_ok(const char *name, const char *address,
	    const char *extension, const char *label, const char *ident);

#endif
