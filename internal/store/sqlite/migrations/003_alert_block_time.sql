-- The block time of each alert: time to detect runs from it.
ALTER TABLE alerts ADD COLUMN block_time INTEGER NOT NULL DEFAULT 0;
