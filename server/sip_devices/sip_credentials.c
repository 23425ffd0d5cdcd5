/* Switchboard — generating third-party SIP credentials. */
#include "sip_credentials.h"

#include <sodium.h>
#include <string.h>

#include "../lib/random_text.h"

static const char lower_digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz0123456789";

static bool
only(const char *s, size_t n, bool dash)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr(alnum, s[i]) == NULL && !(dash && s[i] == '-'))
			return false;
	return true;
}

bool
sip_prefix_ok(const char *prefix)
{
	size_t n = strlen(prefix);

	return n <= SIP_PREFIX_MAX && prefix[0] != '-' && only(prefix, n,
	    true);
}

void
sip_credential_name(const char *prefix, char *out, size_t cap)
{
	size_t n = strlen(prefix), i;

	if (cap < SIP_NAME_MAX + 1 || n > SIP_PREFIX_MAX) {
		if (cap)
			out[0] = '\0';
		return;
	}
	memcpy(out, prefix, n);
	for (i = 0; i < 14; i++)
		out[n + i] = (i == 4 || i == 9) ? '-' :
		    lower_digits[randombytes_uniform(sizeof(lower_digits) - 1)];
	out[n + 14] = '\0';
}

void
sip_credential_password(char *out, size_t cap)
{
	if (cap < SIP_PASSWORD_LEN + 1) {
		if (cap)
			out[0] = '\0';
		return;
	}
	random_alnum(out, SIP_PASSWORD_LEN + 1);
}

bool
sip_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n >= 1 && n <= SIP_NAME_MAX && name[0] != '-' &&
	    name[n - 1] != '-' && only(name, n, true);
}

bool
sip_password_ok(const char *password)
{
	size_t n = strlen(password);

	return n >= 20 && only(password, n, false);
}
