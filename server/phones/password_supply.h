/* Switchboard — new sealed passwords made ahead, on a thread of their own.
 *
 * Commit Changes needs two new passwords a phone, each drawn from the
 * random generator and sealed (about 1.5 µs apiece), while SQLite keeps
 * one core busy writing them. A supply makes a known number of them for
 * each of a few contexts, in order, on the other core, into a small ring
 * per context. A taker whose ring is empty makes its own, so it never
 * waits; the maker waits only on a full ring. */
#ifndef SB_PASSWORD_SUPPLY_H
#define SB_PASSWORD_SUPPLY_H

#include <stdint.h>

#define PASSWORD_SUPPLY_CONTEXTS	2

struct password_supply;

/* Start making each new passwords sealed under contexts[0], then each
 * under contexts[1], … (n at most PASSWORD_SUPPLY_CONTEXTS; the strings
 * must outlive the supply). Never NULL: if the thread cannot start, every
 * take makes its own. */
struct password_supply	*password_supply_start(const char *const *contexts,
			    int n, int64_t each);

/* A new password sealed under context, as phone_input_new_sealed_password
 * gives it (the caller frees it; NULL only if sealing is not set up). */
char			*password_supply_take(struct password_supply *s,
			    const char *context);

/* Stop the maker, wait for it and free what it made that was not taken.
 * Safe on NULL. */
void			 password_supply_stop(struct password_supply *s);

#endif
