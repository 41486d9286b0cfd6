-- Drills: attack effects played on a fork with the plan (breakglass
-- drill), kept with the plan version they tested. The fork's upstream is
-- kept as scheme://host only (providers put API keys in the path).
CREATE TABLE drills (
	id           BIGSERIAL PRIMARY KEY,
	network      TEXT NOT NULL,
	plan_hash    TEXT NOT NULL,
	upstream     TEXT NOT NULL,
	fork_block   BIGINT NOT NULL,
	effects      INTEGER NOT NULL,
	detected     INTEGER NOT NULL,
	contained    INTEGER NOT NULL,
	false_alarms INTEGER NOT NULL,
	summary      TEXT NOT NULL,
	report       TEXT NOT NULL,
	started_at   BIGINT NOT NULL,
	finished_at  BIGINT NOT NULL
);
CREATE INDEX drills_finished ON drills (finished_at);
