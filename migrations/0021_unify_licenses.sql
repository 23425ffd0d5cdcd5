-- OpenScape Business licenses for Unify Phone (seed 003, 3.5; License
-- Management - Local User licenses - Mobility User): the pools with the
-- totals the system holds, and which Unify Phone user holds which
-- license. Not the phone part's station licenses (license_pools).
CREATE TABLE unify_license_pools (
	pool		TEXT PRIMARY KEY CHECK (pool IN ('mobility_user',
			    'unify_phone', 'desk_phone', 'voicemail')),
	total		INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
	updated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO unify_license_pools (pool) VALUES ('mobility_user'),
    ('unify_phone'), ('desk_phone'), ('voicemail');

-- One row per license in use. desk_phone is the license of the desk phone
-- twinned with the user (teams are not built yet). The store releases a
-- user's licenses before removing it; the cascade only keeps the table
-- whole should a user go another way.
CREATE TABLE unify_user_licenses (
	user_id		INTEGER NOT NULL REFERENCES unify_users (id)
			    ON DELETE CASCADE,
	pool		TEXT NOT NULL REFERENCES unify_license_pools (pool),
	activated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	PRIMARY KEY (user_id, pool)
);
CREATE INDEX unify_user_licenses_pool ON unify_user_licenses (pool);
