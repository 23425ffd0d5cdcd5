-- Appliance settings as JSON values by key, e.g. business hours.
CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL,		-- JSON
	updated_at	INTEGER NOT NULL
);
INSERT INTO settings (key, value, updated_at) VALUES ('business_hours',
    '{"days":[1,2,3,4,5],"start":"08:00","end":"18:00","time_zone":""}',
    strftime('%s', 'now'));
