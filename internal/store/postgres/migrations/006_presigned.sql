-- Pre-signed Safe transactions: containment prepared at the Safe's next
-- nonces and signed by its owners ahead of an incident. Only the
-- transaction and the owners' signatures are kept, never a key.
CREATE TABLE presigned (
	id           BIGSERIAL PRIMARY KEY,
	network      TEXT NOT NULL,
	executor     TEXT NOT NULL,
	contract     TEXT NOT NULL,
	action       TEXT NOT NULL,
	chain_id     BIGINT NOT NULL,
	safe         TEXT NOT NULL,
	to_address   TEXT NOT NULL,
	value        TEXT NOT NULL,
	data         TEXT NOT NULL,
	nonce        BIGINT NOT NULL,
	safe_tx_hash TEXT NOT NULL,
	owners       TEXT NOT NULL,
	threshold    INTEGER NOT NULL,
	created_at   BIGINT NOT NULL,
	UNIQUE (chain_id, safe, safe_tx_hash)
);
CREATE INDEX presigned_executor_nonce ON presigned (executor, nonce);
CREATE TABLE presigned_signatures (
	presigned_id BIGINT NOT NULL REFERENCES presigned (id),
	owner        TEXT NOT NULL,
	signature    TEXT NOT NULL,
	added_at     BIGINT NOT NULL,
	PRIMARY KEY (presigned_id, owner)
);
