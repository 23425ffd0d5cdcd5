-- Unify Phone on OpenScape Business (seed 003): the system and the
-- Connectivity wizard's input as JSON by key, and the trunks, routes and
-- LCR dial plan entries of Expert Mode. The wizard's own entries carry
-- wizard_key (unique), so running it again finds and updates them.
CREATE TABLE unify_config (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL CHECK (json_valid(value))
);

-- The appliance's own identity: the wizard keys the trunk by it, so one
-- API key used on several systems gives each system its own trunk.
INSERT INTO unify_config (key, value) VALUES ('identity',
    json_object('system_id', lower(hex(randomblob(8)))));

CREATE TABLE unify_objects (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('trunk', 'route', 'lcr')),
	name		TEXT NOT NULL,
	owner		TEXT NOT NULL CHECK (owner IN ('wizard', 'admin')),
	wizard_key	TEXT UNIQUE,
	config		TEXT NOT NULL CHECK (json_valid(config)),
	updated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX unify_objects_kind ON unify_objects (kind, id);
