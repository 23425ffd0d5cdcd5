/* Switchboard — random text for passwords and file names. */
#include "random_text.h"

#include <sodium.h>

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz0123456789";

void
random_alnum(char *buf, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	/* randombytes_uniform rejects the biased tail itself. */
	for (i = 0; i + 1 < n; i++)
		buf[i] = alnum[randombytes_uniform(sizeof(alnum) - 1)];
	buf[n - 1] = '\0';
}
