/* Switchboard — phone catalog rules that need no database: tolerant model
 * name matching and MAC address normalisation. */
#ifndef SB_CATALOG_H
#define SB_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#define CATALOG_KEY_MAX 64
#define MAC_TEXT 18	/* "00:04:f2:aa:bb:cc" and NUL */

/* The match key of a model name: lower-case letters and digits only, so
 * "VVX 410", "VVX410" and "vvx_410" all give "vvx410". Returns 0, or -1 if
 * the name is empty, too long or has no letter or digit. */
int	catalog_match_key(const char *name, char key[CATALOG_KEY_MAX]);

/* Normalise a MAC address written as 0004F2AABBCC, 00:04:f2:aa:bb:cc,
 * 00-04-F2-AA-BB-CC, 0004.f2aa.bbcc or 00.04.f2.aa.bb.cc into
 * "00:04:f2:aa:bb:cc". Returns 0, or -1 if it is not a MAC address. */
int	mac_normalize(const char *in, char out[MAC_TEXT]);

/* True if the normalised mac starts with one of the comma-separated
 * prefixes ("00:04:f2,64:16:7f"). */
bool	mac_prefix_matches(const char *mac, const char *prefixes);

/* The 12 hex digits of a normalised MAC, as phones name their files
 * ("0004f2aabbcc"). */
void	mac_digits(const char *mac, char out[13]);

/* A model name as file names carry it: "VVX 410" -> "VVX410". */
void	model_token(const char *name, char *out, size_t len);

#endif
