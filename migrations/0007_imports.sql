-- Managed IP Phone Assistant: CSV lists parsed and waiting for Commit
-- Changes, with their report (warnings, rejected rows, severe errors).

CREATE TABLE imports (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('template', 'tmm')),
	state		TEXT NOT NULL
			CHECK (state IN ('parsed', 'committed', 'failed')),
	filename	TEXT NOT NULL DEFAULT '',
	rows_total	INTEGER NOT NULL DEFAULT 0,
	report		TEXT NOT NULL DEFAULT '{}',	-- JSON
	created_by	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at	INTEGER NOT NULL,
	committed_at	INTEGER
);

CREATE TABLE import_rows (
	import_id	INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
	row_no		INTEGER NOT NULL,
	accepted	INTEGER NOT NULL,
	phone		TEXT NOT NULL,	-- JSON: the phone as the API takes it
	problems	TEXT NOT NULL DEFAULT '[]',	-- JSON: warnings, rejection
	PRIMARY KEY (import_id, row_no)
);
