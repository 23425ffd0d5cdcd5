/* Switchboard — the backup and cloning guard of the Unify Phone
 * connector. */
#include "clone_guard.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "../../db/audit_store.h"
#include "../../db/unify_store.h"
#include "../lib/log.h"
#include "../lib/util.h"

/* The machine's id (systemd's, or D-Bus's on older systems); "" when the
 * machine has none: the data directory alone then tells appliances
 * apart. */
static void
machine_id(char *out, size_t n)
{
	static const char *const files[] = { "/etc/machine-id",
	    "/var/lib/dbus/machine-id" };
	size_t i;

	out[0] = '\0';
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "r");

		if (f == NULL)
			continue;
		if (fgets(out, (int)n, f) == NULL)
			out[0] = '\0';
		fclose(f);
		out[strcspn(out, "\r\n")] = '\0';
		if (out[0])
			return;
	}
}

/* The anchor: hex of a digest of the machine id and the data directory's
 * device and inode. A copy of the directory is a new inode; a restore
 * into another directory or onto another machine changes one of them. */
static int
anchor_of(const char *data_dir, char out[65])
{
	unsigned char h[32];
	char mid[128], text[256];
	struct stat st;

	if (stat(data_dir, &st) != 0)
		return -1;
	machine_id(mid, sizeof(mid));
	snprintf(text, sizeof(text), "%s|%llu|%llu", mid,
	    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	crypto_generichash(h, sizeof(h), (const unsigned char *)text,
	    strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
	return 0;
}

static void
audit(struct db *db, const char *action, json_t *detail)
{
	struct audit_entry e = { "system", 0, "cli", "", action,
	    "Unify Phone connector", 1, detail };

	audit_store_add(db, &e);
}

int
clone_guard_startup(struct db *db, const char *data_dir)
{
	json_t *id = unify_store_get(db, "identity"), *conn, *guard;
	const char *was;
	char anchor[65], at[32];
	int rc = 0;

	if (id == NULL || anchor_of(data_dir, anchor) != 0) {
		json_decref(id);
		return id ? 0 : -1;	/* no stat: leave things be */
	}
	was = json_string_value(json_object_get(id, "anchor"));
	if (was && strcmp(was, anchor) == 0) {
		json_decref(id);
		return 0;
	}
	if (db_begin(db) != 0) {
		json_decref(id);
		return -1;
	}
	conn = unify_store_get(db, "connectivity");
	/* The first start (or the first since the guard exists) records
	 * the anchor; a moved one raises the guard if the connector was on. */
	if (was && json_is_true(json_object_get(conn, "enabled"))) {
		format_utc(now_unix(), at, sizeof(at));
		guard = json_pack("{s:s,s:s}", "reason", UNIFY_GUARD_REASON,
		    "detected_at", at);
		if (unify_store_put(db, "guard", guard) != DB_OK)
			rc = -1;
		audit(db, "unify.connector.guard", guard);
		json_decref(guard);
		log_event(LOG_WARN, "unify.guard", "why", "the data was "
		    "restored or copied from another system: the Unify Phone "
		    "connector is disabled until an admin re-enables it", NULL);
	}
	json_object_set_new(id, "anchor", json_string(anchor));
	if (rc == 0 && unify_store_put(db, "identity", id) != DB_OK)
		rc = -1;
	if (rc == 0 && db_commit(db) != 0)
		rc = -1;
	if (rc != 0)
		db_rollback(db);
	json_decref(conn);
	json_decref(id);
	return rc;
}

json_t *
clone_guard_get(struct db *db)
{
	return unify_store_get(db, "guard");
}

int
clone_guard_release(struct db *db, bool new_identity)
{
	int rc = unify_store_remove(db, "guard");

	if (rc == DB_OK && new_identity) {
		json_t *id = unify_store_get(db, "identity");
		unsigned char b[8];
		char hex[17];

		randombytes_buf(b, sizeof(b));
		sodium_bin2hex(hex, sizeof(hex), b, sizeof(b));
		if (id == NULL)
			id = json_object();
		json_object_set_new(id, "system_id", json_string(hex));
		rc = unify_store_put(db, "identity", id);
		json_decref(id);
		/* The trunk, route and LCR entries were the original's. */
		if (rc == DB_OK)
			rc = unify_store_wizard_clear(db);
	}
	return rc;
}
