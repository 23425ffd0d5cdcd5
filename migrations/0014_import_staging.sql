-- The Assistant stages each row of a list in typed columns instead of a
-- JSON phone, so Commit Changes can create every phone with a few
-- INSERT … SELECT statements instead of one round of rules and writes per
-- row. A row keeps what the list said (its settings are resolved again at
-- commit, once per distinct template / type / model / proxy group), its
-- warnings, and the reason it was rejected, if it was.
--
-- Lists parsed by an older version were staged as JSON and cannot be
-- committed by this one: they are marked failed and must be uploaded again.

UPDATE imports SET state = 'failed' WHERE state = 'parsed';
DROP TABLE import_rows;

CREATE TABLE import_rows (
	import_id		INTEGER NOT NULL
				REFERENCES imports(id) ON DELETE CASCADE,
	row_no			INTEGER NOT NULL,
	accepted		INTEGER NOT NULL,
	name			TEXT NOT NULL DEFAULT '',
	template		TEXT NOT NULL DEFAULT '',
	type			TEXT NOT NULL DEFAULT '',
	manufacturer		TEXT NOT NULL DEFAULT '',
	model			TEXT NOT NULL DEFAULT '',
	registration_group	TEXT NOT NULL DEFAULT '',
	address			TEXT NOT NULL DEFAULT '',	-- checked
	extension		TEXT NOT NULL DEFAULT '',
	label			TEXT NOT NULL DEFAULT '',
	identification_address	TEXT NOT NULL DEFAULT '',	-- checked
	sip_username		TEXT NOT NULL DEFAULT '',
	warnings		TEXT,	-- JSON [{"column","message"}]; NULL: none
	reject_column		TEXT,	-- why the row is not accepted
	reject_message		TEXT,
	PRIMARY KEY (import_id, row_no)
) WITHOUT ROWID;

-- UNIQUE (phone_id, position) already serves every lookup by phone_id;
-- this index only doubled the work of each station insert.
DROP INDEX stations_phone;

-- Each family's default options, written by the appliance as it starts.
-- A phone or template whose options are all the family's defaults stores
-- '{}' (what a body without options means) and reads them from here:
-- 580 bytes less for most phones, which makes a 100,000-phone import
-- write some 60 MB less.
CREATE TABLE family_options (
	family			TEXT PRIMARY KEY,
	options			TEXT NOT NULL,
	advanced_options	TEXT NOT NULL
);
