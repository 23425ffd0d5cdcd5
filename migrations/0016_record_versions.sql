-- The version of each record an admin edits (phones, templates,
-- registration groups, locations, lines, proxies, license pools, users,
-- settings): the API's ETag, checked against If-Match so that a save made
-- from a stale editor is refused (412) instead of reverting a colleague's
-- change. A record without a row is at version 1.
CREATE TABLE record_versions (
	kind		TEXT NOT NULL,		-- "phone", "template", …
	key		TEXT NOT NULL,		-- its id, or its name
	version		INTEGER NOT NULL,
	changed_by	TEXT NOT NULL,		-- user name
	changed_at	INTEGER NOT NULL,	-- unix seconds
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The job that Commit Changes started for a list: a second commit of the
-- same list (a double click, a retry) answers with this job instead of
-- starting another, unless it failed.
ALTER TABLE imports ADD COLUMN commit_job INTEGER;
