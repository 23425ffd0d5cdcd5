-- The firmware repository: files admins upload per model and version
-- (a version the phone catalog knows for that model), kept under
-- DATA/firmware/ by their SHA-256.

CREATE TABLE firmware_files (
	id		INTEGER PRIMARY KEY,
	model_id	INTEGER NOT NULL REFERENCES phone_models(id),
	version		TEXT NOT NULL,
	filename	TEXT NOT NULL,		-- as phones ask for it
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,		-- hex; also the stored file's name
	uploaded_by	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	uploaded_at	INTEGER NOT NULL,
	UNIQUE (model_id, version)
);

-- Files admins place in the per-manufacturer custom directory, served to
-- phones whose config_files attribute names them (the seed's
-- \i3\ic\provision\<manufacturer> folders).
CREATE TABLE custom_files (
	manufacturer	TEXT NOT NULL,		-- "Polycom", "AudioCodes", "Genesys", "ININ"
	name		TEXT NOT NULL,
	content		BLOB NOT NULL,
	uploaded_by	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	uploaded_at	INTEGER NOT NULL,
	PRIMARY KEY (manufacturer, name)
) WITHOUT ROWID;
