-- Unify Phone on OpenScape Business, part 2 (seed 003, 3.3): the system's
-- stations (subscribers), the tenant's Unify Phone users as imported from
-- the admin portal, and the Unify Phone user instances. Each instance owns
-- a virtual station of type Trusted External User, so one table holds every
-- internal call number of the system and keeps them unique.
CREATE TABLE unify_stations (
	id		INTEGER PRIMARY KEY,
	callno		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	type		TEXT NOT NULL CHECK (type IN ('IP', 'TDM', 'cordless',
			    'Trusted External User')),
	did		TEXT NOT NULL DEFAULT '',
	directory_entry	INTEGER NOT NULL DEFAULT 1 CHECK (directory_entry IN (0, 1)),
	clip_lin	TEXT NOT NULL DEFAULT '',
	-- The user instance whose virtual station this is (NULL for the
	-- system's own subscribers): only the user wizard changes it.
	user_owned	INTEGER NOT NULL DEFAULT 0 CHECK (user_owned IN (0, 1)),
	updated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX unify_stations_did ON unify_stations (did) WHERE did <> '';

CREATE TABLE unify_tenant_users (
	id		INTEGER PRIMARY KEY,
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	first_name	TEXT NOT NULL DEFAULT '',
	last_name	TEXT NOT NULL DEFAULT '',
	imported_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE unify_users (
	id		INTEGER PRIMARY KEY,
	station_id	INTEGER NOT NULL UNIQUE REFERENCES unify_stations (id),
	-- The tenant user added ([Add]); NULL when made with [Create].
	tenant_user_id	INTEGER UNIQUE REFERENCES unify_tenant_users (id)
			    ON DELETE SET NULL,
	first_name	TEXT NOT NULL,
	last_name	TEXT NOT NULL,
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	-- The Unify Phone user call number as last composed, the numbering
	-- basis it was composed on (schema and location), and what [Validate
	-- Numbers] found wrong with it ('' when nothing).
	call_number	TEXT NOT NULL,
	number_basis	TEXT NOT NULL,
	number_problem	TEXT NOT NULL DEFAULT '',
	updated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
