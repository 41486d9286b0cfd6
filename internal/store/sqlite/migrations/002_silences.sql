-- Silences suppress matching alerts for a time window (Alertmanager-like):
-- the alerts are stored, but open no incident and page nobody.
CREATE TABLE silences (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	matchers   TEXT NOT NULL,
	starts_at  INTEGER NOT NULL,
	ends_at    INTEGER NOT NULL,
	author     TEXT NOT NULL,
	comment    TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX silences_ends_at ON silences (ends_at);
