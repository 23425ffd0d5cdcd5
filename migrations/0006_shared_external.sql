-- Polycom only: shared appearances of sharable stations on other phones,
-- and external registrations (a line that registers through an External
-- registration group). Seed 001, "Shared line appearances" and "External
-- registrations (proxy settings)".

CREATE TABLE shared_appearances (
	id		INTEGER PRIMARY KEY,
	phone_id	INTEGER NOT NULL REFERENCES phones(id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	station_id	INTEGER NOT NULL REFERENCES stations(id)
			ON DELETE CASCADE,
	label		TEXT NOT NULL DEFAULT '',
	line_keys	INTEGER NOT NULL DEFAULT 1,
	UNIQUE (phone_id, station_id)
);
CREATE INDEX shared_appearances_station ON shared_appearances(station_id);

CREATE TABLE external_registrations (
	id			INTEGER PRIMARY KEY,
	phone_id		INTEGER NOT NULL REFERENCES phones(id)
				ON DELETE CASCADE,
	position		INTEGER NOT NULL,
	label			TEXT NOT NULL,
	identification_address	TEXT NOT NULL,
	registration_group_id	INTEGER NOT NULL
				REFERENCES registration_groups(id),
	line_keys		INTEGER NOT NULL DEFAULT 1,
	calls_per_line_key	INTEGER NOT NULL DEFAULT 1,
	auth_username		TEXT,		-- NULL: no external SIP auth
	auth_password		TEXT,		-- sealed
	display_name		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX external_registrations_group ON
    external_registrations(registration_group_id);
