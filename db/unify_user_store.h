/* Switchboard — storage of the OpenScape Business stations and the Unify
 * Phone user instances (unify_stations, unify_users). A user instance and
 * its virtual station (type Trusted External User) are written together;
 * only this store writes either table. */
#ifndef SB_UNIFY_USER_STORE_H
#define SB_UNIFY_USER_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* Sort keys of the station and user lists (for req_list_query). */
extern const char *const unify_station_sort_keys[];
extern const char *const unify_user_sort_keys[];

/* Stations as {"items","total"}: each {"id","callno","name","type","did",
 * "directory_entry","clip_lin","user_owned","user_id","updated_at"}. q
 * matches callno, name and DID. NULL on a database error. */
json_t	*unify_station_store_list(struct db *db,
	    const struct db_list_query *lq);
json_t	*unify_station_store_get(struct db *db, int64_t id);

/* Create (id 0) or replace a station of the system from s {"callno",
 * "name","type","did","directory_entry","clip_lin"} (borrowed); *out the
 * id. DB_OK, DB_CONFLICT (the callno is taken), DB_NOTFOUND (no such
 * station of the system's own) or DB_ERROR. */
int	 unify_station_store_put(struct db *db, int64_t id, json_t *s,
	    int64_t *out);

/* The station whose callno is exactly callno, or 0. */
int64_t	 unify_station_store_by_callno(struct db *db, const char *callno);

/* Set the "Entry in telephone directory" flag and CLIP/LIN of any station,
 * a user's virtual one too (seed 003, 3.6.5-3.6.6). DB_OK, DB_NOTFOUND or
 * DB_ERROR. */
int	 unify_station_store_set_flags(struct db *db, int64_t id,
	    bool directory_entry, const char *clip_lin);

/* Remove a station of the system's own. DB_OK, DB_NOTFOUND or DB_ERROR. */
int	 unify_station_store_delete(struct db *db, int64_t id);

/* What holds a number (callnos and DIDs are one numbering): a station
 * (virtual ones too) other than except whose callno or DID it is, or a
 * Team whose callno it is (type "Team", id negative): {"id","callno",
 * "name","type","did"} or NULL. New reference. */
json_t	*unify_station_store_holder(struct db *db, const char *callno,
	    int64_t except);
json_t	*unify_station_store_did_holder(struct db *db, const char *number,
	    int64_t except);

/* Unify Phone users as {"items","total"}: each {"id","station_id",
 * "callno","did","name","type","first_name","last_name","email",
 * "call_number","number_basis","number_problem","tenant_user_id",
 * "team_user","call_destinations","team_id","team_callno","team_name",
 * "updated_at"}. q
 * matches name, e-mail, callno, DID and call number. */
json_t	*unify_user_store_list(struct db *db, const struct db_list_query *lq);
json_t	*unify_user_store_get(struct db *db, int64_t id);

/* Every user, in id order, as the list's items. New reference. */
json_t	*unify_user_store_all(struct db *db);

int64_t	 unify_user_store_count(struct db *db);

/* The user (other than except) with this e-mail, or 0. */
int64_t	 unify_user_store_email_holder(struct db *db, const char *email,
	    int64_t except);

/* The user the tenant user is assigned to, or 0. */
int64_t	 unify_user_store_of_tenant(struct db *db, int64_t tenant_user_id);

/* Create (id 0) or change a user from u {"callno","did","name",
 * "first_name","last_name","email","call_number","number_basis",
 * "tenant_user_id" (may be null),"team_user"} with its virtual station; *out the id.
 * DB_OK, DB_CONFLICT (callno or e-mail taken), DB_NOTFOUND or DB_ERROR.
 * Call inside a transaction. */
int	 unify_user_store_put(struct db *db, int64_t id, json_t *u,
	    int64_t *out);

/* Record a user's call number as [Validate Numbers] composed it. */
int	 unify_user_store_set_number(struct db *db, int64_t id,
	    const char *call_number, const char *basis, const char *problem);

/* Remove a user and its virtual station. DB_OK, DB_NOTFOUND, DB_CONFLICT
 * (it is in a Team) or DB_ERROR. Call inside a transaction. */
int	 unify_user_store_delete(struct db *db, int64_t id);

/* Replace a user's call destination list (borrowed JSON). DB_OK,
 * DB_NOTFOUND or DB_ERROR. */
int	 unify_user_store_set_destinations(struct db *db, int64_t id,
	    json_t *cdl);

/* Teams (MULAP: one desk phone, one Unify Phone user) as {"items",
 * "total"}: each {"id","callno","name","desk_station_id","desk_callno",
 * "desk_name","desk_type","user_id","user_name","user_callno",
 * "user_call_number","updated_at"}; q matches the callno and the names
 * of the Team, its desk phone and its user. */
extern const char *const unify_team_sort_keys[];
json_t	*unify_team_store_list(struct db *db, const struct db_list_query *lq);
json_t	*unify_team_store_get(struct db *db, int64_t id);

/* Create (id 0) or change a Team from t {"callno","name",
 * "desk_station_id","user_id"}; *out its id. DB_OK, DB_CONFLICT,
 * DB_NOTFOUND or DB_ERROR. */
int	 unify_team_store_put(struct db *db, int64_t id, json_t *t,
	    int64_t *out);
int	 unify_team_store_delete(struct db *db, int64_t id);

/* The Team (other than except) with this callno, desk phone or user, or
 * 0. */
int64_t	 unify_team_store_holder(struct db *db, const char *callno,
	    int64_t except);
int64_t	 unify_team_store_of_desk(struct db *db, int64_t station,
	    int64_t except);
int64_t	 unify_team_store_of_user(struct db *db, int64_t user,
	    int64_t except);

#endif
