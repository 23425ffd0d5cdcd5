/* Switchboard — random text for passwords and file names.
 * Draws from libsodium's generator, so the text is unpredictable and every
 * character of the alphabet is equally likely. */
#ifndef SB_RANDOM_TEXT_H
#define SB_RANDOM_TEXT_H

#include <stddef.h>

/* Fill buf (n bytes) with n-1 characters drawn uniformly from [A-Za-z0-9]
 * and a terminating NUL; does nothing when n is 0. 32 characters hold
 * about 190 bits. Call after sodium_init(). Thread-safe. */
void	random_alnum(char *buf, size_t n);

#endif
