-- The follower's detection state (detector windows, thresholds, cooldowns)
-- after the cursor's block, so that a restart resumes it instead of
-- starting every window afresh.
ALTER TABLE cursors ADD COLUMN state TEXT NOT NULL DEFAULT '';
