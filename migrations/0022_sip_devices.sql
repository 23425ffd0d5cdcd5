-- Third-party SIP devices (seed 000): devices the customer configures
-- himself, tracked under the generic hardware model with one SIP
-- credential each, the border proxy of each region, the pre-agreed
-- customer data handlers, and the credential hand-overs (exports) with
-- their acknowledgement of receipt.

-- The regional border proxy FQDN the devices register to.
CREATE TABLE sip_regions (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	border_proxy	TEXT NOT NULL
);

-- The program's technical requirements are recorded per device (req_*,
-- 1 met, 0 not). sip_password is sealed ("sip_device.password").
CREATE TABLE sip_devices (
	id		INTEGER PRIMARY KEY,
	user_name	TEXT NOT NULL,
	user_email	TEXT NOT NULL DEFAULT '',
	extension	TEXT NOT NULL UNIQUE,
	did		TEXT NOT NULL DEFAULT '',
	manufacturer	TEXT NOT NULL,
	model		TEXT NOT NULL,
	purpose		TEXT NOT NULL DEFAULT '',
	region_id	INTEGER NOT NULL REFERENCES sip_regions (id),
	replace_by	TEXT NOT NULL DEFAULT '',
	req_supported	INTEGER NOT NULL CHECK (req_supported IN (0, 1)),
	req_tls		INTEGER NOT NULL CHECK (req_tls IN (0, 1)),
	req_fqdn	INTEGER NOT NULL CHECK (req_fqdn IN (0, 1)),
	req_naptr	INTEGER NOT NULL CHECK (req_naptr IN (0, 1)),
	req_sip_name	INTEGER NOT NULL CHECK (req_sip_name IN (0, 1)),
	req_password	INTEGER NOT NULL CHECK (req_password IN (0, 1)),
	sip_name	TEXT NOT NULL UNIQUE,
	sip_password	TEXT NOT NULL,
	credential_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	created_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	updated_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX sip_devices_did ON sip_devices (did) WHERE did <> '';
CREATE INDEX sip_devices_region ON sip_devices (region_id);

-- The customer's pre-agreed data handlers: who receives the hand-over.
CREATE TABLE sip_data_handlers (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	organisation	TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	email		TEXT NOT NULL DEFAULT ''
);

-- A hand-over: two archives under random names in DATA/handover until the
-- admin confirms delivery or they expire, then wiped. The passwords are
-- never stored. The handler's name and contact are copied, so the record
-- stays true if the handler changes later. ack_*: the signed Statement of
-- Work acknowledging receipt.
CREATE TABLE sip_exports (
	id		INTEGER PRIMARY KEY,
	job_id		INTEGER,
	created_by	TEXT NOT NULL,
	created_at	TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	handler_id	INTEGER REFERENCES sip_data_handlers (id) ON DELETE SET NULL,
	handler_name	TEXT NOT NULL,
	handler_contact	TEXT NOT NULL,
	devices		INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'building' CHECK (state IN
			    ('building', 'ready', 'delivered', 'expired',
			    'failed')),
	names_file	TEXT NOT NULL,
	passwords_file	TEXT NOT NULL,
	expires_at	INTEGER NOT NULL,
	delivered_at	TEXT,
	wiped_at	TEXT,
	ack_signed_by	TEXT,
	ack_signed_on	TEXT,
	ack_reference	TEXT,
	ack_recorded_by	TEXT,
	ack_recorded_at	TEXT
);
CREATE INDEX sip_exports_state ON sip_exports (state, expires_at);

-- Which devices an export held, in its row order (row 1 is the first data
-- row of both spreadsheets). The SIP name and user are copied: the device
-- may be removed or its credential regenerated later.
CREATE TABLE sip_export_devices (
	export_id	INTEGER NOT NULL REFERENCES sip_exports (id)
			    ON DELETE CASCADE,
	row		INTEGER NOT NULL,
	device_id	INTEGER REFERENCES sip_devices (id) ON DELETE SET NULL,
	extension	TEXT NOT NULL,
	user_name	TEXT NOT NULL,
	sip_name	TEXT NOT NULL,
	PRIMARY KEY (export_id, row)
);
CREATE INDEX sip_export_devices_device ON sip_export_devices (device_id);

INSERT INTO settings (key, value, updated_at) VALUES ('sip_devices',
    '{"sip_name_prefix":"sip-","export_hours":72}', strftime('%s', 'now'));
