/* Switchboard — the provisioning file cache. Bodies are kept compressed
 * (zlib; the XML of 10,000 phones is a few MB that way), so the whole
 * working set of a large estate fits within the appliance's memory. */
#include "provision_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "../lib/util.h"

#define SLOTS 65536	/* open hashing: chains per slot */

/* A preset dictionary of what generated files have in common: each small
 * file then compresses to little more than what is its own (names,
 * numbers, passwords, the guid). */
static const char dict[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<!-- Switchboard: master file of 0004f2000000. -->\n"
    "<APPLICATION APP_FILE_PATH=\"sip.ld\" CONFIG_FILES=\"server/cert/ca.cfg, "
    "phone/00000000000000000000000000000000.cfg, proxy/_Default_Registration_"
    "Group_.cfg, server/xic.cfg, phone1.cfg, sip.cfg\" MISC_FILES=\"\" "
    "LOG_FILE_DIRECTORY=\"logs/\" OVERRIDES_DIRECTORY=\"overrides/\" "
    "CONTACTS_DIRECTORY=\"contacts/\" LICENSE_DIRECTORY=\"\" "
    "USER_PROFILES_DIRECTORY=\"\" CALL_LISTS_DIRECTORY=\"\" "
    "COREFILE_DIRECTORY=\"\"/>\n"
    "<!-- Switchboard: managed IP phone 0004f2000000. Generated from its "
    "configuration; edit the phone, not this file. -->\n<polycomConfig\n"
    "  reg.1.type=\"private\"\n  reg.1.address=\"\"\n  reg.1.auth.userId=\"\"\n"
    "  reg.1.auth.password=\"\"\n  reg.1.label=\"\"\n  reg.1.displayName=\"\"\n"
    "  reg.1.lineKeys=\"1\"\n  reg.1.callsPerLineKey=\"2\"\n"
    "  voIpProt.SIP.specialEvent.checkSync.alwaysReboot=\"1\"\n"
    "  sec.tagSerialNo=\"1\"\n  sec.srtp.enable=\"0\"\n  sec.srtp.offer=\"0\"\n"
    "  sec.srtp.require=\"0\"\n  lcl.ml.lang=\"English_United_States\"\n"
    "  tcpIpApp.sntp.address=\"\"\n  tcpIpApp.sntp.address.overrideDHCP=\"0\"\n"
    "  tcpIpApp.sntp.gmtOffset=\"\"\n  tcpIpApp.sntp.gmtOffset.overrideDHCP=\"0\"\n"
    "  tcpIpApp.sntp.daylightSavings.enable=\"1\"\n"
    "  tcpIpApp.sntp.daylightSavings.fixedDayEnable=\"0\"\n"
    "  voIpProt.local.port=\"5060\"\n"
    "  tcpIpApp.port.rtp.mediaPortRangeStart=\"4000\"\n"
    "  voice.volume.persist.handset=\"0\"\n  voice.volume.persist.headset=\"0\"\n"
    "  voice.volume.persist.handsfree=\"0\"\n  call.callWaiting.ring=\"silent\"\n"
    "  qos.ip.rtp.dscp=\"46\"\n  qos.ip.callControl.dscp=\"24\"\n"
    "  device.set=\"1\"\n  device.prov.user=\"0004f2000000\"\n"
    "  device.prov.user.set=\"1\"\n  device.prov.password=\"\"\n"
    "  device.prov.password.set=\"1\"\n/>\n";

static int
pack_body(const char *in, size_t len, unsigned char **out, size_t *outlen)
{
	z_stream z;
	uLong cap;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit(&z, 6) != Z_OK)
		return -1;
	deflateSetDictionary(&z, (const Bytef *)dict, sizeof(dict) - 1);
	cap = deflateBound(&z, (uLong)len);
	*out = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(*out);
		return -1;
	}
	*out = xrealloc(*out, *outlen ? *outlen : 1);
	return 0;
}

static int
unpack_body(const unsigned char *in, size_t inlen, char *out, size_t len)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)inlen;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)len;
	rc = inflate(&z, Z_FINISH);
	if (rc == Z_NEED_DICT) {
		inflateSetDictionary(&z, (const Bytef *)dict, sizeof(dict) - 1);
		rc = inflate(&z, Z_FINISH);
	}
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.total_out == len ? 0 : -1;
}

/* Compact: tens of thousands of these for a large estate. */
struct entry {
	struct entry	*next;
	char		*key;
	uint64_t	 version;
	int64_t		 phone_id;
	const char	*type;
	char		*user;		/* secret files only */
	char		*firmware;
	char		 etag[40];
	char		 ha1[33];
	bool		 secret;
	bool		 config;
	unsigned char	 basic[32];
	unsigned char	*z;		/* compressed body */
	uint32_t	 zlen, len;
};

static void
entry_free(struct entry *e)
{
	free(e->key);
	free(e->user);
	free(e->firmware);
	free(e->z);
	free(e);
}

static size_t
entry_size(const struct entry *e)
{
	return sizeof(*e) + e->zlen + strlen(e->key) + 1 + (e->user ?
	    strlen(e->user) + 1 : 0) + (e->firmware ? strlen(e->firmware) +
	    1 : 0);
}

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
			entry_free(e);
		}
	held = count = 0;
}

bool
provision_cache_get(const char *key, uint64_t v, struct provision_cached *out,
    bool (*allow)(const struct provision_cached *, void *), void *arg)
{
	struct entry *e;
	unsigned char *z = NULL;
	size_t zlen = 0;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&lock);
	for (e = slots[hash(key)]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			break;
	if (e && e->version == v) {
		out->len = e->len;
		out->type = e->type;
		out->phone_id = e->phone_id;
		out->secret = e->secret;
		out->config = e->config;
		snprintf(out->etag, sizeof(out->etag), "%s", e->etag);
		snprintf(out->user, sizeof(out->user), "%s", e->user ? e->user :
		    "");
		snprintf(out->firmware, sizeof(out->firmware), "%s",
		    e->firmware ? e->firmware : "");
		memcpy(out->ha1, e->ha1, sizeof(out->ha1));
		memcpy(out->basic, e->basic, sizeof(out->basic));
		zlen = e->zlen;
		z = xmalloc(zlen ? zlen : 1);
		memcpy(z, e->z, zlen);
	}
	pthread_mutex_unlock(&lock);
	if (z == NULL)
		return false;
	if (allow && !allow(out, arg)) {
		free(z);
		return false;
	}
	/* Inflated outside the lock: every provisioning worker hits here. */
	out->body = xmalloc(out->len + 1);
	if (unpack_body(z, zlen, out->body, out->len) != 0) {
		free(out->body);
		out->body = NULL;
	}
	free(z);
	return out->body != NULL;
}

void
provision_cache_put(const char *key, uint64_t v,
    const struct provision_cached *m)
{
	unsigned char *z;
	size_t zlen;
	struct entry *e, **p;
	uint32_t h = hash(key);

	if (pack_body(m->body, m->len, &z, &zlen) != 0)
		return;
	pthread_mutex_lock(&lock);
	/* Stale entries of an older version go as they are met. */
	for (p = &slots[h]; *p; ) {
		if (strcmp((*p)->key, key) == 0 || (*p)->version != v) {
			e = *p;
			*p = e->next;
			held -= entry_size(e);
			count--;
			entry_free(e);
		} else {
			p = &(*p)->next;
		}
	}
	e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->version = v;
	e->phone_id = m->phone_id;
	e->type = m->type;
	e->secret = m->secret;
	e->config = m->config;
	e->user = m->secret ? xstrdup(m->user) : NULL;
	e->firmware = m->firmware[0] ? xstrdup(m->firmware) : NULL;
	snprintf(e->etag, sizeof(e->etag), "%s", m->etag);
	memcpy(e->ha1, m->ha1, sizeof(e->ha1));
	memcpy(e->basic, m->basic, sizeof(e->basic));
	e->z = z;
	e->zlen = (uint32_t)zlen;
	e->len = (uint32_t)m->len;
	if (held + entry_size(e) > PROVISION_CACHE_BYTES)
		drop_all();	/* full: start over */
	e->next = slots[h];
	slots[h] = e;
	held += entry_size(e);
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
