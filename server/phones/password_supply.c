/* Switchboard — new sealed passwords made ahead, on a thread of their own. */
#include "password_supply.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "phone_input.h"
#include "../lib/util.h"

/* 1,024 sealed passwords of about 100 bytes per context: enough to ride
 * out a burst of the taker's, and memory that does not grow with the
 * number asked for. */
#define RING_SIZE	1024

struct ring {
	const char	*context;
	int64_t		 left;		/* still to make, by either side */
	int		 head, count;
	char		*slot[RING_SIZE];
};

struct password_supply {
	pthread_mutex_t	 lock;
	pthread_cond_t	 space;		/* a ring is half empty, or stop */
	pthread_t	 thread;
	bool		 running;
	bool		 stop;
	int		 n;
	struct ring	 ring[PASSWORD_SUPPLY_CONTEXTS];
};

static void *
maker(void *arg)
{
	struct password_supply *s = arg;
	struct ring *r;
	char *pw;
	int i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n && !s->stop; i++) {
		r = &s->ring[i];
		while (!s->stop && r->left > 0) {
			if (r->count == RING_SIZE) {
				pthread_cond_wait(&s->space, &s->lock);
				continue;
			}
			r->left--;
			pthread_mutex_unlock(&s->lock);
			pw = phone_input_new_sealed_password(r->context);
			pthread_mutex_lock(&s->lock);
			if (pw == NULL) {
				/* Sealing is not set up: takers will say so. */
				r->left++;
				s->stop = true;
				break;
			}
			r->slot[(r->head + r->count) % RING_SIZE] = pw;
			r->count++;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

struct password_supply *
password_supply_start(const char *const *contexts, int n, int64_t each)
{
	struct password_supply *s = xcalloc(1, sizeof(*s));
	int i;

	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->space, NULL);
	s->n = n < PASSWORD_SUPPLY_CONTEXTS ? n : PASSWORD_SUPPLY_CONTEXTS;
	for (i = 0; i < s->n; i++) {
		s->ring[i].context = contexts[i];
		s->ring[i].left = each;
	}
	s->running = thread_start(&s->thread, maker, s, "sb-passwords") == 0;
	return s;
}

char *
password_supply_take(struct password_supply *s, const char *context)
{
	struct ring *r = NULL;
	char *pw = NULL;
	int i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n && r == NULL; i++)
		if (strcmp(s->ring[i].context, context) == 0)
			r = &s->ring[i];
	if (r && r->count > 0) {
		pw = r->slot[r->head];
		r->head = (r->head + 1) % RING_SIZE;
		/* Woken at half, the maker fills the ring again in one go:
		 * a wake-up for every take would cost more than the work. */
		if (--r->count == RING_SIZE / 2)
			pthread_cond_signal(&s->space);
	} else if (r && r->left > 0) {
		r->left--;	/* made here: one fewer for the maker */
	}
	pthread_mutex_unlock(&s->lock);
	return pw ? pw : phone_input_new_sealed_password(context);
}

void
password_supply_stop(struct password_supply *s)
{
	int i;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_broadcast(&s->space);
	pthread_mutex_unlock(&s->lock);
	if (s->running)
		pthread_join(s->thread, NULL);
	for (i = 0; i < s->n; i++)
		while (s->ring[i].count > 0) {
			free(s->ring[i].slot[s->ring[i].head]);
			s->ring[i].head = (s->ring[i].head + 1) % RING_SIZE;
			s->ring[i].count--;
		}
	pthread_cond_destroy(&s->space);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
