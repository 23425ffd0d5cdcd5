/* Switchboard — the Managed IP Phone Assistant. */
#include "assistant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/import_store.h"
#include "../../db/phone_store.h"
#include "../../db/template_store.h"
#include "../phones/catalog.h"
#include "../lib/csv_list.h"
#include "../lib/netaddr.h"
#include "../phones/phone_input.h"
#include "../lib/util.h"

#define SHAPE_CACHE	16
#define SHAPE_KEY_MAX	512

/* What rows with the same template / type / manufacturer / model / proxy
 * group share: the model their address is checked against, and whether a
 * row of them has passed every rule, after which the next ones only need
 * their own values checked. */
struct shape {
	char			 key[SHAPE_KEY_MAX];
	bool			 used;
	bool			 model_known;
	struct catalog_model	 m;
	bool			 rules_ok;
};

struct assistant_parse {
	struct db	*db;
	int64_t		 user_id;	/* who reads the list */
	struct csv_list	*list;
	int64_t		 import_id;	/* made once the list is read */
	char		 filename[256];
	int		 in_tx;		/* staging (reads), then the write */
	int		 rows;
	struct shape	 shapes[SHAPE_CACHE];
	unsigned	 next_shape;	/* the slot a new shape takes */
	char		 severe[256];
};

/* A warning of a row. group, when the message names the row's value,
 * words the same warning for every row, so the report can count them:
 * "Does not start with a Polycom prefix …: 312 rows". */
static void
warn(json_t **warnings, const char *column, const char *msg,
    const char *group)
{
	json_t *w = json_pack("{s:s,s:s}", "column", column, "message", msg);

	if (group != NULL)
		json_object_set_new(w, "group", json_string(group));
	if (*warnings == NULL)
		*warnings = json_array();
	json_array_append_new(*warnings, w);
}

/* The model a row will have, for checking its address: from the TMM
 * columns or from the named template. */
static int
row_model(struct db *db, const struct import_row *ir, struct catalog_model *m)
{
	char key[CATALOG_KEY_MAX];
	int64_t tid;
	json_t *t;
	int rc = -1;

	if (*ir->template == '\0')
		return catalog_match_key(ir->model, key) == 0 &&
		    catalog_store_find_model(db, ir->manufacturer, key, m) ==
		    DB_OK ? 0 : -1;
	if ((tid = template_store_by_name(db, ir->template)) == 0)
		return -1;
	t = template_store_get(db, tid);
	if (catalog_match_key(json_string_value(json_object_get(t, "model")),
	    key) == 0 && catalog_store_find_model(db,
	    json_string_value(json_object_get(t, "manufacturer")), key, m) ==
	    DB_OK)
		rc = 0;
	json_decref(t);
	return rc;
}

/* The row's shape, from the cache or looked up and cached; NULL when its
 * values are too long to key (the row is then checked on its own). */
static struct shape *
row_shape(struct assistant_parse *ap, const struct import_row *ir)
{
	char key[SHAPE_KEY_MAX];
	struct shape *sh;
	int n;
	size_t i;

	n = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s\x1f%s",
	    ir->template, ir->type, ir->manufacturer, ir->model,
	    ir->registration_group);
	if (n < 0 || (size_t)n >= sizeof(key))
		return NULL;
	for (i = 0; i < SHAPE_CACHE; i++)
		if (ap->shapes[i].used && strcmp(ap->shapes[i].key, key) == 0)
			return &ap->shapes[i];
	sh = &ap->shapes[ap->next_shape++ % SHAPE_CACHE];
	memcpy(sh->key, key, (size_t)n + 1);
	sh->used = true;
	sh->rules_ok = false;
	sh->model_known = row_model(ap->db, ir, &sh->m) == 0;
	return sh;
}

/* Values that "cannot be verified" are warnings: not imported. */
static const char *
checked_address(const char *addr, const struct catalog_model *m, char *out,
    json_t **warnings)
{
	char msg[256], group[200];

	if (*addr == '\0' || m == NULL)
		return addr;
	if (strcmp(m->address_kind, "mac") != 0) {
		if (netaddr_domain_ok(addr))
			return addr;
		warn(warnings, "Address", "Not a full computer name; the address "
		    "is not imported (the phone is Not provisioned).", NULL);
		return "";
	}
	if (mac_normalize(addr, out) != 0) {
		snprintf(msg, sizeof(msg), "'%.40s' is not a MAC address (12 "
		    "hexadecimal digits); it is not imported.", addr);
		warn(warnings, "Address", msg, "Not a MAC address (12 "
		    "hexadecimal digits); it is not imported.");
		return "";
	}
	if (!mac_prefix_matches(out, m->mac_prefixes)) {
		snprintf(msg, sizeof(msg), "%s does not start with a %s prefix "
		    "(%s); it is not imported.", out, m->manufacturer,
		    m->mac_prefixes);
		snprintf(group, sizeof(group), "The MAC address does not start "
		    "with a %s prefix (%.120s); it is not imported.",
		    m->manufacturer, m->mac_prefixes);
		warn(warnings, "Address", msg, group);
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

/* A blank value is left out: the rules then apply its default. */
static void
set_given(json_t *o, const char *key, const char *value)
{
	if (*value)
		json_object_set_new(o, key, json_string(value));
}

json_t *
assistant_row_phone(const struct import_row *ir, bool tmm)
{
	json_t *p = json_pack("{s:s}", "name", ir->name), *st = json_object();

	if (!tmm) {
		json_object_set_new(p, "template", json_string(ir->template));
	} else {
		json_object_set_new(p, "type", json_string(ir->type));
		json_object_set_new(p, "manufacturer",
		    json_string(ir->manufacturer));
		json_object_set_new(p, "model", json_string(ir->model));
	}
	set_given(p, "registration_group", ir->registration_group);
	set_given(p, "address", ir->address);
	set_given(st, "extension", ir->extension);
	set_given(st, "identification_address", ir->identification_address);
	set_given(st, "label", ir->label);
	json_object_set_new(p, "stations", json_pack("[o]", st));
	return p;
}

static const char *
text(json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));

	return v ? v : "";
}

void
assistant_row_from_json(json_t *row, struct import_row *ir)
{
	memset(ir, 0, sizeof(*ir));
	ir->row_no = (int)json_integer_value(json_object_get(row, "row"));
	ir->accepted = json_is_true(json_object_get(row, "accepted"));
	ir->name = text(row, "name");
	ir->template = text(row, "template");
	ir->type = text(row, "type");
	ir->manufacturer = text(row, "manufacturer");
	ir->model = text(row, "model");
	ir->registration_group = text(row, "registration_group");
	ir->address = text(row, "address");
	ir->extension = text(row, "extension");
	ir->label = text(row, "label");
	ir->identification_address = text(row, "identification_address");
	ir->sip_username = text(row, "sip_username");
}

int
assistant_check(struct db *db, json_t *body, unsigned flags,
    struct phone_in *p, struct refusals *rs)
{
	json_t *w = json_array();
	int rc = phone_input_parse(db, body, 0, p, w, NULL, flags, rs);

	json_decref(w);
	if (rc != 0)
		phone_in_release(p);
	return rc;
}

/* Check a row by every rule of a phone created alone; 0, or -1 with the
 * first refusal's column and message. */
static int
rules_refuse(struct assistant_parse *ap, const struct import_row *ir,
    char *column, size_t clen, char *msg, size_t mlen)
{
	json_t *body = assistant_row_phone(ir, csv_list_kind(ap->list) ==
	    CSV_LIST_TMM);
	struct refusals rs;
	struct phone_in p;
	int rc;

	/* Only checked here: passwords are made at Commit Changes. */
	refusals_init(&rs);
	rc = assistant_check(ap->db, body, 0, &p, &rs);
	json_decref(body);
	if (rc == 0) {
		phone_in_release(&p);
	} else {
		snprintf(column, clen, "%s", csv_list_column_of_field(
		    rs.v[0].field));
		snprintf(msg, mlen, "%s", refusals_message(&rs));
	}
	refusals_release(&rs);
	return rc;
}

/* The first column of the row that was not UTF-8 text, or -1. */
static int
first_not_text(unsigned not_text)
{
	int c;

	for (c = 0; c < COL_COUNT; c++)
		if (not_text & (1u << c))
			return c;
	return -1;
}

static int
on_row(void *arg, int row, const char *v[COL_COUNT], unsigned not_text)
{
	struct assistant_parse *ap = arg;
	struct import_row ir;
	struct shape *sh;
	struct catalog_model m;
	json_t *warnings = NULL;
	char mac[MAC_TEXT], user[65], column[64], msg[300];
	const char *type;
	char *wtext = NULL;
	int rc, bad = first_not_text(not_text);

	ap->rows++;
	memset(&ir, 0, sizeof(ir));
	ir.row_no = row;
	ir.name = v[COL_NAME];
	ir.template = ir.type = ir.manufacturer = ir.model = "";
	ir.registration_group = v[COL_PROXY_GROUP];
	if (csv_list_kind(ap->list) == CSV_LIST_TEMPLATE) {
		/* A blank Proxy Group takes the template's. */
		ir.template = v[COL_TEMPLATE];
	} else {
		type = normal_type(v[COL_TYPE]);
		ir.type = type ? type : v[COL_TYPE];
		ir.manufacturer = v[COL_MANUFACTURER];
		ir.model = v[COL_MODEL];
		/* "If this value is blank, Managed IP Phone Assistant fills in
		 * the default Registration Group." */
		if (*ir.registration_group == '\0')
			ir.registration_group = "<Default Registration Group>";
	}
	sh = row_shape(ap, &ir);
	ir.address = checked_address(v[COL_ADDRESS], sh ? (sh->model_known ?
	    &sh->m : NULL) : (row_model(ap->db, &ir, &m) == 0 ? &m : NULL),
	    mac, &warnings);
	ir.extension = v[COL_EXTENSION];
	ir.label = v[COL_LABEL];
	ir.identification_address = "";
	if (*v[COL_IDENT]) {
		if (phone_input_sip_uri_ok(v[COL_IDENT]))
			ir.identification_address = v[COL_IDENT];
		else
			warn(&warnings, "Identification Address", "Not "
			    "sip:user@host:port; it is not imported and "
			    "populates when the phone registers.", NULL);
	}
	ir.accepted = true;
	if (bad >= 0) {
		ir.accepted = false;
		ir.reject_column = csv_list_column_names[bad];
		snprintf(msg, sizeof(msg), "The %s holds bytes that are not "
		    "UTF-8 text (shown as \xef\xbf\xbd); save the list from the "
		    "spreadsheet as CSV UTF-8.", csv_list_column_names[bad]);
		ir.reject_message = msg;
	} else if (*ir.name == '\0') {
		ir.accepted = false;
		ir.reject_column = "Name";
		ir.reject_message = "A row needs a Name.";
	} else if (!(sh && sh->rules_ok && phone_input_row_form_ok(ir.name,
	    ir.address, ir.extension, ir.label, ir.identification_address))) {
		/* Checked in full. Whether the estate has its name, address
		 * or extension is asked for all rows at once at the end. */
		if (rules_refuse(ap, &ir, column, sizeof(column), msg,
		    sizeof(msg)) != 0) {
			ir.accepted = false;
			ir.reject_column = column;
			ir.reject_message = msg;
		} else if (sh) {
			sh->rules_ok = true;
		}
	}
	phone_input_sip_username(ir.name, ir.extension,
	    ir.identification_address, 1, user);
	ir.sip_username = user;
	if (warnings)
		ir.warnings = wtext = json_dumps(warnings, JSON_COMPACT);
	rc = import_store_stage_row(ap->db, &ir);
	free(wtext);
	json_decref(warnings);
	return rc == DB_OK ? 0 : -1;
}

struct assistant_parse *
assistant_parse_new(struct db *db, int64_t user_id, const char *filename)
{
	struct assistant_parse *ap;

	/* Rows are staged apart while the list streams in: one read
	 * transaction (the rules read templates and groups as of its start),
	 * writes to TEMP only, so no writer waits for the network. */
	if (import_store_stage_begin(db) != DB_OK || db_begin_read(db) != 0)
		return NULL;
	ap = xcalloc(1, sizeof(*ap));
	ap->db = db;
	ap->user_id = user_id;
	ap->in_tx = 1;
	str_copy(ap->filename, filename, sizeof(ap->filename));
	ap->list = csv_list_new(on_row, ap);
	return ap;
}

int
assistant_parse_feed(struct assistant_parse *ap, const char *buf, size_t len)
{
	return csv_list_feed(ap->list, buf, len);
}

/* Rows the rules accepted whose name, address or extension the estate
 * has: checked again in full, for the rule's own words. */
static int
reject_estate_conflicts(struct assistant_parse *ap)
{
	char column[64], msg[300];
	struct import_row ir;
	json_t *rows, *no, *row;
	int after = 0;
	size_t i;

	for (;;) {
		rows = import_store_estate_conflicts(ap->db, ap->import_id,
		    after, 500);
		if (json_array_size(rows) == 0) {
			json_decref(rows);
			return 0;
		}
		json_array_foreach(rows, i, no) {
			after = (int)json_integer_value(no);
			row = import_store_row(ap->db, ap->import_id, after);
			if (row == NULL)
				continue;
			assistant_row_from_json(row, &ir);
			if (rules_refuse(ap, &ir, column, sizeof(column), msg,
			    sizeof(msg)) != 0 && import_store_reject(ap->db,
			    ap->import_id, after, column, msg) != DB_OK) {
				json_decref(row);
				json_decref(rows);
				return -1;
			}
			json_decref(row);
		}
		json_decref(rows);
	}
}

int64_t
assistant_parse_finish(struct assistant_parse *ap, const char **severe)
{
	json_t *report, *header, *sum;
	const char *kind;

	if (csv_list_finish(ap->list) != 0) {
		*severe = csv_list_severe(ap->list);
		return -1;
	}
	kind = csv_list_kind(ap->list) == CSV_LIST_TEMPLATE ? "template" :
	    "tmm";
	/* Read whole: now the write lock, for the report only. */
	ap->in_tx = 0;
	if (db_commit(ap->db) != 0 || db_begin(ap->db) != 0) {
		*severe = "The database is busy; try again.";
		return -1;
	}
	ap->in_tx = 1;
	if (import_store_create(ap->db, kind, ap->filename,
	    ap->user_id, &ap->import_id) != DB_OK ||
	    import_store_stage_move(ap->db, ap->import_id) != DB_OK) {
		*severe = "The import could not be saved.";
		return -1;
	}
	if (import_store_reject_duplicates(ap->db, ap->import_id) != DB_OK ||
	    reject_estate_conflicts(ap) != 0) {
		*severe = "The import could not be saved.";
		return -1;
	}
	sum = import_store_summary(ap->db, ap->import_id,
	    ASSISTANT_REPORT_LIST_MAX);
	/* Header warnings (extra columns) come first. */
	header = json_deep_copy(csv_list_header_warnings(ap->list));
	report = json_pack("{s:s,s:i,s:O,s:I,s:O,s:o,s:O}", "kind", kind,
	    "rows", ap->rows, "accepted", json_object_get(sum, "accepted"),
	    "warnings_total", (json_int_t)(json_integer_value(json_object_get(
	    sum, "warnings_total")) + (json_int_t)json_array_size(header)),
	    "rejected_total", json_object_get(sum, "rejected_total"),
	    "warnings", header, "rejected", json_object_get(sum, "rejected"));
	json_array_extend(header, json_object_get(sum, "warnings"));
	json_decref(sum);
	if (import_store_finish(ap->db, ap->import_id, kind, ap->rows,
	    report) != DB_OK || db_commit(ap->db) != 0) {
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
		db_rollback(ap->db);
	import_store_stage_end(ap->db);
	csv_list_free(ap->list);
	free(ap);
}

json_t *
assistant_rows(struct db *db, int64_t id, bool tmm, enum import_rows_filter f,
    const char *q, int64_t limit, int64_t offset)
{
	json_t *rows = import_store_rows(db, id, f, q, limit, offset), *row;
	json_t *out;
	json_t *items = json_array(), *w, *problems, *phone;
	struct import_row ir;
	size_t i, k;

	json_array_foreach(rows, i, row) {
		assistant_row_from_json(row, &ir);
		problems = json_array();
		json_array_foreach(json_object_get(row, "warnings"), k, w)
			json_array_append_new(problems, json_pack("{s:s,s:O,s:O}",
			    "severity", "warning", "column", json_object_get(w,
			    "column"), "message", json_object_get(w, "message")));
		if (!ir.accepted)
			json_array_append_new(problems, json_pack("{s:s,s:O,s:O}",
			    "severity", "rejected", "column", json_object_get(row,
			    "reject_column"), "message", json_object_get(row,
			    "reject_message")));
		phone = assistant_row_phone(&ir, tmm);
		/* As it will be created: with its template's settings. */
		if (!tmm)
			phone_input_with_template(db, phone);
		out = json_pack("{s:i,s:b,s:o,s:o}", "row", ir.row_no,
		    "accepted", ir.accepted, "phone", phone, "problems",
		    problems);
		json_array_append_new(items, out);
	}
	json_decref(rows);
	return items;
}
