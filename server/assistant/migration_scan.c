/* Switchboard — reading a Polycom configuration directory into migration
 * items. The files go into a TEMP table of the request's connection first
 * (an archive is a stream: a master file may come before the files it
 * lists), then every master file is read with the files it lists. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/migration_store.h"
#include "../phones/catalog.h"
#include "migration.h"
#include "../lib/polycom_xml.h"
#include "../lib/seal.h"
#include "../lib/util.h"

#define SCAN_LIST_MAX 100	/* files named in the report */
#define PARAMS_MAX 4000		/* parameters kept per item */
#define MIGRATION_SECRET_CONTEXT "migration.sip_password"

static int
put_file(void *arg, const char *path, const char *data, size_t len)
{
	return migration_store_files_put(arg, path, data, len) == DB_OK ? 0 :
	    -1;
}

/* "0004F2AABBCC.cfg" in any folder, but not 000000000000.cfg. */
static bool
master_name(const char *path, char mac[MAC_TEXT])
{
	const char *base = strrchr(path, '/');
	char hex[13];
	int i;

	base = base ? base + 1 : path;
	if (strlen(base) != 16 || strcasecmp(base + 12, ".cfg") != 0)
		return false;
	for (i = 0; i < 12; i++)
		if (!isxdigit((unsigned char)base[i]))
			return false;
	memcpy(hex, base, 12);
	hex[12] = '\0';
	return strcmp(hex, "000000000000") != 0 && mac_normalize(hex, mac) ==
	    0;
}

struct master {
	char	root[32];
	char	*config_files;
	char	*app_file_path;
};

static int
on_master_attr(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	struct master *m = arg;

	if (depth != 0)
		return 0;
	snprintf(m->root, sizeof(m->root), "%s", el);
	if (strcmp(name, "CONFIG_FILES") == 0 && m->config_files == NULL)
		m->config_files = xstrdup(value);
	else if (strcmp(name, "APP_FILE_PATH") == 0 && m->app_file_path ==
	    NULL)
		m->app_file_path = xstrdup(value);
	return 0;
}

/* The parameters migration needs, first file wins. */
static int
on_param(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	json_t *params = arg;

	(void)depth;
	(void)el;
	if (strncmp(name, "reg.", 4) != 0 && strncmp(name, "voIpProt.server.",
	    16) != 0)
		return 0;
	if (strlen(name) > 64 || strlen(value) > 255 ||
	    json_object_size(params) >= PARAMS_MAX ||
	    json_object_get(params, name))
		return 0;
	json_object_set_new(params, name, json_string(value));
	return 0;
}

static const char *
param(json_t *params, const char *fmt, int n)
{
	char key[80];

	snprintf(key, sizeof(key), fmt, n);
	return json_string_value(json_object_get(params, key));
}

/* reg.N.* into {"line","address","label","display_name","auth_user_id",
 * "password_sealed","server","port","transport","line_keys"}. */
static json_t *
registrations(json_t *params, char first_display[65])
{
	json_t *out = json_array();
	int n;

	first_display[0] = '\0';
	for (n = 1; n <= MIGRATION_REGS_MAX; n++) {
		const char *addr = param(params, "reg.%d.address", n);
		const char *server, *port, *tr, *pw, *v;
		json_t *reg;

		if (addr == NULL || addr[0] == '\0')
			continue;
		server = param(params, "reg.%d.server.1.address", n);
		port = param(params, "reg.%d.server.1.port", n);
		tr = param(params, "reg.%d.server.1.transport", n);
		if (server == NULL || server[0] == '\0') {
			server = param(params, "voIpProt.server.%d.address", 1);
			port = param(params, "voIpProt.server.%d.port", 1);
			tr = param(params, "voIpProt.server.%d.transport", 1);
		}
		reg = json_pack("{s:i,s:s}", "line", n, "address", addr);
		if ((v = param(params, "reg.%d.label", n)) && v[0])
			json_object_set_new(reg, "label", json_string(v));
		if ((v = param(params, "reg.%d.displayName", n)) && v[0]) {
			json_object_set_new(reg, "display_name",
			    json_string(v));
			if (first_display[0] == '\0')
				snprintf(first_display, 65, "%s", v);
		}
		if ((v = param(params, "reg.%d.auth.userId", n)) && v[0])
			json_object_set_new(reg, "auth_user_id",
			    json_string(v));
		if ((pw = param(params, "reg.%d.auth.password", n)) && pw[0]) {
			char *sealed = seal_box(MIGRATION_SECRET_CONTEXT, pw,
			    strlen(pw));

			if (sealed)
				json_object_set_new(reg, "password_sealed",
				    json_string(sealed));
			free(sealed);
		}
		if (server && server[0])
			json_object_set_new(reg, "server", json_string(server));
		if (port && port[0])
			json_object_set_new(reg, "port", json_string(port));
		if (tr && tr[0])
			json_object_set_new(reg, "transport", json_string(tr));
		if ((v = param(params, "reg.%d.lineKeys", n)) && v[0])
			json_object_set_new(reg, "line_keys", json_string(v));
		json_array_append_new(out, reg);
	}
	return out;
}

/* The folder part of path ("" at the root), with its '/'. */
static void
folder_of(const char *path, char *out, size_t outlen)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path + 1) : 0;

	if (n >= outlen)
		n = 0;
	memcpy(out, path, n);
	out[n] = '\0';
}

/* One CONFIG_FILES entry: trimmed, [PHONE_MAC_ADDRESS] expanded as the
 * phone does (lower case), relative to the master file's folder. */
static int
listed_path(const char *entry, size_t n, const char *folder,
    const char *mac12, char out[TFTP_ROOT_PATH_MAX])
{
	char raw[512], joined[TFTP_ROOT_PATH_MAX + 512], *at;

	while (n && isspace((unsigned char)*entry))
		entry++, n--;
	while (n && isspace((unsigned char)entry[n - 1]))
		n--;
	if (n == 0 || n > 255)
		return -1;
	memcpy(raw, entry, n);
	raw[n] = '\0';
	if ((at = strstr(raw, "[PHONE_MAC_ADDRESS]")) != NULL) {
		char rest[256];

		snprintf(rest, sizeof(rest), "%s", at + 19);
		snprintf(at, sizeof(raw) - (size_t)(at - raw), "%s%s", mac12,
		    rest);
	}
	if (strstr(raw, "://"))
		return -1;	/* a URL: not in this directory */
	snprintf(joined, sizeof(joined), "%s%s", folder, raw);
	return tftp_root_clean_path(joined, out);
}

static void
note(json_t *list, json_t *entry)
{
	if (json_array_size(list) < SCAN_LIST_MAX)
		json_array_append(list, entry);
	json_decref(entry);
}

/* Read one master file and what it lists; add the item. 0, or 1 when the
 * file is not an item (the reason noted in the report). */
static int
read_item(struct db *db, int64_t id, const char *path, const char *mac,
    json_t *report)
{
	struct master m = { "", NULL, NULL };
	json_t *found = NULL, *files, *missing, *unreadable, *params;
	char err[300], folder[TFTP_ROOT_PATH_MAX], mac12[13], first[65];
	const char *p, *comma;
	size_t len;
	char *data = migration_store_files_get(db, path, &len);
	int rc = 1;

	if (data == NULL)
		return 1;
	if (polycom_xml_read(data, len, on_master_attr, &m, err, sizeof(err))
	    != 0) {
		note(json_object_get(report, "not_items"), json_pack("{s:s,s:s}",
		    "file", path, "reason", err));
		goto out;
	}
	if (strcmp(m.root, "APPLICATION") != 0 || m.config_files == NULL) {
		note(json_object_get(report, "not_items"), json_pack("{s:s,s:s}",
		    "file", path, "reason", "The root element is not "
		    "APPLICATION with a CONFIG_FILES attribute."));
		goto out;
	}
	mac_digits(mac, mac12);
	folder_of(path, folder, sizeof(folder));
	files = json_array();
	missing = json_array();
	unreadable = json_array();
	params = json_object();
	for (p = m.config_files; *p; p = *comma ? comma + 1 : comma) {
		char listed[TFTP_ROOT_PATH_MAX];
		char *content;
		size_t clen;

		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		if (listed_path(p, (size_t)(comma - p), folder, mac12, listed)
		    != 0)
			continue;
		json_array_append_new(files, json_string(listed));
		if ((content = migration_store_files_get(db, listed, &clen)) ==
		    NULL) {
			json_array_append_new(missing, json_string(listed));
			continue;
		}
		if (polycom_xml_read(content, clen, on_param, params, err,
		    sizeof(err)) != 0)
			json_array_append_new(unreadable, json_pack("{s:s,s:s}",
			    "file", listed, "reason", err));
		free(content);
	}
	found = json_pack("{s:o,s:o,s:o,s:s?,s:o}", "config_files", files,
	    "missing", missing, "unreadable", unreadable, "app_file_path",
	    m.app_file_path, "registrations", registrations(params, first));
	json_decref(params);
	switch (migration_store_add_item(db, id, mac, path, first, found)) {
	case DB_OK:
		rc = 0;
		break;
	case DB_CONFLICT:
		note(json_object_get(report, "not_items"), json_pack("{s:s,s:s}",
		    "file", path, "reason", "Another configuration file for "
		    "this MAC was found nearer the root; this one is "
		    "ignored."));
		break;
	default:
		rc = -1;
	}
out:
	json_decref(found);
	free(m.config_files);
	free(m.app_file_path);
	free(data);
	return rc;
}

/* After the files are in: find the items, record the report. */
static int
read_items(struct db *db, int64_t id, const struct tftp_root_report *rep,
    char *err, size_t errlen)
{
	json_t *paths = migration_store_files_paths(db), *v;
	json_t *report = json_pack("{s:i,s:i,s:i,s:i,s:i,s:[]}", "entries",
	    rep->entries, "files", rep->files, "skipped_large",
	    rep->skipped_large, "skipped_other", rep->skipped_other, "items",
	    0, "not_items");
	char mac[MAC_TEXT];
	int items = 0, rc = 0;
	size_t i;

	json_array_foreach(paths, i, v) {
		int r;

		if (!master_name(json_string_value(v), mac))
			continue;
		if ((r = read_item(db, id, json_string_value(v), mac, report))
		    < 0) {
			rc = -1;
			break;
		}
		items += r == 0;
	}
	json_object_set_new(report, "items", json_integer(items));
	if (rc == 0 && items == 0) {
		snprintf(err, errlen, "No phone configuration file was found: "
		    "the assistant looks for files named XXXXXXXXXXXX.cfg (the "
		    "phone's MAC) whose root APPLICATION element has "
		    "CONFIG_FILES.");
		rc = -1;
	} else if (rc == 0 && migration_store_set_report(db, id, report) !=
	    DB_OK) {
		rc = -1;
	}
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "The migration could not be stored.");
	json_decref(report);
	json_decref(paths);
	return rc;
}

/* The files are read from the network (or the directory) into a TEMP
 * table first, which takes no lock on the database; the write transaction
 * is taken only then, to find the items and store the report, all of it
 * or nothing. */
static int64_t
scan(struct db *db, int64_t user_id, const char *source, tftp_root_read_fn rd, void *rarg,
    const char *dir, char *err, size_t errlen)
{
	struct tftp_root_report rep;
	int64_t id = -1;
	int rc;

	err[0] = '\0';
	if (migration_store_files_begin(db) != DB_OK ||
	    db_begin_read(db) != 0) {
		snprintf(err, errlen, "The migration could not be stored.");
		migration_store_files_end(db);
		return -1;
	}
	rc = rd ? tftp_root_from_archive(rd, rarg, put_file, db, &rep, err,
	    errlen) : tftp_root_from_dir(dir, put_file, db, &rep, err,
	    errlen);
	if (rc != 0 || db_commit(db) != 0) {
		db_rollback(db);
		migration_store_files_end(db);
		if (err[0] == '\0')
			snprintf(err, errlen, "The migration could not be "
			    "stored.");
		return -1;
	}
	if (db_begin(db) != 0) {
		snprintf(err, errlen, "The database is busy; try again.");
		migration_store_files_end(db);
		return -1;
	}
	if (migration_store_create(db, source, user_id, &id) !=
	    DB_OK)
		rc = -1;
	if (rc == 0)
		rc = read_items(db, id, &rep, err, errlen);
	if (rc != 0 || db_commit(db) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "The migration could not be "
			    "stored.");
		db_rollback(db);
		id = -1;
	}
	migration_store_files_end(db);
	return id;
}

int64_t
migration_scan_archive(struct db *db, int64_t user_id, const char *filename,
    tftp_root_read_fn rd, void *rarg, char *err, size_t errlen)
{
	char source[300];

	snprintf(source, sizeof(source), "upload %s", filename[0] ? filename :
	    "(archive)");
	return scan(db, user_id, source, rd, rarg, NULL, err, errlen);
}

int64_t
migration_scan_dir(struct db *db, int64_t user_id, const char *dir, char *err,
    size_t errlen)
{
	char source[600];

	snprintf(source, sizeof(source), "directory %s", dir);
	return scan(db, user_id, source, NULL, NULL, dir, err, errlen);
}
