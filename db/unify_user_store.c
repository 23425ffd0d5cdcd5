/* Switchboard — OpenScape Business stations and Unify Phone users. */
#include "unify_user_store.h"

#include <stdlib.h>
#include <string.h>

#define ST_COLS "s.id, s.callno, s.name, s.type, s.did, " \
	"s.directory_entry AS \"directory_entry:bool\", s.clip_lin, " \
	"s.user_owned AS \"user_owned:bool\", u.id AS user_id, s.updated_at"
#define ST_FROM " FROM unify_stations s LEFT JOIN unify_users u ON " \
	"u.station_id = s.id WHERE (?1 IS NULL OR s.callno LIKE ?1 ESCAPE '\\' " \
	"OR s.name LIKE ?1 ESCAPE '\\' OR s.did LIKE ?1 ESCAPE '\\')"
#define US_COLS "u.id, u.station_id, s.callno, s.did, s.name, s.type, " \
	"u.first_name, u.last_name, u.email, u.call_number, u.number_basis, " \
	"u.number_problem, u.tenant_user_id, u.team_user AS \"team_user:bool\", " \
	"u.call_destinations AS \"call_destinations:json\", t.id AS team_id, " \
	"t.callno AS team_callno, t.name AS team_name, u.updated_at"
#define US_JOIN " FROM unify_users u JOIN unify_stations s ON " \
	"s.id = u.station_id LEFT JOIN unify_teams t ON t.user_id = u.id"
#define US_FROM US_JOIN " WHERE (?1 IS NULL OR s.name LIKE ?1 ESCAPE '\\' " \
	"OR u.email LIKE ?1 ESCAPE '\\' OR s.callno LIKE ?1 ESCAPE '\\' OR " \
	"s.did LIKE ?1 ESCAPE '\\' OR u.call_number LIKE ?1 ESCAPE '\\')"
#define PAGE(cols, from, col) \
	"SELECT " cols from " ORDER BY " col " ASC LIMIT ?2 OFFSET ?3", \
	"SELECT " cols from " ORDER BY " col " DESC LIMIT ?2 OFFSET ?3"
/* Call numbers sort as numbers of their length first. */
#define BY_NUMBER(c) "length(" c "), " c

const char *const unify_station_sort_keys[] = {
	"callno", "name", "type", "did", NULL
};
const char *const unify_team_sort_keys[] = { "callno", "name", NULL };
const char *const unify_user_sort_keys[] = {
	"name", "callno", "email", "call_number", NULL
};

static const char *const sql_station_page[] = {
	PAGE(ST_COLS, ST_FROM, BY_NUMBER("s.callno")),
	PAGE(ST_COLS, ST_FROM, "s.name COLLATE NOCASE"),
	PAGE(ST_COLS, ST_FROM, "s.type"),
	PAGE(ST_COLS, ST_FROM, BY_NUMBER("s.did")),
};
static const char sql_station_count[] = "SELECT count(*)" ST_FROM;
static const char sql_station_get[] = "SELECT " ST_COLS " FROM unify_stations "
    "s LEFT JOIN unify_users u ON u.station_id = s.id WHERE s.id = ?1";
static const char sql_station_insert[] = "INSERT INTO unify_stations "
    "(callno, name, type, did, directory_entry, clip_lin, user_owned) "
    "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_station_update[] = "UPDATE unify_stations SET "
    "callno = ?2, name = ?3, type = ?4, did = ?5, directory_entry = ?6, "
    "clip_lin = ?7, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "WHERE id = ?1 AND user_owned = ?8";
/* A user's virtual station: the wizard sets callno, name and DID; its
 * directory flag and CLIP/LIN stay as the admin set them (3.6.5). */
static const char sql_virtual_update[] = "UPDATE unify_stations SET "
    "callno = ?2, name = ?3, did = ?5, updated_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 AND user_owned = ?8";
static const char sql_station_flags[] = "UPDATE unify_stations SET "
    "directory_entry = ?2, clip_lin = ?3, updated_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
static const char sql_station_delete[] = "DELETE FROM unify_stations "
    "WHERE id = ?1 AND user_owned = 0";
/* A Team's callno is a number of the system too: a holder of a callno is
 * a station or a Team (type "Team", id negative so ?2 never matches it). */
/* Callnos and DIDs are one numbering: a number is held by a station
 * whose callno or DID it is, or by a Team whose callno it is. */
static const char sql_holder[] = "SELECT id, callno, name, type, did FROM "
    "unify_stations WHERE (callno = ?1 OR did = ?1) AND id <> ?2 UNION ALL "
    "SELECT -id, callno, name, 'Team', '' FROM unify_teams WHERE "
    "callno = ?1 LIMIT 1";
static const char sql_by_callno[] = "SELECT id FROM unify_stations WHERE "
    "callno = ?1";

static const char *const sql_user_page[] = {
	PAGE(US_COLS, US_FROM, "s.name COLLATE NOCASE"),
	PAGE(US_COLS, US_FROM, BY_NUMBER("s.callno")),
	PAGE(US_COLS, US_FROM, "u.email"),
	PAGE(US_COLS, US_FROM, BY_NUMBER("u.call_number")),
};
static const char sql_user_count[] = "SELECT count(*)" US_FROM;
static const char sql_user_get[] = "SELECT " US_COLS US_JOIN
    " WHERE u.id = ?1";
static const char sql_user_all[] = "SELECT " US_COLS US_JOIN
    " ORDER BY u.id";
static const char sql_user_total[] = "SELECT count(*) FROM unify_users";
static const char sql_email_holder[] = "SELECT id FROM unify_users WHERE "
    "email = ?1 AND id <> ?2";
static const char sql_of_tenant[] = "SELECT id FROM unify_users WHERE "
    "tenant_user_id = ?1";
static const char sql_user_station[] = "SELECT station_id FROM unify_users "
    "WHERE id = ?1";
static const char sql_user_insert[] = "INSERT INTO unify_users (station_id, "
    "tenant_user_id, first_name, last_name, email, call_number, "
    "number_basis, team_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_user_update[] = "UPDATE unify_users SET "
    "tenant_user_id = ?2, first_name = ?3, last_name = ?4, email = ?5, "
    "call_number = ?6, number_basis = ?7, number_problem = '', "
    "team_user = ?8, "
    "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
static const char sql_set_destinations[] = "UPDATE unify_users SET "
    "call_destinations = ?2, updated_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";

#define TEAM_COLS "t.id, t.callno, t.name, t.desk_station_id, " \
	"d.callno AS desk_callno, d.name AS desk_name, d.type AS desk_type, " \
	"t.user_id, us.name AS user_name, us.callno AS user_callno, " \
	"u.call_number AS user_call_number, t.updated_at"
#define TEAM_JOIN " FROM unify_teams t JOIN unify_stations d ON " \
	"d.id = t.desk_station_id JOIN unify_users u ON u.id = t.user_id " \
	"JOIN unify_stations us ON us.id = u.station_id"
#define TEAM_WHERE " WHERE (?1 IS NULL OR t.callno LIKE ?1 ESCAPE '\\' OR " \
	"t.name LIKE ?1 ESCAPE '\\' OR d.name LIKE ?1 ESCAPE '\\' OR " \
	"us.name LIKE ?1 ESCAPE '\\')"
static const char sql_teams_count[] = "SELECT count(*)" TEAM_JOIN TEAM_WHERE;
static const char *const sql_teams_page[] = {
	PAGE(TEAM_COLS, TEAM_JOIN TEAM_WHERE, BY_NUMBER("t.callno")),
	PAGE(TEAM_COLS, TEAM_JOIN TEAM_WHERE, "t.name COLLATE NOCASE"),
};
static const char sql_team_get[] = "SELECT " TEAM_COLS TEAM_JOIN
    " WHERE t.id = ?1";
static const char sql_team_insert[] = "INSERT INTO unify_teams (callno, "
    "name, desk_station_id, user_id) VALUES (?2, ?3, ?4, ?5)";
static const char sql_team_update[] = "UPDATE unify_teams SET callno = ?2, "
    "name = ?3, desk_station_id = ?4, user_id = ?5, updated_at = "
    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
static const char sql_team_delete[] = "DELETE FROM unify_teams WHERE id = ?1";
static const char sql_team_holder[] = "SELECT id FROM unify_teams WHERE "
    "callno = ?1 AND id <> ?2";
static const char sql_team_of_desk[] = "SELECT id FROM unify_teams WHERE "
    "desk_station_id = ?1 AND id <> ?2";
static const char sql_team_of_user[] = "SELECT id FROM unify_teams WHERE "
    "user_id = ?1 AND id <> ?2";
static const char sql_set_number[] = "UPDATE unify_users SET "
    "call_number = ?2, number_basis = ?3, number_problem = ?4, "
    "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1";
static const char sql_user_delete[] = "DELETE FROM unify_users WHERE id = ?1";
static const char sql_virtual_delete[] = "DELETE FROM unify_stations WHERE "
    "id = ?1 AND user_owned = 1";

static int64_t	id_where(struct db *, const char *, const char *, int64_t,
		    int64_t);

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

json_t *
unify_station_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_station_count,
	    sql_station_page[lq->sort * 2 + lq->desc], lq);
}

json_t *
unify_station_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_station_get, id);
}

/* Insert or update a station: the user's virtual one (user_owned) or one
 * of the system's. */
static int
station_put(struct db *db, int64_t id, json_t *s, bool user_owned,
    int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, id == 0 ? sql_station_insert :
	    user_owned ? sql_virtual_update : sql_station_update);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, str(s, "callno"));
	db_bind_text(st, 3, str(s, "name"));
	db_bind_text(st, 4, json_object_get(s, "type") ? str(s, "type") :
	    "Trusted External User");
	db_bind_text(st, 5, str(s, "did"));
	sqlite3_bind_int(st, 6, json_object_get(s, "directory_entry") ?
	    json_is_true(json_object_get(s, "directory_entry")) : 1);
	db_bind_text(st, 7, str(s, "clip_lin"));
	sqlite3_bind_int(st, 8, user_owned);
	rc = id ? db_run_changed(db, st) : db_run(db, st);
	if (rc == DB_OK)
		*out = id ? id : sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
unify_station_store_put(struct db *db, int64_t id, json_t *s, int64_t *out)
{
	return station_put(db, id, s, false, out);
}

int64_t
unify_station_store_by_callno(struct db *db, const char *callno)
{
	return id_where(db, sql_by_callno, callno, 0, 0);
}

int
unify_station_store_set_flags(struct db *db, int64_t id,
    bool directory_entry, const char *clip_lin)
{
	sqlite3_stmt *st = db_stmt(db, sql_station_flags);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, directory_entry);
	db_bind_text(st, 3, clip_lin);
	return db_run_changed(db, st);
}

int
unify_station_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_station_delete);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

static json_t *
holder(struct db *db, const char *sql, const char *number, int64_t except)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	json_t *v;

	db_bind_text(st, 1, number);
	sqlite3_bind_int64(st, 2, except);
	v = db_get_json(st);
	db_done(st);
	return v;
}

json_t *
unify_station_store_holder(struct db *db, const char *callno, int64_t except)
{
	return holder(db, sql_holder, callno, except);
}

json_t *
unify_station_store_did_holder(struct db *db, const char *number,
    int64_t except)
{
	return holder(db, sql_holder, number, except);
}

json_t *
unify_user_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_user_count,
	    sql_user_page[lq->sort * 2 + lq->desc], lq);
}

json_t *
unify_user_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_user_get, id);
}

json_t *
unify_user_store_all(struct db *db)
{
	return db_rows(db, sql_user_all);
}

int64_t
unify_user_store_count(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, sql_user_total);
	int64_t n = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

/* The id (first column) of the first row of sql for ?1 = text (key when
 * text is NULL) and ?2 = except, or 0. */
static int64_t
id_where(struct db *db, const char *sql, const char *text, int64_t key,
    int64_t except)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t id = 0;

	if (text)
		db_bind_text(st, 1, text);
	else
		sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, except);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

int64_t
unify_user_store_email_holder(struct db *db, const char *email,
    int64_t except)
{
	return id_where(db, sql_email_holder, email, 0, except);
}

int64_t
unify_user_store_of_tenant(struct db *db, int64_t tenant_user_id)
{
	return id_where(db, sql_of_tenant, NULL, tenant_user_id, 0);
}

int
unify_user_store_put(struct db *db, int64_t id, json_t *u, int64_t *out)
{
	json_t *tu = json_object_get(u, "tenant_user_id");
	int64_t station = 0;
	sqlite3_stmt *st;
	int rc;

	if (id) {
		station = id_where(db, sql_user_station, NULL, id, 0);
		if (station == 0)
			return DB_NOTFOUND;
	}
	if ((rc = station_put(db, station, u, true, &station)) != DB_OK)
		return rc;
	st = db_stmt(db, id ? sql_user_update : sql_user_insert);
	if (id)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_int64(st, 1, station);
	if (json_is_integer(tu))
		sqlite3_bind_int64(st, 2, json_integer_value(tu));
	else
		sqlite3_bind_null(st, 2);
	db_bind_text(st, 3, str(u, "first_name"));
	db_bind_text(st, 4, str(u, "last_name"));
	db_bind_text(st, 5, str(u, "email"));
	db_bind_text(st, 6, str(u, "call_number"));
	db_bind_text(st, 7, str(u, "number_basis"));
	sqlite3_bind_int(st, 8, json_is_true(json_object_get(u, "team_user")));
	if ((rc = db_run(db, st)) == DB_OK)
		*out = id ? id : sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
unify_user_store_set_number(struct db *db, int64_t id,
    const char *call_number, const char *basis, const char *problem)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_number);

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, call_number);
	db_bind_text(st, 3, basis);
	db_bind_text(st, 4, problem ? problem : "");
	return db_run(db, st);
}

int
unify_user_store_delete(struct db *db, int64_t id)
{
	int64_t station = id_where(db, sql_user_station, NULL, id, 0);
	sqlite3_stmt *st;
	int rc;

	if (station == 0)
		return DB_NOTFOUND;
	st = db_stmt(db, sql_user_delete);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_run(db, st)) != DB_OK)
		return rc;
	st = db_stmt(db, sql_virtual_delete);
	sqlite3_bind_int64(st, 1, station);
	return db_run(db, st);
}

int
unify_user_store_set_destinations(struct db *db, int64_t id, json_t *cdl)
{
	sqlite3_stmt *st = db_stmt(db, sql_set_destinations);
	char *text = json_dumps(cdl, JSON_COMPACT | JSON_SORT_KEYS);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, text);
	rc = db_run_changed(db, st);
	free(text);
	return rc;
}

json_t *
unify_team_store_list(struct db *db, const struct db_list_query *lq)
{
	return db_list_by_text(db, sql_teams_count, sql_teams_page[lq->sort *
	    2 + lq->desc], lq);
}

json_t *
unify_team_store_get(struct db *db, int64_t id)
{
	return db_get_json_by_id(db, sql_team_get, id);
}

int
unify_team_store_put(struct db *db, int64_t id, json_t *t, int64_t *out)
{
	sqlite3_stmt *st = db_stmt(db, id ? sql_team_update : sql_team_insert);
	int rc;

	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, str(t, "callno"));
	db_bind_text(st, 3, str(t, "name"));
	sqlite3_bind_int64(st, 4, json_integer_value(json_object_get(t,
	    "desk_station_id")));
	sqlite3_bind_int64(st, 5, json_integer_value(json_object_get(t,
	    "user_id")));
	rc = id ? db_run_changed(db, st) : db_run(db, st);
	if (rc == DB_OK)
		*out = id ? id : sqlite3_last_insert_rowid(db_handle(db));
	return rc;
}

int
unify_team_store_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql_team_delete);

	sqlite3_bind_int64(st, 1, id);
	return db_run_changed(db, st);
}

int64_t
unify_team_store_holder(struct db *db, const char *callno, int64_t except)
{
	return id_where(db, sql_team_holder, callno, 0, except);
}

int64_t
unify_team_store_of_desk(struct db *db, int64_t station, int64_t except)
{
	return id_where(db, sql_team_of_desk, NULL, station, except);
}

int64_t
unify_team_store_of_user(struct db *db, int64_t user, int64_t except)
{
	return id_where(db, sql_team_of_user, NULL, user, except);
}
