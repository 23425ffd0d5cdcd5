/* Switchboard — the credential hand-over of third-party SIP devices, as
 * the seed's policy has it (seed 000, Handling SIP Credentials): the SIP
 * names in one spreadsheet, the passwords in another, correlated by row
 * number; each spreadsheet password-protected to open (ECMA-376 agile
 * encryption); each then in its own WinZip AES-256 archive with its own
 * strong random password; archives and the spreadsheets in them named at
 * random. The three passwords live in guarded memory, are shown once and
 * are never stored. Everything is built in memory. */
#ifndef SB_HANDOVER_H
#define SB_HANDOVER_H

#include <jansson.h>
#include <stddef.h>

#define HANDOVER_PASSWORD_LEN	32	/* [A-Za-z0-9]: 190 bits */
#define HANDOVER_NAME_LEN	20	/* a random file name's stem */

struct handover_secrets {
	char	names_archive[HANDOVER_PASSWORD_LEN + 1];
	char	passwords_archive[HANDOVER_PASSWORD_LEN + 1];
	char	spreadsheets[HANDOVER_PASSWORD_LEN + 1];
};

/* Three new passwords in guarded memory (sodium_malloc), or NULL. Free
 * with handover_secrets_free, which wipes them. */
struct handover_secrets *handover_secrets_new(void);
void	handover_secrets_free(struct handover_secrets *s);

/* A random file name: HANDOVER_NAME_LEN letters and digits, then ext
 * (".zip"), into out (at least HANDOVER_NAME_LEN + strlen(ext) + 1). */
void	handover_random_name(const char *ext, char *out, size_t cap);

struct handover_archive {
	unsigned char	*data;
	size_t		 len;
};

/* Build both archives from rows (sip_device_store_for_export: in order,
 * each with its "sealed" password). The spreadsheets inside are named
 * names_entry and passwords_entry. progress (may be NULL) is told the
 * steps done of total. 0, or -1 with a message in err (nothing built).
 * Free each archive's data with free(). */
int	handover_build(json_t *rows, const struct handover_secrets *s,
	    const char *names_entry, const char *passwords_entry,
	    struct handover_archive *names, struct handover_archive *passwords,
	    void (*progress)(void *arg, long done, long total), void *arg,
	    char *err, size_t errlen);

/* The columns of the SIP names spreadsheet (the passwords spreadsheet
 * has one: "SIP Password"). Row i + 2 of both holds rows[i]: row 1 is the
 * header. */
#define HANDOVER_NAME_COLUMNS 7
extern const char *const handover_name_columns[HANDOVER_NAME_COLUMNS];

#endif
