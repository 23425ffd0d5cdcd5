/* Switchboard — the audit log. */
#include "audit_store.h"

#include <stdlib.h>
#include <string.h>

#include "../server/lib/util.h"

/* An entry made with an API token says "token:<id>" in via; the token's
 * name and owner are joined in as they are now (a token is revoked, never
 * deleted, so its name stays; only deleting its user takes it). */
#define AUDIT_FROM " FROM audit_log a LEFT JOIN api_tokens t ON a.via " \
	"GLOB 'token:[0-9]*' AND t.id = CAST(substr(a.via, 7) AS INTEGER) " \
	"LEFT JOIN users tu ON tu.id = t.user_id"
#define AUDIT_COLS "a.id, a.at, a.actor, a.actor_id, a.via, CASE WHEN " \
	"t.id IS NULL THEN a.via ELSE 'token ' || t.name || ' (of ' || " \
	"coalesce(tu.username, a.actor) || ')' END AS via_label, CASE WHEN " \
	"t.id IS NULL THEN NULL ELSE json_object('id', t.id, 'name', t.name, " \
	"'user', tu.username) END AS \"token:json\", a.address, a.action, " \
	"a.target, a.outcome, a.detail AS \"detail:json\""
#define AUDIT_WHERE " WHERE (?1 IS NULL OR a.actor LIKE ?1 ESCAPE '\\' OR " \
	"a.action LIKE ?1 ESCAPE '\\' OR a.target LIKE ?1 ESCAPE '\\' OR " \
	"a.address LIKE ?1 ESCAPE '\\' OR a.detail LIKE ?1 ESCAPE '\\' OR " \
	"t.name LIKE ?1 ESCAPE '\\') " \
	"AND (?2 IS NULL OR a.actor = ?2 COLLATE NOCASE) " \
	"AND (?3 IS NULL OR a.action = ?3 OR (substr(?3, -1) = '.' AND " \
	"substr(a.action, 1, length(?3)) = ?3)) " \
	"AND (?4 IS NULL OR a.outcome = ?4) AND (?5 = 0 OR a.at >= ?5) " \
	"AND (?6 = 0 OR a.at < ?6)"
#define AUDIT_PAGE(col) \
	"SELECT " AUDIT_COLS AUDIT_FROM AUDIT_WHERE " ORDER BY a." col \
	" ASC, a.id ASC LIMIT ?7 OFFSET ?8", \
	"SELECT " AUDIT_COLS AUDIT_FROM AUDIT_WHERE " ORDER BY a." col \
	" DESC, a.id DESC LIMIT ?7 OFFSET ?8"

const char *const audit_store_sort_keys[] = {
	"at", "actor", "action", "target", "outcome", "address", NULL
};

static const char *const sql_page[] = {
	AUDIT_PAGE("at"), AUDIT_PAGE("actor"), AUDIT_PAGE("action"),
	AUDIT_PAGE("target"), AUDIT_PAGE("outcome"), AUDIT_PAGE("address"),
};
static const char sql_count[] = "SELECT count(*)" AUDIT_FROM AUDIT_WHERE;
static const char sql_insert[] = "INSERT INTO audit_log (at, actor, "
    "actor_id, via, address, action, target, outcome, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char sql_login_seen[] = "SELECT 1 FROM audit_log "
    "WHERE action = 'session.login' AND outcome = 'success' "
    "AND target = ?1 COLLATE NOCASE AND address = ?2 AND at >= ?3 LIMIT 1";

int
audit_store_add(struct db *db, const struct audit_entry *e)
{
	sqlite3_stmt *st = db_stmt(db, sql_insert);
	char *detail = e->detail ? json_dumps(e->detail, JSON_COMPACT) : NULL;
	int rc;

	sqlite3_bind_int64(st, 1, now_unix());
	db_bind_text(st, 2, e->actor ? e->actor : "system");
	if (e->actor_id > 0)
		sqlite3_bind_int64(st, 3, e->actor_id);
	db_bind_text(st, 4, e->via ? e->via : "system");
	db_bind_text(st, 5, e->address ? e->address : "");
	db_bind_text(st, 6, e->action);
	db_bind_text(st, 7, e->target ? e->target : "");
	db_bind_text(st, 8, e->success ? "success" : "failure");
	db_bind_text(st, 9, detail ? detail : "{}");
	rc = db_run(db, st);
	free(detail);
	return rc;
}

static void
bind_filter(sqlite3_stmt *st, const char *like, const struct audit_filter *f)
{
	db_bind_text(st, 1, like);
	db_bind_text(st, 2, f->actor);
	db_bind_text(st, 3, f->action);
	db_bind_text(st, 4, f->outcome);
	sqlite3_bind_int64(st, 5, f->since);
	sqlite3_bind_int64(st, 6, f->until);
}

json_t *
audit_store_list(struct db *db, const struct audit_filter *f,
    const struct db_list_query *lq)
{
	sqlite3_stmt *cst = db_stmt(db, sql_count);
	sqlite3_stmt *pst = db_stmt(db, sql_page[lq->sort * 2 + lq->desc]);
	char *like = db_like_pattern(lq->q);
	json_t *out;

	bind_filter(cst, like, f);
	bind_filter(pst, like, f);
	sqlite3_bind_int64(pst, 7, lq->limit);
	sqlite3_bind_int64(pst, 8, lq->offset);
	out = db_list_result(cst, pst);
	free(like);
	return out;
}

bool
audit_store_login_seen(struct db *db, const char *username,
    const char *address, int64_t since)
{
	sqlite3_stmt *st = db_stmt(db, sql_login_seen);
	bool seen;

	db_bind_text(st, 1, username);
	db_bind_text(st, 2, address);
	sqlite3_bind_int64(st, 3, since);
	seen = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return seen;
}
