/* Switchboard — connections per client address, counted for CivetWeb's
 * master and worker threads. */
#include "http_admit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "civetweb.h"
#include "../lib/log.h"
#include "../lib/util.h"

/* Admitted connections are at most the workers plus CivetWeb's queue of
 * every listener, far below this; a full table refuses (and says so). */
#define SLOTS 8192
#define PROBE 64

struct share {
	const struct mg_context	*ctx;		/* NULL: free */
	char			 addr[48];
	int			 open;
};

static struct share table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int limit = 16;
static long refused;

static uint32_t
hash(const struct mg_context *ctx, const char *addr)
{
	uint32_t h = 2166136261u ^ (uint32_t)(uintptr_t)ctx;

	for (; *addr; addr++)
		h = (h ^ (unsigned char)*addr) * 16777619u;
	return h;
}

/* The hook: opening 1 asks for a connection (0 admits it), opening 0
 * gives one back. */
static int
admit(const struct mg_context *ctx, const char *addr, int opening)
{
	uint32_t h = hash(ctx, addr), i;
	struct share *s, *free_slot = NULL;
	int rc = 1;
	bool say = false;

	pthread_mutex_lock(&lock);
	for (i = 0; i < PROBE; i++) {
		s = &table[(h + i) % SLOTS];
		if (s->ctx == NULL) {
			if (free_slot == NULL)
				free_slot = s;
			continue;
		}
		if (s->ctx != ctx || strcmp(s->addr, addr) != 0)
			continue;
		if (!opening) {
			if (--s->open <= 0)
				s->ctx = NULL;
			rc = 0;
		} else if (s->open < limit) {
			s->open++;
			rc = 0;
		}
		goto out;
	}
	if (opening && free_slot) {
		free_slot->ctx = ctx;
		str_copy(free_slot->addr, addr, sizeof(free_slot->addr));
		free_slot->open = 1;
		rc = 0;
	}
out:
	/* Logged once in a while, not per connection: a flood would turn
	 * the log into the next thing to fill. */
	if (opening && rc != 0) {
		refused++;
		say = (refused & (refused - 1)) == 0;
	}
	pthread_mutex_unlock(&lock);
	if (say)
		log_event(LOG_WARN, "http.connections_refused", "address",
		    addr, "reason", "connections per address", NULL);
	return rc;
}

void
http_admit_init(int per_address)
{
	limit = per_address;
	mg_set_admit_hook(admit);
}

long
http_admit_refused(void)
{
	long n;

	pthread_mutex_lock(&lock);
	n = refused;
	pthread_mutex_unlock(&lock);
	return n;
}
