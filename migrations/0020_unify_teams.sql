-- Unify Phone on OpenScape Business, part 2 (seed 003, 3.4 and 3.6.3-3.6.4):
-- Teams (MULAP) of one IP or TDM desk phone and one Unify Phone user, the
-- "Team (MULAP) User" kind of user (its DID left empty: the Team gives its
-- number), and each user's call destination list.
ALTER TABLE unify_users ADD COLUMN team_user INTEGER NOT NULL DEFAULT 0
    CHECK (team_user IN (0, 1));
ALTER TABLE unify_users ADD COLUMN call_destinations TEXT NOT NULL
    DEFAULT '{}' CHECK (json_valid(call_destinations));

CREATE TABLE unify_teams (
	id		INTEGER PRIMARY KEY,
	callno		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	desk_station_id	INTEGER NOT NULL UNIQUE REFERENCES unify_stations (id),
	user_id		INTEGER NOT NULL UNIQUE REFERENCES unify_users (id),
	updated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
