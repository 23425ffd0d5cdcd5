-- Managed IP Phone Assistant, "Create Managed IP Phones from Existing
-- (Polycom) SIP Stations": the configuration directory read once into
-- migration items, the choices made in the wizard, and the results.
-- Also what phones tell about themselves when they ask for files (the web
-- equivalent of the seed's "SIP Phone Information Update").

CREATE TABLE polycom_migrations (
	id		INTEGER PRIMARY KEY,
	source		TEXT NOT NULL,		-- "upload tftp.zip", "directory /srv/tftp"
	state		TEXT NOT NULL DEFAULT 'scanned'
			CHECK (state IN ('scanned', 'built', 'done')),
	report		TEXT NOT NULL DEFAULT '{}',	-- JSON: files read, skipped
	settings	TEXT NOT NULL DEFAULT '{}',	-- JSON: default model, name format
	backup		TEXT,			-- backup taken before migrating
	result		TEXT,			-- JSON: counts after the run
	created_by	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at	INTEGER NOT NULL
);

CREATE TABLE polycom_migration_items (
	migration_id	INTEGER NOT NULL
			REFERENCES polycom_migrations(id) ON DELETE CASCADE,
	mac		TEXT NOT NULL,		-- normalised, 00:04:f2:aa:bb:cc
	file		TEXT NOT NULL,		-- the master file, as found
	first_display_name TEXT NOT NULL DEFAULT '',
	found		TEXT NOT NULL,		-- JSON: config files, registrations
	selected	INTEGER NOT NULL DEFAULT 0,
	build		TEXT,			-- JSON: phone, errors, warnings, details
	result		TEXT,			-- JSON: steps of the run
	PRIMARY KEY (migration_id, mac)
) WITHOUT ROWID;

CREATE TABLE phone_sightings (
	mac		TEXT PRIMARY KEY,	-- normalised
	manufacturer	TEXT NOT NULL DEFAULT '',
	model		TEXT NOT NULL DEFAULT '',	-- as the phone names it
	firmware	TEXT NOT NULL DEFAULT '',
	user_agent	TEXT NOT NULL,
	client_address	TEXT NOT NULL,
	last_path	TEXT NOT NULL,
	requests	INTEGER NOT NULL DEFAULT 1,
	first_seen	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL
) WITHOUT ROWID;
