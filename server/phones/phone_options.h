/* Switchboard — the Options and Advanced Options of managed IP phones and
 * templates, per model family, as Interaction Administrator shows them
 * (seed 001: the Options tabs of Polycom, Interaction SIP Station I and II,
 * SIP Soft Phone, AudioCodes and Genesys). One table drives validation,
 * defaults and the forms the UI draws. */
#ifndef SB_PHONE_OPTIONS_H
#define SB_PHONE_OPTIONS_H

#include <jansson.h>

struct db;

/* The option schema of a family ("polycom", "iss1", "iss2", "softphone",
 * "audiocodes") for options (advanced = 0) or advanced options (1):
 * [{"key","label","section","type","default",…}]. New reference, or NULL
 * for an unknown family. */
json_t	*phone_options_schema(const char *family, int advanced);

/* Check in (an object, may be NULL) against the schema and return a full
 * object with defaults filled in (new reference). On a refusal returns
 * NULL and writes the field ("options.ring_volume") and message. */
json_t	*phone_options_apply(const char *family, int advanced, json_t *in,
	    char *field, size_t field_len, char *msg, size_t msg_len);

/* phone_options_apply(family, advanced, NULL) as compact JSON text with
 * sorted keys, made once per process (thread-safe). NULL for an unknown
 * family. Borrowed: never freed. */
const char *phone_options_default_text(const char *family, int advanced);

/* Write every family's defaults to the database (family_options), where
 * phones and templates with all defaults ('{}') read them. 0 or -1. */
int	    phone_options_publish(struct db *db);

#endif
