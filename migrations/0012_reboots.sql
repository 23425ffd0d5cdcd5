-- Reboots pushed to phones over SIP (NOTIFY check-sync): campaigns run now,
-- at a time, or after hours in each location's own time zone, paced by a
-- rate and a number of phones rebooting at once; one row per phone with
-- its outcome. A campaign's progress is its job's (jobs table).

ALTER TABLE locations ADD COLUMN after_hours_start TEXT NOT NULL
    DEFAULT '20:00';
ALTER TABLE locations ADD COLUMN after_hours_end TEXT NOT NULL
    DEFAULT '06:00';

CREATE TABLE reboot_campaigns (
	id		INTEGER PRIMARY KEY,
	job_id		INTEGER NOT NULL REFERENCES jobs(id),
	created_by	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_by_name	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	when_kind	TEXT NOT NULL
			CHECK (when_kind IN ('now', 'at', 'after-hours')),
	run_at		INTEGER NOT NULL,	-- not before (unix seconds)
	rate		REAL NOT NULL CHECK (rate > 0),	-- NOTIFYs per second
	max_concurrent	INTEGER NOT NULL CHECK (max_concurrent > 0),
	state		TEXT NOT NULL CHECK (state IN ('scheduled', 'running',
			    'done', 'cancelled')),
	started_at	INTEGER,
	finished_at	INTEGER,
	retry_of	INTEGER REFERENCES reboot_campaigns(id),
	cancelled_by	TEXT
);
CREATE INDEX reboot_campaigns_state ON reboot_campaigns(state, run_at);

CREATE TABLE reboot_items (
	id		INTEGER PRIMARY KEY,
	campaign_id	INTEGER NOT NULL REFERENCES reboot_campaigns(id)
			ON DELETE CASCADE,
	phone_id	INTEGER REFERENCES phones(id) ON DELETE SET NULL,
	phone_name	TEXT NOT NULL,
	location_id	INTEGER,
	not_before	INTEGER NOT NULL,	-- unix seconds
	state		TEXT NOT NULL DEFAULT 'pending'
			CHECK (state IN ('pending', 'sent', 'accepted',
			    'rejected', 'no answer', 'failed', 'cancelled')),
	target		TEXT,		-- request-URI it went to
	transport	TEXT,
	status_code	INTEGER,
	reason		TEXT,
	retransmits	INTEGER NOT NULL DEFAULT 0,
	authenticated	INTEGER NOT NULL DEFAULT 0,
	sent_at_ms	INTEGER,
	done_at_ms	INTEGER
);
CREATE INDEX reboot_items_next ON reboot_items(campaign_id, state,
    not_before);
CREATE INDEX reboot_items_phone ON reboot_items(phone_id, id);
