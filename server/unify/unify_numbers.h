/* Switchboard — the numbers of OpenScape Business and Unify Phone (seed
 * 003, 3.2-3.3; PROTOCOLS.md 5.1): internal call numbers, DIDs, and the
 * Unify Phone user call number composed from the numbering schema and the
 * location number, with the checks [Validate Numbers] makes. Plain data. */
#ifndef SB_UNIFY_NUMBERS_H
#define SB_UNIFY_NUMBERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define UNIFY_CALLNO_MAX 6	/* digits of an internal call number */
#define UNIFY_DID_MAX 11	/* digits of a DID */
#define UNIFY_E164_MAX 15	/* digits of an E.164 number, without '+' */
#define UNIFY_NUMBER_MAX 32	/* a composed number, with room to spare */

/* The seed's hint when a schema does not fit E.164's length (3.3.3). */
#define UNIFY_VALIDATE_HINT "Hint: if an existing number schema does not " \
	"fit into the E.164 format length restriction, please update the " \
	"Unify Phone route location number and update the numbering schema " \
	"by click [Validate Numbers]."

/* What call numbers are composed on: the schema and the location number
 * (from V3R3 FR1 the Unify Phone route location number incoming, before
 * it the gateway location number). */
struct unify_numbering {
	bool	international;
	char	cc[8], lac[8], pabx[12];
};

/* The numbering of the stored system and wizard input (either may be
 * NULL: international, no location). */
void	 unify_numbering_of(json_t *system, json_t *conn,
	    struct unify_numbering *n);

/* The numbering as one string ("international:49:89:7007", "internal"):
 * a user's number composed on another basis needs validating again. */
void	 unify_numbering_basis(const struct unify_numbering *n, char *out,
	    size_t len);

/* The Unify Phone user call number: international "+" CC LAC PABX and the
 * DID if set, else the callno; internal the callno. */
void	 unify_call_number(const struct unify_numbering *n,
	    const char *callno, const char *did, char *out, size_t len);

/* What is wrong with number under n, in a sentence for the admin (into
 * buf), or NULL: more than 15 digits, no country code, a country code
 * that is not 1 to 3 digits or starts with 0. */
const char *unify_number_problem(const struct unify_numbering *n,
	    const char *number, char *buf, size_t len);

/* An internal call number: 1 to 6 digits, not starting with 0 (the trunk
 * access code). A DID: 1 to 11 digits. */
bool	 unify_callno_ok(const char *s);
bool	 unify_did_ok(const char *s);

#endif
