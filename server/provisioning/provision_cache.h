/* Switchboard — generated provisioning files, kept in memory until the
 * configuration changes. Every write through the admin API, every job
 * that finishes, and every provisioning password made bumps one version
 * number; an entry made under an older version is made again. A file
 * with SIP passwords is served from here only to a request that proves it
 * is the phone (the entry keeps what checks the credentials, never the
 * password itself); anything else takes the full path. Bounded in bytes;
 * full, it starts over. */
#ifndef SB_PROVISION_CACHE_H
#define SB_PROVISION_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROVISION_CACHE_BYTES (16L * 1024 * 1024)	/* entries, compressed */

struct provision_cached {
	char		*body;		/* owned copy, uncompressed */
	size_t		 len;
	char		 etag[40];
	const char	*type;
	int64_t		 phone_id;	/* 0 for a file shared by phones */
	bool		 secret;	/* served to its phone only */
	bool		 config;	/* the phone's own configuration */
	char		 user[256];	/* secret: the phone's credentials */
	char		 ha1[33];	/* MD5(user:realm:password) */
	unsigned char	 basic[32];	/* BLAKE2b of "user:password" */
	char		 firmware[64];	/* what it should run, "" any */
};

/* The configuration changed: every entry is stale. Thread-safe. */
void	provision_cache_bump(void);
uint64_t provision_cache_version(void);

/* A copy of the entry for key made under version, or false. allow, if
 * not NULL, sees the entry's metadata first (body still NULL) and may
 * refuse it: then nothing is inflated and the answer is false. */
bool	provision_cache_get(const char *key, uint64_t version,
	    struct provision_cached *out,
	    bool (*allow)(const struct provision_cached *, void *), void *arg);
/* Keep a copy of e for key, made under version. */
void	provision_cache_put(const char *key, uint64_t version,
	    const struct provision_cached *e);
void	provision_cache_release(struct provision_cached *e);

/* Bytes held (compressed) and entries, for tests and the log. */
void	provision_cache_stats(size_t *bytes, size_t *entries);

#endif
