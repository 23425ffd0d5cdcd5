/* Switchboard — the one SIP credential of a third-party SIP device (seed
 * 000): a SIP name of letters, digits and '-' (the admin's prefix, then
 * three groups of four random lower-case letters and digits: 62 bits, so
 * names do not collide; the store's UNIQUE index is the last word) and a
 * password of SIP_PASSWORD_LEN random letters and digits (142 bits).
 * Both drawn from libsodium's generator, uniformly. */
#ifndef SB_SIP_CREDENTIALS_H
#define SB_SIP_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>

#define SIP_PREFIX_MAX		16
#define SIP_NAME_MAX		(SIP_PREFIX_MAX + 14)
#define SIP_PASSWORD_LEN	24

/* A prefix: empty, or up to SIP_PREFIX_MAX letters, digits and '-' not
 * starting with '-'. */
bool	sip_prefix_ok(const char *prefix);

/* A new SIP name under prefix (which sip_prefix_ok) into out (at least
 * SIP_NAME_MAX + 1 bytes). */
void	sip_credential_name(const char *prefix, char *out, size_t cap);

/* A new password into out (at least SIP_PASSWORD_LEN + 1 bytes). */
void	sip_credential_password(char *out, size_t cap);

/* The shapes the program requires: a name of letters, digits and '-' (1
 * to SIP_NAME_MAX, not starting or ending with '-'); a password of at
 * least 20 letters and digits. */
bool	sip_name_ok(const char *name);
bool	sip_password_ok(const char *password);

#endif
