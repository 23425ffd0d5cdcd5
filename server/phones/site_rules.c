/* Switchboard — the rules of locations, SIP lines and managed proxies. */
#include "site_rules.h"

#include <string.h>

#include "../lib/netaddr.h"
#include "../lib/timezone.h"
#include "../lib/util.h"

static const char *const codecs_known[] = {
	"G.711 mu-law", "G.711 A-law", "G.722", "G.729", "G.723.1", "Opus",
	NULL
};

/* The name: a permanent row keeps its own; any other needs one, not in
 * angle brackets. */
static void
name(json_t *body, const char *permanent_name, const char **out,
    struct refusals *rs)
{
	if (permanent_name) {
		if (refusal_string(body, "name", SITE_NAME_MAX, false, false,
		    out, rs) == 0 && *out && strcmp(*out, permanent_name) != 0)
			refuse(rs, "permanent", "name", "This default is "
			    "permanent: it cannot be renamed.");
		*out = permanent_name;
		return;
	}
	if (refusal_string(body, "name", SITE_NAME_MAX, true, false, out, rs)
	    == 0 && (*out)[0] == '<')
		refuse(rs, "invalid_field", "name", "Names in angle brackets "
		    "are reserved for the defaults.");
}

static void
port(json_t *body, int *out, struct refusals *rs)
{
	json_t *v = json_object_get(body, "port");

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 65535)
		refuse(rs, "invalid_field", "port", "Port must be a number from "
		    "1 to 65535.");
	else
		*out = (int)json_integer_value(v);
}

/* codec_preference: an ordered list of known codecs, no repeats. */
static char *
codecs(json_t *body, struct refusals *rs)
{
	json_t *a = json_object_get(body, "codec_preference"), *v;
	size_t i, j;
	int k;

	if (!json_is_array(a) || json_array_size(a) < 1 ||
	    json_array_size(a) > 6) {
		refuse(rs, "invalid_field", "codec_preference", "Choose one to "
		    "six codecs, in order of preference.");
		return NULL;
	}
	json_array_foreach(a, i, v) {
		for (k = 0; codecs_known[k]; k++)
			if (json_is_string(v) && strcmp(json_string_value(v),
			    codecs_known[k]) == 0)
				break;
		if (codecs_known[k] == NULL) {
			refuse(rs, "invalid_field", "codec_preference", "Codecs "
			    "are G.711 mu-law, G.711 A-law, G.722, G.729, "
			    "G.723.1 and Opus.");
			return NULL;
		}
		for (j = 0; j < i; j++)
			if (json_equal(v, json_array_get(a, j))) {
				refuse(rs, "invalid_field", "codec_preference",
				    "Each codec may appear once.");
				return NULL;
			}
	}
	return json_dumps(a, JSON_COMPACT);
}

/* The after-hours window for scheduled reboots: two local times "HH:MM";
 * the window may cross midnight (20:00 to 06:00). */
static void
after_hours(json_t *body, struct location_row *l, struct refusals *rs)
{
	const char *s, *e;
	int ms = -1, me = -1;

	if (refusal_string(body, "after_hours_start", 5, false, false, &s,
	    rs) == 0 && s)
		l->after_hours_start = s;
	if (refusal_string(body, "after_hours_end", 5, false, false, &e,
	    rs) == 0 && e)
		l->after_hours_end = e;
	if (!time_of_day(l->after_hours_start, &ms))
		refuse(rs, "invalid_field", "after_hours_start", "Use a time of "
		    "day such as 20:00.");
	if (!time_of_day(l->after_hours_end, &me))
		refuse(rs, "invalid_field", "after_hours_end", "Use a time of "
		    "day such as 06:00.");
	else if (ms == me)
		refuse(rs, "invalid_field", "after_hours_end", "The window must "
		    "not be empty: end it at another time than it starts.");
}

int
site_rules_location(json_t *body, const char *permanent_name,
    struct location_row *l, char **codec_text, struct refusals *rs)
{
	l->after_hours_start = "20:00";
	l->after_hours_end = "06:00";
	name(body, permanent_name, &l->name, rs);
	if (refusal_string(body, "time_zone", 60, false, false, &l->time_zone,
	    rs) != 0 || l->time_zone == NULL)
		l->time_zone = "";
	else if (!timezone_ok(l->time_zone))
		refuse(rs, "invalid_field", "time_zone", "Unknown time zone; use "
		    "a name like Europe/Berlin or America/New_York.");
	if (refusal_string(body, "sntp_server", NETADDR_HOST_MAX, false, false,
	    &l->sntp_server, rs) != 0 || l->sntp_server == NULL)
		l->sntp_server = "";
	else if (*l->sntp_server && !netaddr_host_ok(l->sntp_server))
		refuse(rs, "invalid_field", "sntp_server", "The SNTP server must "
		    "be a host name or IP address, or empty to use the IC "
		    "server.");
	after_hours(body, l, rs);
	*codec_text = codecs(body, rs);
	l->codec_preference = *codec_text;
	return rs->n ? -1 : 0;
}

int
site_rules_line(json_t *body, const char *permanent_name, struct line_row *l,
    struct refusals *rs)
{
	name(body, permanent_name, &l->name, rs);
	if (refusal_string(body, "transport", 3, true, false, &l->transport,
	    rs) == 0 && !netaddr_transport_ok(l->transport))
		refuse(rs, "invalid_field", "transport", "Transport must be UDP, "
		    "TCP or TLS.");
	port(body, &l->port, rs);
	if (refusal_string(body, "address", NETADDR_HOST_MAX, false, false,
	    &l->address, rs) != 0 || l->address == NULL)
		l->address = "";
	else if (*l->address && !netaddr_host_ok(l->address))
		refuse(rs, "invalid_field", "address", "The address must be a "
		    "host name or IP address, or empty for this server.");
	return rs->n ? -1 : 0;
}

int
site_rules_proxy(struct db *db, json_t *body, const char *permanent_name,
    struct proxy_row *p, struct refusals *rs)
{
	json_t *loc = json_object_get(body, "location_id");

	name(body, permanent_name, &p->name, rs);
	if (refusal_string(body, "address", NETADDR_HOST_MAX, true, false,
	    &p->address, rs) == 0 && !netaddr_host_ok(p->address))
		refuse(rs, "invalid_field", "address", "The address must be a "
		    "host name or IP address.");
	port(body, &p->port, rs);
	if (!json_is_integer(loc) || site_store_permanent(db, SITE_LOCATION,
	    json_integer_value(loc)) == -2)
		refuse(rs, "invalid_field", "location_id", "Choose an existing "
		    "location: \"ensure that the managed phone and its Managed "
		    "Proxy are in the same CIC location\".");
	else
		p->location_id = json_integer_value(loc);
	return rs->n ? -1 : 0;
}
