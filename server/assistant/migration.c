/* Switchboard — Build Migration Items and the migration job. */
#include "migration.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/migration_store.h"
#include "../../db/phone_store.h"
#include "../../db/sighting_store.h"
#include "../phones/catalog.h"
#include "../phones/phone_input.h"
#include "../lib/seal.h"
#include "../lib/util.h"

#define MIGRATION_SECRET_CONTEXT "migration.sip_password"
#define SUB_FIRST "$FirstPrivateStation$"
#define SUB_MAC "$MAC$"

int
migration_phone_name(const char *format, const char *first_display,
    const char *mac, int n, char *out, size_t outlen, char *err,
    size_t errlen)
{
	char mac12[13];
	size_t o = 0;
	bool substituted = false;
	const char *p = format;

	mac_digits(mac, mac12);
	while (*p) {
		const char *put = NULL;
		size_t skip = 1, len;

		if (strncmp(p, SUB_FIRST, strlen(SUB_FIRST)) == 0) {
			if (first_display == NULL || first_display[0] == '\0') {
				snprintf(err, errlen, "No reg.x.displayName in "
				    "the configuration files, so "
				    SUB_FIRST " has nothing to give.");
				return -1;
			}
			put = first_display;
			skip = strlen(SUB_FIRST);
		} else if (strncmp(p, SUB_MAC, strlen(SUB_MAC)) == 0) {
			put = mac12;
			skip = strlen(SUB_MAC);
		}
		substituted |= put != NULL;
		len = put ? strlen(put) : 1;
		if (o + len + 1 > outlen)
			goto long_name;
		memcpy(out + o, put ? put : p, len);
		o += len;
		p += skip;
	}
	out[o] = '\0';
	if (!substituted && (size_t)snprintf(out + o, outlen - o, "_%d", n) >=
	    outlen - o)
		goto long_name;
	return 0;
long_name:
	snprintf(err, errlen, "The phone name would be longer than %zu "
	    "characters.", outlen - 1);
	return -1;
}

static void
problem(json_t *list, const char *field, const char *fmt, const char *arg)
{
	char msg[400];

	snprintf(msg, sizeof(msg), fmt, arg);
	json_array_append_new(list, json_pack("{s:s?,s:s}", "field", field,
	    "message", msg));
}

static void
detail(json_t *list, const char *fmt, const char *a, const char *b)
{
	char msg[400];

	snprintf(msg, sizeof(msg), fmt, a, b);
	json_array_append_new(list, json_string(msg));
}

/* The model: what the phone said in its requests, else the default. */
static void
item_model(struct db *db, const char *mac, const struct catalog_model *def,
    struct catalog_model *m, json_t *warnings, json_t *details)
{
	json_t *seen = sighting_store_get(db, mac);
	const char *said = json_string_value(json_object_get(seen, "model"));
	const char *maker = json_string_value(json_object_get(seen,
	    "manufacturer"));
	char key[CATALOG_KEY_MAX];

	*m = *def;
	if (said == NULL || said[0] == '\0') {
		problem(warnings, "model", "The phone has not told its model "
		    "in a request to the provisioning server; the default "
		    "model %s is used.", def->name);
	} else if (maker == NULL || strcmp(maker, "Polycom") != 0 ||
	    catalog_match_key(said, key) != 0 ||
	    catalog_store_find_model(db, "Polycom", key, m) != DB_OK) {
		*m = *def;
		problem(warnings, "model", "The phone reported a model the "
		    "catalog does not know (%s); the default model is used.",
		    said);
	} else {
		detail(details, "Model %s, learned from the phone's request "
		    "(User-Agent \"%s\").", m->name, json_string_value(
		    json_object_get(seen, "user_agent")));
	}
	json_decref(seen);
}

static bool
all_digits(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A SIP password from the old files that the phone rules accept, or NULL.
 * Caller frees with seal_free(out, *n). */
static char *
old_password(json_t *reg, size_t *n)
{
	const char *sealed = json_string_value(json_object_get(reg,
	    "password_sealed"));
	char *pw = sealed ? seal_open(MIGRATION_SECRET_CONTEXT, sealed, n) :
	    NULL;

	if (pw && (*n < 12 || *n > 64)) {
		seal_free(pw, *n);
		pw = NULL;
	}
	return pw;
}

/* One station appearance per registration, within the model's limit. */
static json_t *
item_stations(json_t *regs, const struct catalog_model *m, json_t *warnings,
    json_t *details, json_t *lines)
{
	json_t *stations = json_array(), *reg;
	int max = m->max_registrations > 0 ? m->max_registrations :
	    PHONE_MAX_STATIONS;
	size_t i;

	if (max > PHONE_MAX_STATIONS)
		max = PHONE_MAX_STATIONS;
	json_array_foreach(regs, i, reg) {
		const char *addr = json_string_value(json_object_get(reg,
		    "address"));
		const char *server = json_string_value(json_object_get(reg,
		    "server"));
		const char *port = json_string_value(json_object_get(reg,
		    "port"));
		const char *tr = json_string_value(json_object_get(reg,
		    "transport"));
		const char *label = json_string_value(json_object_get(reg,
		    "label"));
		const char *lk = json_string_value(json_object_get(reg,
		    "line_keys"));
		json_t *st = json_object();
		char line[16], ident[700];
		size_t pwlen;
		char *pw;

		snprintf(line, sizeof(line), "reg.%d", (int)json_integer_value(
		    json_object_get(reg, "line")));
		if ((int)json_array_size(stations) >= max) {
			problem(warnings, "stations", "%s and the registrations "
			    "after it are left out: the model takes fewer "
			    "station appearances.", line);
			json_decref(st);
			break;
		}
		if (all_digits(addr, 15))
			json_object_set_new(st, "extension", json_string(addr));
		else
			detail(details, "%s.address \"%s\" is not a number, so "
			    "the station appearance has no extension.", line,
			    addr);
		if (label == NULL)
			label = json_string_value(json_object_get(reg,
			    "display_name"));
		if (label)
			json_object_set_new(st, "label", json_string(label));
		if (server && strlen(addr) + strlen(server) < 300) {
			bool tls = tr && strcmp(tr, "TLS") == 0;

			snprintf(ident, sizeof(ident), "sip:%s@%s:%s", addr,
			    server, port && all_digits(port, 5) && strcmp(port,
			    "0") != 0 ? port : tls ? "5061" : "5060");
			json_object_set_new(st, "identification_address",
			    json_string(ident));
		} else {
			problem(warnings, "identification_address", "%s has "
			    "no server address, so the station appearance has "
			    "no Identification Address.", line);
		}
		if (lk && all_digits(lk, 2))
			json_object_set_new(st, "line_keys",
			    json_integer(atoi(lk)));
		if ((pw = old_password(reg, &pwlen)) != NULL) {
			detail(details, "%s: the SIP password of %s is kept.",
			    line, line);
			seal_free(pw, pwlen);
			json_array_append_new(lines, json_integer(
			    json_integer_value(json_object_get(reg, "line"))));
		} else {
			if (json_object_get(reg, "password_sealed"))
				problem(warnings, "sip_password", "%s.auth."
				    "password has fewer than 12 characters; a "
				    "strong SIP password is generated instead.",
				    line);
			json_array_append_new(lines, json_integer(0));
		}
		json_array_append_new(stations, st);
	}
	return stations;
}

/* Give each station the old password it keeps (in memory only). */
static void
put_passwords(json_t *phone, json_t *build, json_t *regs)
{
	json_t *st, *reg;
	size_t i, j;

	json_array_foreach(json_object_get(phone, "stations"), i, st) {
		json_int_t line = json_integer_value(json_array_get(
		    json_object_get(build, "password_lines"), i));

		json_array_foreach(regs, j, reg) {
			size_t n;
			char *pw;

			if (line == 0 || json_integer_value(json_object_get(reg,
			    "line")) != line)
				continue;
			if ((pw = old_password(reg, &n)) != NULL) {
				json_object_set_new(st, "sip_password",
				    json_string(pw));
				seal_free(pw, n);
			}
		}
	}
}

/* The phone rules, as for a phone created alone. 0, or -1 with each
 * refusal appended to errors as {"field","message"}. to_save: make and
 * seal the passwords. */
static int
check_phone(struct db *db, json_t *phone, struct phone_in *p, json_t *errors,
    bool to_save)
{
	json_t *w = json_array(), *g = to_save ? json_array() : NULL;
	struct refusals rs;
	size_t i;
	int rc;

	refusals_init(&rs);
	rc = phone_input_parse(db, phone, 0, p, w, g, 0, &rs);
	for (i = 0; i < rs.n; i++)
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field",
		    rs.v[i].field, "message", rs.v[i].message));
	refusals_release(&rs);
	json_decref(w);
	json_decref(g);
	return rc;
}

/* Names and extensions must also differ between the selected items. */
static void
claim(json_t *seen, const char *kind, const char *value, const char *mac,
    json_t *errors)
{
	char key[300];
	json_t *owner;

	snprintf(key, sizeof(key), "%s:%s", kind, value);
	if ((owner = json_object_get(seen, key)) != NULL) {
		char msg[400];

		snprintf(msg, sizeof(msg), "The item %s has this %s too (%s).",
		    json_string_value(owner), kind, value);
		json_array_append_new(errors, json_pack("{s:s,s:s}", "field",
		    kind, "message", msg));
	} else {
		json_object_set_new(seen, key, json_string(mac));
	}
}

static json_t *
build_item(struct db *db, json_t *item, json_t *settings,
    const struct catalog_model *def, int n, json_t *seen)
{
	const char *mac = json_string_value(json_object_get(item, "mac"));
	json_t *found = json_object_get(item, "found");
	json_t *regs = json_object_get(found, "registrations");
	json_t *errors = json_array(), *warnings = json_array();
	json_t *details = json_array(), *lines = json_array(), *phone, *v;
	struct catalog_model m;
	struct phone_in p;
	char name[65], err[300];
	size_t i;

	json_array_foreach(json_object_get(found, "missing"), i, v)
		problem(warnings, NULL, "The listed file %s is not in the "
		    "directory.", json_string_value(v));
	json_array_foreach(json_object_get(found, "unreadable"), i, v) {
		snprintf(err, sizeof(err), "%.100s cannot be read: %.150s",
		    json_string_value(json_object_get(v, "file")),
		    json_string_value(json_object_get(v, "reason")));
		problem(warnings, NULL, "%s", err);
	}
	if (migration_phone_name(json_string_value(json_object_get(settings,
	    "name_format")), json_string_value(json_object_get(item,
	    "first_display_name")), mac, n, name, sizeof(name), err,
	    sizeof(err)) != 0) {
		problem(errors, "name", "%s", err);
		name[0] = '\0';
	}
	item_model(db, mac, def, &m, warnings, details);
	if (json_array_size(regs) == 0)
		problem(errors, "stations", "%s", "The configuration files "
		    "give no registration (reg.x.address), so there is no "
		    "station to migrate.");
	phone = json_pack("{s:s,s:O,s:s,s:s,s:s,s:o}", "name", name, "type",
	    json_object_get(settings, "type"), "manufacturer", "Polycom",
	    "model", m.name, "address", mac, "stations", item_stations(regs,
	    &m, warnings, details, lines));
	if ((v = json_object_get(settings, "registration_group")))
		json_object_set(phone, "registration_group", v);
	if ((v = json_object_get(settings, "location")))
		json_object_set(phone, "location", v);
	if (json_array_size(errors) == 0) {
		/* Checked with the old passwords in place, then forgotten. */
		json_t *b = json_pack("{s:O}", "password_lines", lines), *st;

		put_passwords(phone, b, regs);
		json_decref(b);
		check_phone(db, phone, &p, errors, false);
		phone_in_release(&p);
		json_array_foreach(json_object_get(phone, "stations"), i, st)
			json_object_del(st, "sip_password");
		claim(seen, "name", name, mac, errors);
		json_array_foreach(json_object_get(phone, "stations"), i, st)
			if (json_object_get(st, "extension"))
				claim(seen, "extension", json_string_value(
				    json_object_get(st, "extension")), mac,
				    errors);
	}
	detail(details, "Phone \"%s\", %s.", name, m.name);
	return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "name", name,
	    "model", m.name, "phone", phone, "password_lines", lines, "errors",
	    errors, "warnings", warnings, "details", details);
}

json_t *
migration_build(struct db *db, int64_t id, json_t *settings, json_t *macs,
    bool *busy)
{
	json_t *items = migration_store_items(db, id), *item, *out, *list;
	json_t *seen = json_object(), *sel = json_object(), *v;
	struct catalog_model def;
	char key[CATALOG_KEY_MAX];
	int n = 0, errs = 0, warns = 0;
	size_t i;

	json_array_foreach(macs, i, v)
		json_object_set_new(sel, json_string_value(v), json_true());
	catalog_match_key(json_string_value(json_object_get(settings,
	    "default_model")), key);
	if (catalog_store_find_model(db, "Polycom", key, &def) != DB_OK ||
	    db_begin(db) != 0) {
		json_decref(items);
		json_decref(seen);
		json_decref(sel);
		*busy = true;
		return NULL;
	}
	list = json_array();
	json_array_foreach(items, i, item) {
		const char *mac = json_string_value(json_object_get(item,
		    "mac"));
		json_t *b = NULL;

		if (json_object_get(sel, mac)) {
			b = build_item(db, item, settings, &def, ++n, seen);
			errs += json_array_size(json_object_get(b, "errors"))
			    > 0;
			warns += json_array_size(json_object_get(b, "errors"))
			    == 0 && json_array_size(json_object_get(b,
			    "warnings")) > 0;
			json_array_append_new(list, json_pack("{s:s,s:s,s:O}",
			    "mac", mac, "file", json_string_value(
			    json_object_get(item, "file")), "build", b));
		}
		if (migration_store_set_build(db, id, mac, b != NULL, b) !=
		    DB_OK) {
			json_decref(b);
			goto fail;
		}
		json_decref(b);
	}
	if (migration_store_set_state(db, id, "built", settings, NULL,
	    NULL) != DB_OK || db_commit(db) != 0)
		goto fail;
	json_decref(items);
	json_decref(seen);
	json_decref(sel);
	out = json_pack("{s:o,s:i,s:i,s:i}", "items", list, "with_errors",
	    errs, "with_warnings", warns, "clean", n - errs - warns);
	return out;
fail:
	db_rollback(db);
	json_decref(list);
	json_decref(items);
	json_decref(seen);
	json_decref(sel);
	*busy = false;
	return NULL;
}

static json_t *
step(const char *outcome, const char *message)
{
	return json_pack("{s:s,s:s}", "outcome", outcome, "message", message);
}

/* Create one item's phone inside a savepoint: a refusal undoes only it. */
static json_t *
run_item(struct db *db, json_t *item)
{
	json_t *build = json_object_get(item, "build");
	json_t *phone = json_deep_copy(json_object_get(build, "phone"));
	json_t *steps = json_array(), *errors = json_array(), *st;
	struct phone_in p;
	int64_t phone_id = 0;
	char msg[400];
	size_t i;
	bool ok;

	json_array_foreach(json_object_get(build, "warnings"), i, st)
		json_array_append_new(steps, step("warning", json_string_value(
		    json_object_get(st, "message"))));
	put_passwords(phone, build, json_object_get(json_object_get(item,
	    "found"), "registrations"));
	db_exec(db, "SAVEPOINT migration_item");
	ok = check_phone(db, phone, &p, errors, true) == 0 && phone_store_save(db, 0,
	    &p, &phone_id) == DB_OK;
	phone_in_release(&p);
	if (!ok) {
		db_exec(db, "ROLLBACK TO migration_item");
		snprintf(msg, sizeof(msg), "The phone was not created: %s",
		    json_array_size(errors) ? json_string_value(json_object_get(
		    json_array_get(errors, 0), "message")) : "it could not be "
		    "saved.");
		json_array_append_new(steps, step("error", msg));
	} else {
		snprintf(msg, sizeof(msg), "Created managed IP phone \"%s\" "
		    "(%s, %s).", json_string_value(json_object_get(phone,
		    "name")), json_string_value(json_object_get(phone, "model")),
		    json_string_value(json_object_get(phone, "address")));
		json_array_append_new(steps, step("done", msg));
		json_array_foreach(json_object_get(phone, "stations"), i, st) {
			snprintf(msg, sizeof(msg), "Station appearance %zu: "
			    "extension %s, %s; SIP password %s.", i + 1,
			    json_object_get(st, "extension") ?
			    json_string_value(json_object_get(st, "extension"))
			    : "none", json_object_get(st,
			    "identification_address") ? json_string_value(
			    json_object_get(st, "identification_address")) :
			    "no Identification Address", json_object_get(st,
			    "sip_password") ? "kept from the old files" :
			    "generated");
			json_array_append_new(steps, step("done", msg));
		}
	}
	db_exec(db, "RELEASE migration_item");
	json_decref(errors);
	json_decref(phone);
	return json_pack("{s:s,s:I,s:o}", "outcome", ok ? "created" : "failed",
	    "phone_id", (json_int_t)phone_id, "steps", steps);
}

int
migration_run_job(struct job_ctx *ctx, void *arg)
{
	struct migration_run *run = arg;
	struct db *db = job_open_db(ctx);
	json_t *mig = db ? migration_store_get(db, run->id) : NULL;
	json_t *items = NULL, *item, *summary = NULL;
	int64_t total = 0, done = 0, created = 0, failed = 0;
	size_t i;
	int rc = -1;

	if (mig == NULL || strcmp(json_string_value(json_object_get(mig,
	    "state")), "built") != 0) {
		job_fail(ctx, "This migration ran already, or its items are "
		    "not built.");
		goto out;
	}
	items = migration_store_items(db, run->id);
	json_array_foreach(items, i, item)
		total += json_is_true(json_object_get(item, "selected"));
	if (db_begin(db) != 0) {
		job_fail(ctx, "The database is busy; try again.");
		goto out;
	}
	job_progress(ctx, 0, total);
	json_array_foreach(items, i, item) {
		json_t *res;

		if (!json_is_true(json_object_get(item, "selected")))
			continue;
		if (json_array_size(json_object_get(json_object_get(item,
		    "build"), "errors")) > 0)
			res = json_pack("{s:s,s:[{s:s,s:s}]}", "outcome",
			    "skipped", "steps", "outcome", "error", "message",
			    "Not migrated: the item has errors (see Build "
			    "Migration Items).");
		else
			res = run_item(db, item);
		created += strcmp(json_string_value(json_object_get(res,
		    "outcome")), "created") == 0;
		failed += strcmp(json_string_value(json_object_get(res,
		    "outcome")), "created") != 0;
		if (migration_store_set_item_result(db, run->id,
		    json_string_value(json_object_get(item, "mac")), res) !=
		    DB_OK) {
			json_decref(res);
			db_rollback(db);
			job_fail(ctx, "The results could not be stored; nothing "
			    "was migrated.");
			goto out;
		}
		json_decref(res);
		job_progress(ctx, ++done, total);
	}
	summary = json_pack("{s:I,s:I}", "created", (json_int_t)created,
	    "not_created", (json_int_t)failed);
	/* The job says done in the same transaction as its phones. */
	if (migration_store_set_state(db, run->id, "done", NULL, NULL,
	    summary) != DB_OK || job_done_in(ctx, db, json_pack(
	    "{s:I,s:I,s:I,s:O?}", "migration_id", (json_int_t)run->id,
	    "created", (json_int_t)created, "not_created", (json_int_t)failed,
	    "backup", json_object_get(mig, "backup"))) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		job_fail(ctx, "The phones could not be saved; nothing was "
		    "migrated.");
		goto out;
	}
	rc = 0;
out:
	json_decref(summary);
	json_decref(items);
	json_decref(mig);
	db_close(db);
	return rc;
}

void
migration_items_public(json_t *items)
{
	json_t *item, *reg;
	size_t i, j;

	json_array_foreach(items, i, item)
		json_array_foreach(json_object_get(json_object_get(item,
		    "found"), "registrations"), j, reg)
			if (json_object_get(reg, "password_sealed")) {
				json_object_del(reg, "password_sealed");
				json_object_set_new(reg, "has_password",
				    json_true());
			}
}
