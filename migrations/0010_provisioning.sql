-- The provisioning server: each phone's file name (guid), its own
-- provisioning credentials (the proof a phone gives before it gets a file
-- holding SIP passwords), what it fetched last, and what it uploaded.

ALTER TABLE phones ADD COLUMN guid TEXT;
ALTER TABLE phones ADD COLUMN prov_password TEXT;	-- sealed
ALTER TABLE phones ADD COLUMN prov_proven INTEGER NOT NULL DEFAULT 0;
ALTER TABLE phones ADD COLUMN client_address TEXT;
ALTER TABLE phones ADD COLUMN config_fetched_at INTEGER;

UPDATE phones SET guid = lower(hex(randomblob(16))) WHERE guid IS NULL;
CREATE UNIQUE INDEX phones_guid ON phones(guid);

CREATE TRIGGER phones_guid_new AFTER INSERT ON phones
WHEN NEW.guid IS NULL
BEGIN
	UPDATE phones SET guid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

-- Override files and logs phones PUT (Polycom OVERRIDES_DIRECTORY and
-- LOG_FILE_DIRECTORY), by MAC and file name.
CREATE TABLE phone_uploads (
	mac		TEXT NOT NULL,		-- normalised
	name		TEXT NOT NULL,		-- "0004f2aabbcc-phone.cfg"
	kind		TEXT NOT NULL CHECK (kind IN ('override', 'log')),
	content		BLOB NOT NULL,
	client_address	TEXT NOT NULL,
	updated_at	INTEGER NOT NULL,
	PRIMARY KEY (mac, name)
) WITHOUT ROWID;

-- Requests per hour, for the dashboard (kept 8 days).
CREATE TABLE provision_hits (
	hour		INTEGER NOT NULL,	-- unix time / 3600
	outcome		TEXT NOT NULL,		-- "served", "not_modified", "denied", "unknown"
	count		INTEGER NOT NULL,
	PRIMARY KEY (hour, outcome)
) WITHOUT ROWID;
