-- breakglass schema, version 1 (SQLite). Never edit once landed: add a new file.
-- Times are microseconds since the Unix epoch, UTC (0: not set). JSON is text.

CREATE TABLE cursors (
	network      TEXT PRIMARY KEY,
	block_number INTEGER NOT NULL,
	block_hash   TEXT NOT NULL,
	updated_at   INTEGER NOT NULL
);

CREATE TABLE blocks (
	network      TEXT NOT NULL,
	block_number INTEGER NOT NULL,
	block_hash   TEXT NOT NULL,
	PRIMARY KEY (network, block_number)
);

CREATE TABLE alerts (
	id            INTEGER PRIMARY KEY,
	detector      TEXT NOT NULL,
	severity      TEXT NOT NULL,
	incident_type TEXT NOT NULL,
	network       TEXT NOT NULL,
	block_number  INTEGER NOT NULL,
	block_hash    TEXT NOT NULL,
	tx_hash       TEXT NOT NULL,
	log_index     INTEGER NOT NULL,
	contract      TEXT NOT NULL,
	fields        TEXT NOT NULL,
	summary       TEXT NOT NULL,
	incident_id   TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	retracted_at  INTEGER NOT NULL,
	UNIQUE (network, block_hash, tx_hash, log_index, detector)
);
CREATE INDEX alerts_network_block ON alerts (network, block_number);
CREATE INDEX alerts_incident ON alerts (incident_id);

CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

CREATE TABLE incidents (
	id          TEXT PRIMARY KEY,
	title       TEXT NOT NULL,
	type        TEXT NOT NULL,
	severity    TEXT NOT NULL,
	status      TEXT NOT NULL,
	network     TEXT NOT NULL,
	contract    TEXT NOT NULL,
	roles       TEXT NOT NULL,
	plan_hash   TEXT NOT NULL,
	group_key   TEXT NOT NULL,
	alert_count INTEGER NOT NULL,
	post_mortem TEXT NOT NULL,
	details     TEXT NOT NULL,
	opened_at   INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	closed_at   INTEGER NOT NULL,
	version     INTEGER NOT NULL
);
CREATE INDEX incidents_group ON incidents (group_key, closed_at);
CREATE INDEX incidents_opened ON incidents (opened_at);

CREATE TABLE timeline (
	id          INTEGER PRIMARY KEY,
	incident_id TEXT NOT NULL REFERENCES incidents (id),
	time        INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	kind        TEXT NOT NULL,
	message     TEXT NOT NULL,
	data        TEXT NOT NULL
);
CREATE INDEX timeline_incident ON timeline (incident_id, id);

CREATE TABLE actions (
	id          INTEGER PRIMARY KEY,
	incident_id TEXT NOT NULL,
	action_key  TEXT NOT NULL,
	kind        TEXT NOT NULL,
	network     TEXT NOT NULL,
	target      TEXT NOT NULL,
	executor    TEXT NOT NULL,
	params      TEXT NOT NULL,
	status      TEXT NOT NULL,
	tx_hash     TEXT NOT NULL,
	nonce       INTEGER NOT NULL,
	simulation  TEXT NOT NULL,
	error       TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	version     INTEGER NOT NULL,
	UNIQUE (incident_id, action_key)
);

CREATE TABLE approvals (
	action_id   INTEGER NOT NULL REFERENCES actions (id),
	person      TEXT NOT NULL,
	role        TEXT NOT NULL,
	approved_at INTEGER NOT NULL,
	PRIMARY KEY (action_id, person)
);

CREATE TABLE sent_txs (
	id                       INTEGER PRIMARY KEY,
	chain_id                 INTEGER NOT NULL,
	sender                   TEXT NOT NULL,
	nonce                    INTEGER NOT NULL,
	tx_hash                  TEXT NOT NULL,
	action_id                INTEGER NOT NULL,
	gas_limit                INTEGER NOT NULL,
	max_fee_per_gas          TEXT NOT NULL,
	max_priority_fee_per_gas TEXT NOT NULL,
	status                   TEXT NOT NULL,
	block_number             INTEGER NOT NULL,
	error                    TEXT NOT NULL,
	created_at               INTEGER NOT NULL,
	updated_at               INTEGER NOT NULL,
	UNIQUE (chain_id, tx_hash)
);
CREATE INDEX sent_txs_sender ON sent_txs (chain_id, sender, nonce);

CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	idem_key    TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL,
	queue       TEXT NOT NULL,
	incident_id TEXT NOT NULL,
	payload     TEXT NOT NULL,
	not_before  INTEGER NOT NULL,
	status      TEXT NOT NULL,
	attempts    INTEGER NOT NULL,
	last_error  TEXT NOT NULL,
	leased_by   TEXT NOT NULL,
	lease_until INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	done_at     INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, not_before, id);
CREATE INDEX outbox_queue ON outbox (queue, status, id);
CREATE INDEX outbox_incident ON outbox (incident_id);

CREATE TABLE leases (
	name        TEXT PRIMARY KEY,
	holder      TEXT NOT NULL,
	acquired_at INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
);

CREATE TABLE plan_versions (
	hash      TEXT PRIMARY KEY,
	content   BLOB NOT NULL,
	loaded_at INTEGER NOT NULL
);

-- The audit log is append-only: the triggers refuse changes made by mistake;
-- the hash chain (see internal/audit) makes deliberate ones evident.
CREATE TABLE audit_log (
	seq          INTEGER PRIMARY KEY,
	time         INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	action       TEXT NOT NULL,
	subject      TEXT NOT NULL,
	payload      BLOB NOT NULL,
	payload_hash TEXT NOT NULL,
	prev_hash    TEXT NOT NULL,
	hash         TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
