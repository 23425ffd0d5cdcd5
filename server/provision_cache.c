/* Switchboard — the provisioning file cache. Bodies are kept compressed
 * (zlib; the XML of 10,000 phones is a few MB that way), so the whole
 * working set of a large estate fits within the appliance's memory. */
#include "provision_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util.h"

#define SLOTS 65536	/* open hashing: chains per slot */

struct entry {
	struct entry		*next;
	char			*key;
	uint64_t		 version;
	struct provision_cached	 meta;	/* body NULL here */
	unsigned char		*z;	/* compressed body */
	size_t			 zlen;
};

static struct entry *slots[SLOTS];
static size_t held, count;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t version = 1;

void
provision_cache_bump(void)
{
	atomic_fetch_add(&version, 1);
}

uint64_t
provision_cache_version(void)
{
	return atomic_load(&version);
}

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % SLOTS;
}

static void
drop_all(void)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		while (slots[i]) {
			struct entry *e = slots[i];

			slots[i] = e->next;
			free(e->key);
			free(e->z);
			free(e);
		}
	held = count = 0;
}

bool
provision_cache_get(const char *key, uint64_t v, struct provision_cached *out)
{
	struct entry *e;
	bool ok = false;

	pthread_mutex_lock(&lock);
	for (e = slots[hash(key)]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			break;
	if (e && e->version == v) {
		uLongf n = (uLongf)e->meta.len;

		*out = e->meta;
		out->body = xmalloc(e->meta.len + 1);
		ok = uncompress((Bytef *)out->body, &n, e->z, e->zlen) ==
		    Z_OK && n == e->meta.len;
		if (!ok) {
			free(out->body);
			out->body = NULL;
		}
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

void
provision_cache_put(const char *key, uint64_t v,
    const struct provision_cached *m)
{
	uLongf zlen = compressBound((uLong)m->len);
	unsigned char *z = xmalloc(zlen);
	struct entry *e, **p;
	uint32_t h = hash(key);

	if (compress2(z, &zlen, (const Bytef *)m->body, (uLong)m->len, 1) !=
	    Z_OK) {
		free(z);
		return;
	}
	z = xrealloc(z, zlen ? zlen : 1);
	pthread_mutex_lock(&lock);
	/* Stale entries of an older version go as they are met. */
	for (p = &slots[h]; *p; ) {
		if (strcmp((*p)->key, key) == 0 || (*p)->version != v) {
			e = *p;
			*p = e->next;
			held -= e->zlen + strlen(e->key);
			count--;
			free(e->key);
			free(e->z);
			free(e);
		} else {
			p = &(*p)->next;
		}
	}
	if (held + zlen + strlen(key) > PROVISION_CACHE_BYTES)
		drop_all();	/* full: start over */
	e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->version = v;
	e->meta = *m;
	e->meta.body = NULL;
	e->z = z;
	e->zlen = zlen;
	e->next = slots[h];
	slots[h] = e;
	held += zlen + strlen(key);
	count++;
	pthread_mutex_unlock(&lock);
}

void
provision_cache_release(struct provision_cached *e)
{
	free(e->body);
	e->body = NULL;
}

void
provision_cache_stats(size_t *bytes, size_t *entries)
{
	pthread_mutex_lock(&lock);
	*bytes = held;
	*entries = count;
	pthread_mutex_unlock(&lock);
}
