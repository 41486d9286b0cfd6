-- Silences suppress matching alerts for a time window (Alertmanager-like):
-- the alerts are stored, but open no incident and page nobody.
CREATE TABLE silences (
	id         BIGSERIAL PRIMARY KEY,
	matchers   TEXT NOT NULL,
	starts_at  BIGINT NOT NULL,
	ends_at    BIGINT NOT NULL,
	author     TEXT NOT NULL,
	comment    TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX silences_ends_at ON silences (ends_at);
