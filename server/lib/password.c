/* Switchboard — password hashing and password policy. */
#include "password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define PASSWORD_PARALLEL 2	/* hashes at once: 2 x 64 MiB */

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_busy;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy[PASSWORD_HASH_MAX];

static void
gate_enter(void)
{
	pthread_mutex_lock(&gate_mu);
	while (gate_busy >= PASSWORD_PARALLEL)
		pthread_cond_wait(&gate_cv, &gate_mu);
	gate_busy++;
	pthread_mutex_unlock(&gate_mu);
}

static void
gate_leave(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_busy--;
	pthread_cond_signal(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

const char *
password_policy(const char *pw)
{
	size_t n = strlen(pw), i;

	if (n < PASSWORD_MIN)
		return "Password must be at least 12 characters long.";
	if (n > PASSWORD_MAX)
		return "Password must be at most 128 characters long.";
	for (i = 0; i < n; i++)
		if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
			return "Password must not contain control characters.";
	return NULL;
}

int
password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	int rc;

	gate_enter();
	rc = crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	gate_leave();
	return rc == 0 ? 0 : -1;
}

bool
password_verify(const char *hash, const char *pw)
{
	int rc;

	if (strlen(pw) > PASSWORD_MAX)
		return false;
	gate_enter();
	rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
	gate_leave();
	return rc == 0;
}

static void
make_dummy(void)
{
	unsigned char junk[32];
	char pw[65];

	randombytes_buf(junk, sizeof(junk));
	sodium_bin2hex(pw, sizeof(pw), junk, sizeof(junk));
	if (password_hash(pw, dummy) != 0)
		dummy[0] = '\0';
	sodium_memzero(pw, sizeof(pw));
}

const char *
password_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy;
}
