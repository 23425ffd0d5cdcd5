/* Switchboard — the rules of pushed reboots. */
#include "reboots.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../lib/tz_rules.h"
#include "../lib/util.h"

/* A zone's rules, read from its TZif file once: a campaign asks for the
 * same few zones once per phone. */
#define ZONES_CACHED 32
static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { char name[64]; int ok; struct tz_rules r; } zones[ZONES_CACHED];
static int nzones;

static int
zone_rules(const char *tz, struct tz_rules *out)
{
	int i, ok;

	pthread_mutex_lock(&zones_lock);
	for (i = 0; i < nzones; i++)
		if (strcmp(zones[i].name, tz) == 0) {
			*out = zones[i].r;
			ok = zones[i].ok;
			pthread_mutex_unlock(&zones_lock);
			return ok ? 0 : -1;
		}
	pthread_mutex_unlock(&zones_lock);
	ok = tz_rules_get(tz, out) == 0;
	pthread_mutex_lock(&zones_lock);
	if (nzones < ZONES_CACHED && strlen(tz) < sizeof(zones[0].name)) {
		snprintf(zones[nzones].name, sizeof(zones[0].name), "%s", tz);
		zones[nzones].ok = ok;
		zones[nzones].r = *out;
		nzones++;
	}
	pthread_mutex_unlock(&zones_lock);
	return ok ? 0 : -1;
}

/* Offset of zone tz at utc; the appliance's own zone for "". */
static int
offset_at(const char *tz, int64_t utc)
{
	struct tz_rules r;
	struct tm tm;
	time_t t = (time_t)utc;

	if (tz[0] && zone_rules(tz, &r) == 0)
		return tz_offset_at(&r, utc);
	localtime_r(&t, &tm);
	return (int)tm.tm_gmtoff;
}

int64_t
reboots_window_next(const char *tz, const char *start, const char *end,
    int64_t now)
{
	int s, e, m, off = offset_at(tz, now);
	int64_t local = now + off, day = local - ((local % 86400) + 86400) %
	    86400, next;

	if (!time_of_day(start, &s) || !time_of_day(end, &e) || s == e)
		return now;	/* no window: any time */
	m = (int)((local - day) / 60);
	if (s < e ? m >= s && m < e : m >= s || m < e)
		return now;
	next = day + (int64_t)s * 60 + (m >= s ? 86400 : 0);
	/* Back to UTC with the offset in force then (DST may differ). */
	return next - offset_at(tz, next - off);
}

const char *
reboots_event(const char *manufacturer)
{
	/* Polycom reboots on a plain check-sync because its file sets
	 * voIpProt.SIP.specialEvent.checkSync.alwaysReboot=1; the others
	 * take (or ignore) the reboot parameter. */
	if (strcasecmp(manufacturer, "Polycom") == 0)
		return "check-sync";
	return "check-sync;reboot=true";
}

const char *
reboots_realm(const char *manufacturer)
{
	/* Polycom firmware challenges a NOTIFY (when request validation is
	 * on) with the realm PolycomSPIP unless a file sets another; ours
	 * set none [PG-1.4 p117]. For the other makers no realm is known,
	 * so their challenges are not answered. */
	if (strcasecmp(manufacturer, "Polycom") == 0)
		return "PolycomSPIP";
	return "";
}

static bool
numeric_host(const char *h)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, h, buf) == 1 || inet_pton(AF_INET6, h,
	    buf) == 1;
}

/* "sip:user@host:port" / "sips:…" / "[v6]": 0 or -1. */
static int
parse_uri(const char *s, char *user, size_t ul, char *host, size_t hl,
    int *port)
{
	const char *p = s, *at, *h, *colon;
	size_t n;

	if (strncasecmp(p, "sip:", 4) == 0)
		p += 4;
	else if (strncasecmp(p, "sips:", 5) == 0)
		p += 5;
	else
		return -1;
	n = strcspn(p, ";?>");
	at = memchr(p, '@', n);
	if (at) {
		if ((size_t)(at - p) >= ul)
			return -1;
		snprintf(user, ul, "%.*s", (int)(at - p), p);
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	} else
		user[0] = '\0';
	h = p;
	*port = 0;
	if (*h == '[') {
		const char *rb = memchr(h, ']', n);

		if (rb == NULL || (size_t)(rb - h - 1) >= hl)
			return -1;
		snprintf(host, hl, "%.*s", (int)(rb - h - 1), h + 1);
		colon = rb + 1 < h + n && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(h, ':', n);
		if ((size_t)((colon ? colon : h + n) - h) >= hl)
			return -1;
		snprintf(host, hl, "%.*s", (int)((colon ? colon : h + n) - h),
		    h);
	}
	if (colon) {
		char *end;
		long v = strtol(colon + 1, &end, 10);

		if (v < 1 || v > 65535 || end != h + n)
			return -1;
		*port = (int)v;
	}
	return host[0] ? 0 : -1;
}

int
reboots_target(const struct reboot_contact *c, struct sip_target *t,
    char *why, size_t len)
{
	char user[64] = "", host[64] = "";
	int port = 0;
	bool tls = strcmp(c->transport, "TLS") == 0;

	str_copy(t->transport, c->transport[0] ? c->transport : "UDP",
	    sizeof(t->transport));
	str_copy(t->event, reboots_event(c->manufacturer), sizeof(t->event));
	str_copy(t->realm, reboots_realm(c->manufacturer), sizeof(t->realm));
	/* The registration's contact where the Identification Address
	 * names the phone (sip:user@host:port), else the address the phone
	 * last fetched its files from and its SIP receive port. */
	if (parse_uri(c->identification, user, sizeof(user), host,
	    sizeof(host), &port) != 0 || !numeric_host(host)) {
		if (strncasecmp(c->identification, "sip", 3) != 0)
			str_copy(user, c->identification, sizeof(user));
		str_copy(host, c->client_address, sizeof(host));
		port = c->sip_port;
	}
	if (host[0] == '\0') {
		snprintf(why, len, "No contact for this phone: it has not "
		    "fetched its configuration yet and its Identification "
		    "Address names no IP address.");
		return -1;
	}
	if (port == 0)
		port = tls ? 5061 : 5060;
	str_copy(t->user, user[0] ? user : c->sip_username, sizeof(t->user));
	str_copy(t->host, host, sizeof(t->host));
	t->port = port;
	return 0;
}

#define REACH_BATCH 512

json_t *
reboots_reach(struct db *db, const int64_t *ids, size_t n)
{
	struct reboot_item *items = xcalloc(REACH_BATCH, sizeof(*items));
	json_t *why_count = json_object(), *out, *list = json_array(), *v;
	struct sip_target t;
	size_t at, got, i, reachable = 0;
	const char *why_key;
	char why[256];

	for (at = 0; at < n; at += REACH_BATCH) {
		got = reboot_store_contacts(db, ids + at, n - at < REACH_BATCH ?
		    n - at : REACH_BATCH, items);
		for (i = 0; i < got; i++) {
			if (reboots_target(&items[i].contact, &t, why,
			    sizeof(why)) == 0) {
				reachable++;
				continue;
			}
			v = json_object_get(why_count, why);
			json_object_set_new(why_count, why, json_integer(
			    json_integer_value(v) + 1));
		}
	}
	json_object_foreach(why_count, why_key, v)
		json_array_append_new(list, json_pack("{s:s,s:O}", "reason",
		    why_key, "phones", v));
	out = json_pack("{s:I,s:I,s:o}", "total", (json_int_t)n, "reachable",
	    (json_int_t)reachable, "unreachable", list);
	json_decref(why_count);
	free(items);
	return out;
}
