/* Switchboard — where each Option and Advanced Option of a managed IP phone
 * goes in its family's files: one table per family, read by the file
 * writers (the value), the phone simulator (which file and parameter shows
 * an option) and the unit test that proves every option reaches its
 * parameter. An option no phone file can carry has a reason instead. */
#ifndef SB_OPTION_PARAMS_H
#define SB_OPTION_PARAMS_H

#include <jansson.h>

/* Called once per parameter written, in table order. */
typedef void	(*option_emit_fn)(void *arg, const char *name,
		    const char *value);

/* Write every option of phone ("options" and "advanced_options", filled
 * with the family's defaults) that family ("polycom", "iss1", "iss2",
 * "audiocodes", "softphone") carries. A Polycom device.* parameter is
 * followed by its ".set" = "1". */
void	option_params_write(const char *family, json_t *phone,
	    option_emit_fn emit, void *arg);

/* The table of family as JSON: [{"key","param"}] or [{"key","reason"}];
 * one option may write several parameters. New reference; an empty array
 * for an unknown family. */
json_t	*option_params_table(const char *family);

#endif
