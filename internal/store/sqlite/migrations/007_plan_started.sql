-- The order in which daemons started with each plan version: the plan in
-- force is the one started last (a counter, not a clock, so that skewed
-- clocks between daemons cannot reorder it). Daemons with another plan
-- follow but do not commit.
ALTER TABLE plan_versions ADD COLUMN started_seq BIGINT NOT NULL DEFAULT 0;
