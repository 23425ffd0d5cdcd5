-- Managed IP phone templates (seed 001, "Create Managed IP Phone
-- Templates"): the settings new phones start from, including station
-- appearance licenses and access control.

CREATE TABLE templates (
	id			INTEGER PRIMARY KEY,
	name			TEXT NOT NULL UNIQUE COLLATE NOCASE,
	type			TEXT NOT NULL
				CHECK (type IN ('workstation', 'stand-alone')),
	model_id		INTEGER NOT NULL REFERENCES phone_models(id),
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
	line_keys		INTEGER NOT NULL DEFAULT 1,
	calls_per_line_key	INTEGER NOT NULL DEFAULT 2,
	licenses		TEXT NOT NULL DEFAULT '["Basic Station"]',
	access_control		TEXT NOT NULL DEFAULT '[]',
	created_at		INTEGER NOT NULL,
	updated_at		INTEGER NOT NULL
);
CREATE INDEX phones_template ON phones(template_id);
