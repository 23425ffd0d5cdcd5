/* Switchboard — OpenScape Business stations and the lists they and the
 * tenant's users come in. */
#include "unify_station_rules.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "../lib/netaddr.h"
#include "unify_numbers.h"

#define NAME_MAX_LEN 40
#define CLIP_MAX 20

enum { ST_CALLNO, ST_NAME, ST_TYPE, ST_DID, ST_DIRECTORY, ST_CLIP, ST_N };
static const char *const station_columns[ST_N] = {
	"Callno", "Name", "Type", "DID", "Entry in telephone directory",
	"CLIP/LIN",
};
static const char *const station_fields[ST_N] = {
	"callno", "name", "type", "did", "directory_entry", "clip_lin",
};

static const char *
station_check(const int *seen, int *kind)
{
	(void)kind;
	return !seen[ST_CALLNO] ? "Callno" : !seen[ST_NAME] ? "Name" :
	    !seen[ST_TYPE] ? "Type" : NULL;
}

const struct csv_schema unify_station_list = {
	"station list", station_columns, ST_N, station_check,
};

enum { TU_FIRST, TU_LAST, TU_EMAIL, TU_N };
static const char *const tenant_columns[TU_N] = {
	"firstName", "lastName", "email",
};

static const char *
tenant_check(const int *seen, int *kind)
{
	(void)kind;
	return !seen[TU_EMAIL] ? "email" : NULL;
}

const struct csv_schema unify_tenant_list = {
	"Unify Phone user list", tenant_columns, TU_N, tenant_check,
};

static const char *const types[] = {
	"IP", "TDM", "cordless", "Trusted External User",
};

static bool
digits_only(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n <= max && strspn(s, "0123456789") == n;
}

json_t *
unify_station_rules_parse(json_t *body, json_t *stored, struct refusals *rs)
{
	const char *v[ST_N] = { NULL };
	json_t *dir = json_object_get(body, "directory_entry"), *out;
	size_t i;
	int t = -1;

	refusal_string(body, "callno", 16, false, false, &v[ST_CALLNO], rs);
	refusal_string(body, "name", NAME_MAX_LEN, false, false, &v[ST_NAME],
	    rs);
	refusal_string(body, "type", 32, false, false, &v[ST_TYPE], rs);
	refusal_string(body, "did", 16, false, false, &v[ST_DID], rs);
	refusal_string(body, "clip_lin", CLIP_MAX, false, false, &v[ST_CLIP],
	    rs);
	if (dir && !json_is_boolean(dir))
		refuse(rs, "invalid_field", "directory_entry", "Entry in "
		    "telephone directory is yes or no.");
	if (rs->n)
		return NULL;
	for (i = 0; i < ST_N; i++)
		if (v[i] == NULL && i != ST_DIRECTORY)
			v[i] = json_string_value(json_object_get(stored,
			    station_fields[i]));
	for (i = 0; i < ST_N; i++)
		if (v[i] == NULL)
			v[i] = "";
	if (v[ST_CALLNO][0] == '\0')
		refuse(rs, "required", "callno", "Enter the internal call "
		    "number (callno).");
	else if (!unify_callno_ok(v[ST_CALLNO]))
		refuse(rs, "invalid_field", "callno", "The internal call number "
		    "is 1 to %d digits and does not start with 0.",
		    UNIFY_CALLNO_MAX);
	if (v[ST_NAME][0] == '\0')
		refuse(rs, "required", "name", "Enter the name.");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(v[ST_TYPE], types[i]) == 0)
			t = (int)i;
	if (t < 0)
		refuse(rs, v[ST_TYPE][0] ? "invalid_field" : "required", "type",
		    "The type is IP, TDM, cordless or Trusted External User.");
	if (v[ST_DID][0] && !unify_did_ok(v[ST_DID]))
		refuse(rs, "invalid_field", "did", "The DID is 1 to %d digits.",
		    UNIFY_DID_MAX);
	if (!digits_only(v[ST_CLIP], CLIP_MAX))
		refuse(rs, "invalid_field", "clip_lin", "CLIP/LIN is a number "
		    "of up to %d digits.", CLIP_MAX);
	if (rs->n)
		return NULL;
	out = json_pack("{s:s,s:s,s:s,s:s,s:s}", "callno", v[ST_CALLNO],
	    "name", v[ST_NAME], "type", types[t], "did", v[ST_DID],
	    "clip_lin", v[ST_CLIP]);
	json_object_set_new(out, "directory_entry", json_boolean(dir ?
	    json_is_true(dir) : stored ? json_is_true(json_object_get(stored,
	    "directory_entry")) : true));
	return out;
}

json_t *
unify_station_row(const char **values)
{
	json_t *body = json_object(), *f;
	size_t i;

	for (i = 0; i < ST_N; i++) {
		if (i == ST_DIRECTORY) {
			if ((f = csv_list_flag(values[i])) != NULL)
				json_object_set_new(body, station_fields[i], f);
		} else if (values[i][0])
			json_object_set_new(body, station_fields[i],
			    json_string(values[i]));
	}
	return body;
}

const char *
unify_station_column(const char *field)
{
	size_t i;

	for (i = 0; i < ST_N; i++)
		if (strcmp(field, station_fields[i]) == 0)
			return station_columns[i];
	return field;
}

json_t *
unify_tenant_row(const char **values, unsigned not_text, struct refusals *rs)
{
	size_t i, before = rs->n;

	for (i = 0; i < TU_N; i++)
		if (not_text & (1u << i))
			refuse(rs, "invalid_text", tenant_columns[i], "Not UTF-8 "
			    "text: save the list as CSV UTF-8.");
	if (values[TU_EMAIL][0] == '\0')
		refuse(rs, "required", "email", "Each user needs an e-mail "
		    "address.");
	else if (!netaddr_email_ok(values[TU_EMAIL]))
		refuse(rs, "invalid_field", "email", "'%.60s' is not an e-mail "
		    "address.", values[TU_EMAIL]);
	for (i = TU_FIRST; i <= TU_LAST; i++)
		if (strlen(values[i]) > 40)
			refuse(rs, "invalid_field", tenant_columns[i], "At most "
			    "40 characters.");
	if (rs->n > before)
		return NULL;
	return json_pack("{s:s,s:s,s:s}", "email", values[TU_EMAIL],
	    "first_name", values[TU_FIRST], "last_name", values[TU_LAST]);
}
