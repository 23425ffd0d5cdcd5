-- Accounts, sessions, API tokens, the audit log, jobs and login throttling.

CREATE TABLE users (
	id			INTEGER PRIMARY KEY,
	username		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	display_name		TEXT NOT NULL DEFAULT '',
	role			TEXT NOT NULL
				CHECK (role IN ('admin', 'operator', 'viewer')),
	password_hash		TEXT NOT NULL,
	disabled		INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	must_change_password	INTEGER NOT NULL DEFAULT 0,
	created_at		INTEGER NOT NULL,
	updated_at		INTEGER NOT NULL,
	password_changed_at	INTEGER NOT NULL,
	last_login_at		INTEGER
);

-- Only a hash of the session id is stored: a copy of the database (or a
-- backup) does not hand out live sessions.
CREATE TABLE sessions (
	id_hash		BLOB PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token	TEXT NOT NULL,
	address		TEXT NOT NULL,
	user_agent	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	last_seen_at	INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name		TEXT NOT NULL,
	prefix		TEXT NOT NULL,
	token_hash	BLOB NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER,
	last_used_at	INTEGER,
	last_used_from	TEXT,
	revoked_at	INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE audit_log (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL,		-- username, or 'system'
	actor_id	INTEGER,
	via		TEXT NOT NULL,		-- session, token:<id>, cli, system
	address		TEXT NOT NULL DEFAULT '',
	action		TEXT NOT NULL,		-- e.g. user.create, session.login
	target		TEXT NOT NULL DEFAULT '',
	outcome		TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
	detail		TEXT NOT NULL DEFAULT '{}'	-- JSON object
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_action ON audit_log(action);

CREATE TABLE jobs (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	state		TEXT NOT NULL
			CHECK (state IN ('queued', 'running', 'done', 'failed')),
	done		INTEGER NOT NULL DEFAULT 0,
	total		INTEGER NOT NULL DEFAULT 0,
	result		TEXT,			-- JSON
	error		TEXT,
	created_by	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

-- Failed logins, counted per key ('user:<name>' or 'addr:<ip>') in a window.
CREATE TABLE login_failures (
	key		TEXT PRIMARY KEY,
	count		INTEGER NOT NULL,
	window_start	INTEGER NOT NULL,
	locked_until	INTEGER NOT NULL DEFAULT 0
);
