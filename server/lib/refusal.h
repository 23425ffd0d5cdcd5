/* Switchboard — what a rule says when it refuses an input: the field it
 * names (the API's name, e.g. "stations[1].extension"), the row of a list
 * (0 when the input is not a list), a code and a message for the admin.
 * Validators fill a list of refusals and return -1; they never see HTTP.
 * The API turns the list into the 422 body, the Assistant into report
 * rows, the migration into an item's errors. */
#ifndef SB_REFUSAL_H
#define SB_REFUSAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define REFUSALS_MAX 64		/* one save cannot produce more */

struct refusal {
	char	 field[96];
	int	 row;
	char	 code[24];	/* "invalid_field", "duplicate", "in_use", … */
	char	 message[400];
	char	 about_key[16];	/* what besides the field, e.g. "license" */
	char	 about[64];	/* and its value, e.g. "Client Access"; "" */
};

struct refusals {
	struct refusal	*v;
	size_t		 n, cap;
	int		 row;		/* stamped on each refusal added */
	char		 code[24];	/* a summary for the whole list, set */
	char		 message[200];	/* by refusals_summary; else the
					   first refusal's */
};

/* An empty list (no allocation); row 0. */
void	refusals_init(struct refusals *rs);

/* Release what the list holds; it is empty again. */
void	refusals_release(struct refusals *rs);

/* Add a refusal of field with code and the printf-style message. Past
 * REFUSALS_MAX the refusal is dropped. Returns -1, for "return refuse(…)". */
int	refuse(struct refusals *rs, const char *code, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* As refuse(), naming what the refusal is about besides its field: the
 * 422 body carries key: value beside field and message. */
int	refuse_about(struct refusals *rs, const char *code, const char *field,
	    const char *key, const char *value, const char *message);

/* Code and message that sum up the whole list (e.g. the seed's "Some or
 * all licenses could not be allocated…"); copied. */
void	refusals_summary(struct refusals *rs, const char *code,
	    const char *message);

/* True when a refusal names field, or a field under it ("stations[0]"
 * covers "stations[0].label"). */
bool	refusals_name(const struct refusals *rs, const char *field);

/* Rename each field starting with prefix to start with to instead
 * ("stations[0]." → "station_defaults."). */
void	refusals_rename(struct refusals *rs, const char *prefix,
	    const char *to);

/* Put lead before every message, the summary's too (e.g. "Desk 12: "),
 * cutting what no longer fits. */
void	refusals_lead(struct refusals *rs, const char *lead);

/* The summary's code and message: those set by refusals_summary, else
 * the first refusal's; "" when the list is empty. Borrowed. */
const char *refusals_code(const struct refusals *rs);
const char *refusals_message(const struct refusals *rs);

/* The list as [{"field","code","message"[,"row"][,about_key]}]. New
 * reference. */
json_t	*refusals_json(const struct refusals *rs);

/* The list as the API's error object: {"code","message","details"}, code
 * and message summing it up. New reference. */
json_t	*refusals_error(const struct refusals *rs);

/* Member name of the JSON object body as one line of text (multiline:
 * line breaks allowed) of at most max bytes: *out is NULL when absent or
 * null. A value that is not a string, too long, holding control
 * characters or NUL, or empty or absent when required, is refused naming
 * name, and -1 returned. */
int	refusal_string(json_t *body, const char *name, size_t max,
	    bool required, bool multiline, const char **out,
	    struct refusals *rs);

#endif
