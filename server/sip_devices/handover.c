/* Switchboard — building the credential hand-over in memory. */
#include "handover.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/ooxml_encrypt.h"
#include "../lib/random_text.h"
#include "../lib/seal.h"
#include "../lib/util.h"
#include "../lib/xlsx_strings.h"
#include "../lib/zip_aes.h"

const char *const handover_name_columns[HANDOVER_NAME_COLUMNS] = {
	"SIP Name", "Border Proxy", "Extension", "DID", "User",
	"Manufacturer", "Model",
};
static const char *const name_keys[HANDOVER_NAME_COLUMNS] = {
	"sip_name", "border_proxy", "extension", "did", "user_name",
	"manufacturer", "model",
};
static const char *const password_header[1] = { "SIP Password" };

struct handover_secrets *
handover_secrets_new(void)
{
	struct handover_secrets *s = sodium_malloc(sizeof(*s));

	if (s == NULL)
		return NULL;
	random_alnum(s->names_archive, sizeof(s->names_archive));
	random_alnum(s->passwords_archive, sizeof(s->passwords_archive));
	random_alnum(s->spreadsheets, sizeof(s->spreadsheets));
	return s;
}

void
handover_secrets_free(struct handover_secrets *s)
{
	sodium_free(s);		/* wipes */
}

void
handover_random_name(const char *ext, char *out, size_t cap)
{
	char stem[HANDOVER_NAME_LEN + 1];

	random_alnum(stem, sizeof(stem));
	snprintf(out, cap, "%s%s", stem, ext);
}

/* Wipe and free a buffer that held plain secrets. */
static void
wipe_free(unsigned char *p, size_t n)
{
	if (p) {
		sodium_memzero(p, n);
		free(p);
	}
}

/* A workbook of cells, encrypted to open with password, in a WinZip AES
 * archive under entry with archive_password. */
static int
sealed_sheet(const char *sheet, size_t ncols, const char *const *header,
    const char *const *cells, size_t nrows, const char *password,
    const char *entry, const char *archive_password,
    struct handover_archive *out)
{
	unsigned char *xlsx = NULL, *enc = NULL;
	size_t xlen = 0, elen = 0;
	int rc = -1;

	if (xlsx_strings(sheet, ncols, header, cells, nrows, &xlsx, &xlen) == 0 &&
	    ooxml_encrypt(xlsx, xlen, password, &enc, &elen) == 0 &&
	    zip_aes_one(entry, enc, elen, archive_password, &out->data,
	    &out->len) == 0)
		rc = 0;
	wipe_free(xlsx, xlen);
	free(enc);
	return rc;
}

int
handover_build(json_t *rows, const struct handover_secrets *s,
    const char *names_entry, const char *passwords_entry,
    struct handover_archive *names, struct handover_archive *passwords,
    void (*progress)(void *arg, long done, long total), void *arg,
    char *err, size_t errlen)
{
	size_t n = json_array_size(rows), i, k, *plen;
	long total = (long)n + 2;
	const char **ncells, **pcells;
	char **plain;
	json_t *d;
	int rc = -1;

	memset(names, 0, sizeof(*names));
	memset(passwords, 0, sizeof(*passwords));
	ncells = xcalloc(n * HANDOVER_NAME_COLUMNS + 1, sizeof(*ncells));
	pcells = xcalloc(n + 1, sizeof(*pcells));
	plain = xcalloc(n + 1, sizeof(*plain));
	plen = xcalloc(n + 1, sizeof(*plen));
	json_array_foreach(rows, i, d) {
		for (k = 0; k < HANDOVER_NAME_COLUMNS; k++)
			ncells[i * HANDOVER_NAME_COLUMNS + k] = json_string_value(
			    json_object_get(d, name_keys[k]));
		plain[i] = seal_open("sip_device.password", json_string_value(
		    json_object_get(d, "sealed")), &plen[i]);
		if (plain[i] == NULL) {
			snprintf(err, errlen, "The SIP password of extension %s "
			    "cannot be opened with this appliance's key.",
			    json_string_value(json_object_get(d, "extension")));
			goto out;
		}
		pcells[i] = plain[i];
		if (progress)
			progress(arg, (long)i + 1, total);
	}
	if (sealed_sheet("SIP Names", HANDOVER_NAME_COLUMNS,
	    handover_name_columns, ncells, n, s->spreadsheets, names_entry,
	    s->names_archive, names) != 0) {
		snprintf(err, errlen, "The SIP names spreadsheet could not be "
		    "built.");
		goto out;
	}
	if (progress)
		progress(arg, (long)n + 1, total);
	if (sealed_sheet("SIP Passwords", 1, password_header, pcells, n,
	    s->spreadsheets, passwords_entry, s->passwords_archive,
	    passwords) != 0) {
		snprintf(err, errlen, "The SIP passwords spreadsheet could not "
		    "be built.");
		free(names->data);
		names->data = NULL;
		goto out;
	}
	if (progress)
		progress(arg, total, total);
	rc = 0;
out:
	for (i = 0; i < n; i++)
		seal_free(plain[i], plen[i]);
	free(plain);
	free(plen);
	free(ncells);
	free(pcells);
	return rc;
}
