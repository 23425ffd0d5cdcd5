-- Locations, SIP lines, managed SIP proxies and registration groups
-- (seed 001: "Registration Groups", "Appendix B: How Registrations Work").

CREATE TABLE locations (
	id			INTEGER PRIMARY KEY,
	name			TEXT NOT NULL UNIQUE COLLATE NOCASE,
	permanent		INTEGER NOT NULL DEFAULT 0,
	time_zone		TEXT NOT NULL DEFAULT '',	-- IANA; '' system default
	sntp_server		TEXT NOT NULL DEFAULT '',	-- '' = Use IC server
	codec_preference	TEXT NOT NULL DEFAULT '[]',	-- JSON array, in order
	created_at		INTEGER NOT NULL,
	updated_at		INTEGER NOT NULL
);

CREATE TABLE sip_lines (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	permanent	INTEGER NOT NULL DEFAULT 0,
	transport	TEXT NOT NULL CHECK (transport IN ('UDP', 'TCP', 'TLS')),
	port		INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
	address		TEXT NOT NULL DEFAULT '',	-- '' = this server
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

CREATE TABLE managed_proxies (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	address		TEXT NOT NULL,
	port		INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
	location_id	INTEGER NOT NULL REFERENCES locations(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

CREATE TABLE registration_groups (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	kind		TEXT NOT NULL CHECK (kind IN ('regular', 'external')),
	permanent	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

CREATE TABLE registrations (
	id		INTEGER PRIMARY KEY,
	group_id	INTEGER NOT NULL REFERENCES registration_groups(id)
			ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	type		TEXT NOT NULL
			CHECK (type IN ('line', 'manual', 'managed_proxy', 'dns_srv')),
	line_id		INTEGER REFERENCES sip_lines(id),
	proxy_id	INTEGER REFERENCES managed_proxies(id),
	address		TEXT,
	port		INTEGER,
	transport	TEXT CHECK (transport IS NULL OR
			    transport IN ('UDP', 'TCP', 'TLS')),
	domain		TEXT,
	UNIQUE (group_id, position)
);
CREATE INDEX registrations_line ON registrations(line_id);
CREATE INDEX registrations_proxy ON registrations(proxy_id);

INSERT INTO locations (id, name, permanent, codec_preference, created_at,
    updated_at) VALUES (1, '<Default Location>', 1,
    '["G.711 mu-law","G.711 A-law","G.722","G.729"]',
    strftime('%s', 'now'), strftime('%s', 'now'));

INSERT INTO sip_lines (id, name, permanent, transport, port, created_at,
    updated_at) VALUES
	(1, '<Stations-UDP>', 1, 'UDP', 5060, strftime('%s', 'now'),
	    strftime('%s', 'now')),
	(2, '<Stations-TLS>', 1, 'TLS', 5061, strftime('%s', 'now'),
	    strftime('%s', 'now'));

INSERT INTO registration_groups (id, name, kind, permanent, created_at,
    updated_at) VALUES
	(1, '<Default Registration Group>', 'regular', 1, strftime('%s', 'now'),
	    strftime('%s', 'now')),
	(2, '<Default Secure Registration Group>', 'regular', 1,
	    strftime('%s', 'now'), strftime('%s', 'now'));

INSERT INTO registrations (group_id, position, type, line_id) VALUES
	(1, 1, 'line', 1),
	(2, 1, 'line', 2);
