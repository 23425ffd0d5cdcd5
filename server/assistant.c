/* Switchboard — the Managed IP Phone Assistant. */
#include "assistant.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../db/import_store.h"
#include "../db/phone_store.h"
#include "catalog.h"
#include "csv_list.h"
#include "netaddr.h"
#include "phone_input.h"
#include "util.h"

struct assistant_parse {
	struct req	*r;
	struct csv_list	*list;
	int64_t		 import_id;
	int		 in_tx;
	int		 rows;
	int		 accepted;
	int		 nwarnings, nrejected;
	json_t		*warnings;	/* first ASSISTANT_REPORT_LIST_MAX */
	json_t		*rejected;
	char		 severe[256];
};

static void
problem(json_t *problems, const char *severity, const char *column,
    const char *msg)
{
	json_array_append_new(problems, json_pack("{s:s,s:s,s:s}", "severity",
	    severity, "column", column, "message", msg));
}

/* The model a row will have, for checking its address: from the TMM
 * columns or from the named template. */
static int
row_model(struct assistant_parse *ap, const char *v[COL_COUNT],
    struct catalog_model *m)
{
	char key[CATALOG_KEY_MAX];
	int64_t tid;
	json_t *t;
	int rc = -1;

	if (csv_list_kind(ap->list) == CSV_LIST_TMM)
		return catalog_match_key(v[COL_MODEL], key) == 0 &&
		    catalog_store_find_model(ap->r->db, v[COL_MANUFACTURER], key,
		    m) == DB_OK ? 0 : -1;
	if ((tid = template_store_by_name(ap->r->db, v[COL_TEMPLATE])) == 0)
		return -1;
	t = template_store_get(ap->r->db, tid);
	if (catalog_match_key(json_string_value(json_object_get(t, "model")),
	    key) == 0 && catalog_store_find_model(ap->r->db,
	    json_string_value(json_object_get(t, "manufacturer")), key, m) ==
	    DB_OK)
		rc = 0;
	json_decref(t);
	return rc;
}

/* Values that "cannot be verified" are warnings: not imported. */
static const char *
checked_address(struct assistant_parse *ap, const char *v[COL_COUNT],
    char *out, json_t *problems)
{
	struct catalog_model m;
	char msg[256];

	if (*v[COL_ADDRESS] == '\0' || row_model(ap, v, &m) != 0)
		return v[COL_ADDRESS];
	if (strcmp(m.address_kind, "mac") != 0) {
		if (netaddr_domain_ok(v[COL_ADDRESS]))
			return v[COL_ADDRESS];
		problem(problems, "warning", "Address", "Not a full computer "
		    "name; the address is not imported (the phone is Not "
		    "provisioned).");
		return "";
	}
	if (mac_normalize(v[COL_ADDRESS], out) != 0) {
		snprintf(msg, sizeof(msg), "'%.40s' is not a MAC address (12 "
		    "hexadecimal digits); it is not imported.", v[COL_ADDRESS]);
		problem(problems, "warning", "Address", msg);
		return "";
	}
	if (!mac_prefix_matches(out, m.mac_prefixes)) {
		snprintf(msg, sizeof(msg), "%s does not start with a %s prefix "
		    "(%s); it is not imported.", out, m.manufacturer,
		    m.mac_prefixes);
		problem(problems, "warning", "Address", msg);
		return "";
	}
	return out;
}

static const char *
normal_type(const char *t)
{
	if (strcasecmp(t, "workstation") == 0)
		return "workstation";
	if (strcasecmp(t, "stand-alone phone") == 0 ||
	    strcasecmp(t, "stand-alone") == 0 ||
	    strcasecmp(t, "standalone phone") == 0 ||
	    strcasecmp(t, "standalone") == 0)
		return "stand-alone";
	return NULL;
}

/* The phone a row describes, as the API takes it. */
static json_t *
row_phone(struct assistant_parse *ap, const char *v[COL_COUNT],
    json_t *problems)
{
	char mac[MAC_TEXT];
	json_t *p = json_object(), *st = json_object();
	const char *addr, *type;

	json_object_set_new(p, "name", json_string(v[COL_NAME]));
	if (csv_list_kind(ap->list) == CSV_LIST_TEMPLATE) {
		json_object_set_new(p, "template", json_string(v[COL_TEMPLATE]));
	} else {
		type = normal_type(v[COL_TYPE]);
		json_object_set_new(p, "type", json_string(type ? type :
		    v[COL_TYPE]));
		json_object_set_new(p, "manufacturer",
		    json_string(v[COL_MANUFACTURER]));
		json_object_set_new(p, "model", json_string(v[COL_MODEL]));
		/* "If this value is blank, Managed IP Phone Assistant fills in
		 * the default Registration Group." */
		if (*v[COL_PROXY_GROUP] == '\0')
			json_object_set_new(p, "registration_group",
			    json_string("<Default Registration Group>"));
	}
	/* Template lists: a blank Proxy Group takes the template's. */
	if (*v[COL_PROXY_GROUP])
		json_object_set_new(p, "registration_group",
		    json_string(v[COL_PROXY_GROUP]));
	addr = checked_address(ap, v, mac, problems);
	if (*addr)
		json_object_set_new(p, "address", json_string(addr));
	if (*v[COL_EXTENSION])
		json_object_set_new(st, "extension",
		    json_string(v[COL_EXTENSION]));
	if (*v[COL_IDENT]) {
		if (phone_input_sip_uri_ok(v[COL_IDENT]))
			json_object_set_new(st, "identification_address",
			    json_string(v[COL_IDENT]));
		else
			problem(problems, "warning", "Identification Address",
			    "Not sip:user@host:port; it is not imported and "
			    "populates when the phone registers.");
	}
	if (*v[COL_LABEL])
		json_object_set_new(st, "label", json_string(v[COL_LABEL]));
	json_object_set_new(p, "stations", json_pack("[o]", st));
	return p;
}

/* The list's column for an API field, so the report speaks the admin's
 * language. */
static const char *
column_title(const char *field)
{
	static const char *const map[][2] = {
		{ "name", "Name" }, { "template", "Template" },
		{ "type", "Type" }, { "manufacturer", "Manufacturer" },
		{ "model", "Model" }, { "registration_group", "Proxy Group" },
		{ "extension", "Extension" },
		{ "identification_address", "Identification Address" },
		{ "label", "Label" }, { "address", "Address" },
	};
	size_t i;

	for (i = 0; field && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(field, map[i][0]) == 0)
			return map[i][1];
	return field;
}

/* Duplicates within the file: name, address, extension. */
static const char *
duplicate(struct assistant_parse *ap, int row, json_t *phone, char *msg,
    size_t len)
{
	static const char *const kinds[] = { "name", "address", "extension" };
	const char *keys[3], *column[] = { "Name", "Address", "Extension" };
	char lower[128];
	int i, other;
	size_t k;

	keys[0] = json_string_value(json_object_get(phone, "name"));
	keys[1] = json_string_value(json_object_get(phone, "address"));
	keys[2] = json_string_value(json_object_get(json_array_get(
	    json_object_get(phone, "stations"), 0), "extension"));
	for (i = 0; i < 3; i++) {
		if (keys[i] == NULL || *keys[i] == '\0')
			continue;
		snprintf(lower, sizeof(lower), "%s", keys[i]);
		for (k = 0; lower[k]; k++)	/* names are unique in any case */
			lower[k] = (char)tolower((unsigned char)lower[k]);
		if (import_store_claim(ap->r->db, kinds[i], lower, row,
		    &other) == DB_CONFLICT) {
			snprintf(msg, len, "The same %s as row %d.",
			    kinds[i], other);
			return column[i];
		}
	}
	return NULL;
}

static int
on_row(void *arg, int row, const char *v[COL_COUNT])
{
	struct assistant_parse *ap = arg;
	json_t *problems = json_array(), *phone, *w, *det;
	struct req scratch;
	struct phone_in p;
	const char *col, *why = NULL, *field = NULL;
	char msg[300];
	int status, accepted;
	size_t i;

	ap->rows++;
	phone = row_phone(ap, v, problems);
	if (*v[COL_NAME] == '\0') {
		why = "A row needs a Name.";
		field = "Name";
	} else if ((col = duplicate(ap, row, phone, msg, sizeof(msg)))) {
		why = msg;
		field = col;
	} else {
		/* The same rules as a phone created alone. */
		memset(&scratch, 0, sizeof(scratch));
		scratch.db = ap->r->db;
		scratch.cfg = ap->r->cfg;
		scratch.body = phone;
		w = json_array();
		/* Only checked here: passwords are made at Commit Changes. */
		status = phone_input_parse(&scratch, 0, &p, w, NULL, 0);
		phone_in_release(&p);
		json_decref(w);
		if (status != 0) {
			det = json_array_get(json_object_get(json_object_get(
			    scratch.out, "error"), "details"), 0);
			snprintf(msg, sizeof(msg), "%s", json_string_value(
			    json_object_get(json_object_get(scratch.out,
			    "error"), "message")));
			why = msg;
			field = det ? json_string_value(json_object_get(det,
			    "field")) : "";
			field = field && strncmp(field, "stations[0].", 12) == 0 ?
			    field + 12 : field;
			field = column_title(field);
			problem(problems, "rejected", field ? field : "", why);
			json_decref(scratch.out);
			why = NULL;
			field = NULL;
			status = -1;
		}
		accepted = status == 0;
		goto stage;
	}
	problem(problems, "rejected", field, why);
	accepted = 0;
stage:
	json_array_foreach(problems, i, w) {
		const char *sev = json_string_value(json_object_get(w,
		    "severity"));
		json_t *entry = json_pack("{s:i,s:s,s:O,s:O}", "row", row,
		    "name", v[COL_NAME], "column", json_object_get(w, "column"),
		    "message", json_object_get(w, "message"));

		if (strcmp(sev, "warning") == 0) {
			if (ap->nwarnings++ < ASSISTANT_REPORT_LIST_MAX)
				json_array_append(ap->warnings, entry);
		} else if (ap->nrejected++ < ASSISTANT_REPORT_LIST_MAX) {
			json_array_append(ap->rejected, entry);
		}
		json_decref(entry);
	}
	ap->accepted += accepted;
	status = import_store_add_row(ap->r->db, ap->import_id, row, accepted,
	    phone, problems);
	json_decref(phone);
	json_decref(problems);
	return status == DB_OK ? 0 : -1;
}

struct assistant_parse *
assistant_parse_new(struct req *r, const char *filename)
{
	struct assistant_parse *ap;

	if (db_begin(r->db) != 0)
		return NULL;
	ap = xcalloc(1, sizeof(*ap));
	ap->r = r;
	ap->in_tx = 1;
	ap->warnings = json_array();
	ap->rejected = json_array();
	ap->list = csv_list_new(on_row, ap);
	import_store_claims_reset(r->db);
	/* The kind is known after the header; "tmm" until then. */
	if (import_store_create(r->db, "tmm", filename, r->auth.user.id,
	    &ap->import_id) != DB_OK) {
		assistant_parse_free(ap);
		return NULL;
	}
	return ap;
}

int
assistant_parse_feed(struct assistant_parse *ap, const char *buf, size_t len)
{
	return csv_list_feed(ap->list, buf, len);
}

int64_t
assistant_parse_finish(struct assistant_parse *ap, const char **severe)
{
	json_t *report, *header;
	const char *kind;

	if (csv_list_finish(ap->list) != 0) {
		*severe = csv_list_severe(ap->list);
		return -1;
	}
	kind = csv_list_kind(ap->list) == CSV_LIST_TEMPLATE ? "template" :
	    "tmm";
	/* Header warnings (extra columns) come first. */
	header = json_deep_copy(csv_list_header_warnings(ap->list));
	report = json_pack("{s:s,s:i,s:i,s:I,s:i,s:o,s:O}", "kind", kind,
	    "rows", ap->rows, "accepted", ap->accepted, "warnings_total",
	    (json_int_t)(ap->nwarnings + json_array_size(header)),
	    "rejected_total", ap->nrejected, "warnings", header, "rejected",
	    ap->rejected);
	json_array_extend(header, ap->warnings);
	if (import_store_finish(ap->r->db, ap->import_id, kind, ap->rows,
	    report) != DB_OK || db_commit(ap->r->db) != 0) {
		json_decref(report);
		*severe = "The import could not be saved.";
		return -1;
	}
	json_decref(report);
	ap->in_tx = 0;
	return ap->import_id;
}

void
assistant_parse_free(struct assistant_parse *ap)
{
	if (ap == NULL)
		return;
	if (ap->in_tx)
		db_rollback(ap->r->db);
	csv_list_free(ap->list);
	json_decref(ap->warnings);
	json_decref(ap->rejected);
	free(ap);
}
