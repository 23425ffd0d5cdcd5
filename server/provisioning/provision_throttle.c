/* Switchboard — token buckets per client address for the provisioning
 * server. A fixed table, open addressing on the exact address text: a
 * full bucket holds nothing worth keeping, so it is the one reused when
 * the table is crowded; if every candidate is still draining, the one
 * idle longest is reused (memory stays bounded, a flood of addresses
 * only ever gives each of them the same fresh budget). */
#include "provision_throttle.h"

#include <pthread.h>
#include <string.h>

#include "../lib/util.h"

#define PROBE 16

struct bucket {
	char	addr[48];	/* "" when free */
	int64_t	tokens_ms;	/* tokens, in refill milliseconds */
	int64_t	at_ms;		/* when tokens_ms was last brought up */
	int64_t	full_ms;	/* its burst, in refill milliseconds */
};

static struct bucket table[THROTTLE_ADDRESSES];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void
refill(struct bucket *b, int64_t now)
{
	if (now > b->at_ms) {
		b->tokens_ms += now - b->at_ms;
		if (b->tokens_ms > b->full_ms)
			b->tokens_ms = b->full_ms;
	}
	b->at_ms = now;
}

/* Which slot to give a new address: a free one, else a full bucket, else
 * (rank 2) the one idle longest. */
static int
rank(const struct bucket *b)
{
	return b->addr[0] == '\0' ? 0 : b->tokens_ms == b->full_ms ? 1 : 2;
}

/* addr's bucket, made (full, of burst tokens) when absent and burst is
 * positive; NULL when it is absent and burst is 0. Called with the lock
 * held. */
static struct bucket *
find(const char *addr, int64_t now, int burst)
{
	uint32_t h = 2166136261u;
	struct bucket *b, *reuse = NULL;
	const char *p;
	int i;

	for (p = addr; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (i = 0; i < PROBE; i++) {
		b = &table[(h + (uint32_t)i) % THROTTLE_ADDRESSES];
		if (strcmp(b->addr, addr) == 0) {
			refill(b, now);
			return b;
		}
		if (b->addr[0])
			refill(b, now);
		if (reuse == NULL || rank(b) < rank(reuse) || (rank(b) ==
		    rank(reuse) && b->at_ms < reuse->at_ms))
			reuse = b;
	}
	if (burst <= 0)
		return NULL;
	str_copy(reuse->addr, addr, sizeof(reuse->addr));
	reuse->full_ms = (int64_t)burst * THROTTLE_REFILL_MS;
	reuse->tokens_ms = reuse->full_ms;
	reuse->at_ms = now;
	return reuse;
}

bool
provision_throttle_take(const char *key, int burst, int64_t now_ms)
{
	struct bucket *b;
	bool ok;

	pthread_mutex_lock(&lock);
	b = find(key, now_ms, burst);
	ok = b->tokens_ms >= THROTTLE_REFILL_MS;
	if (ok)
		b->tokens_ms -= THROTTLE_REFILL_MS;
	pthread_mutex_unlock(&lock);
	return ok;
}

int
provision_throttle_wait(const char *addr, int64_t now_ms)
{
	struct bucket *b;
	int64_t left = 0;

	pthread_mutex_lock(&lock);
	b = find(addr, now_ms, 0);
	if (b && b->tokens_ms < THROTTLE_REFILL_MS)
		left = THROTTLE_REFILL_MS - b->tokens_ms;
	pthread_mutex_unlock(&lock);
	return (int)((left + 999) / 1000);
}

void
provision_throttle_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(table, 0, sizeof(table));
	pthread_mutex_unlock(&lock);
}
