-- Managed IP phones, their station appearances, station license pools and
-- dial plan classifications (seed 001: "Create Individual Managed IP Phones
-- for Test Purposes", Station Configuration, licensing).

CREATE TABLE license_pools (
	name		TEXT PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('basic', 'access', 'addon')),
	total		INTEGER CHECK (total IS NULL OR total >= 0)	-- NULL: no limit
);
INSERT INTO license_pools (name, kind, total) VALUES
	('Basic Station', 'basic', NULL),
	('Client Access', 'access', 0),
	('ACD Access', 'access', 0);

CREATE TABLE dial_plan_classifications (
	name		TEXT PRIMARY KEY
);
INSERT INTO dial_plan_classifications (name) VALUES
	('Emergency'), ('Intercom'), ('Local'), ('Long Distance'),
	('International'), ('Toll Free'), ('Information'), ('Operator Assisted');

CREATE TABLE phones (
	id			INTEGER PRIMARY KEY,
	name			TEXT NOT NULL UNIQUE COLLATE NOCASE,
	active			INTEGER NOT NULL DEFAULT 1,
	type			TEXT NOT NULL
				CHECK (type IN ('workstation', 'stand-alone')),
	template_id		INTEGER,
	model_id		INTEGER NOT NULL REFERENCES phone_models(id),
	address			TEXT UNIQUE,	-- NULL: not provisioned
	registration_group_id	INTEGER NOT NULL
				REFERENCES registration_groups(id),
	location_id		INTEGER NOT NULL REFERENCES locations(id),
	firmware_version	TEXT NOT NULL DEFAULT 'latest',
	audio_protocol		TEXT NOT NULL DEFAULT 'RTP'
				CHECK (audio_protocol IN ('RTP', 'SRTP')),
	time_zone		TEXT NOT NULL DEFAULT '',
	language		TEXT NOT NULL DEFAULT '',
	options			TEXT NOT NULL DEFAULT '{}',
	advanced_options	TEXT NOT NULL DEFAULT '{}',
	custom_attributes	TEXT NOT NULL DEFAULT '{}',
	status			TEXT NOT NULL DEFAULT 'Not provisioned',
	reboot_pending		INTEGER NOT NULL DEFAULT 0,
	last_contact		INTEGER,
	user_agent		TEXT,
	running_firmware	TEXT,
	created_at		INTEGER NOT NULL,
	updated_at		INTEGER NOT NULL
);
CREATE INDEX phones_status ON phones(status, name);
CREATE INDEX phones_model ON phones(model_id);
CREATE INDEX phones_location ON phones(location_id);
CREATE INDEX phones_group ON phones(registration_group_id);

CREATE TABLE stations (
	id			INTEGER PRIMARY KEY,
	phone_id		INTEGER NOT NULL REFERENCES phones(id)
				ON DELETE CASCADE,
	position		INTEGER NOT NULL,
	extension		TEXT UNIQUE,	-- NULL: blank extension
	label			TEXT NOT NULL DEFAULT '',
	identification_address	TEXT NOT NULL,
	line_keys		INTEGER NOT NULL DEFAULT 1,
	calls_per_line_key	INTEGER NOT NULL DEFAULT 2,
	station_type		TEXT NOT NULL CHECK (station_type IN
				    ('Managed Workstation',
				    'Managed Stand-alone Phone')),
	sip_username		TEXT NOT NULL,
	sip_password		TEXT NOT NULL,	-- sealed (seal.c)
	sharable		INTEGER NOT NULL DEFAULT 0,
	licenses		TEXT NOT NULL DEFAULT '["Basic Station"]',
	access_control		TEXT NOT NULL DEFAULT '[]',
	UNIQUE (phone_id, position)
);
CREATE INDEX stations_phone ON stations(phone_id);
