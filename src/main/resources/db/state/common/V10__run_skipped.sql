-- Job extras (issue 14): rows a job's record steps dropped on purpose (a filter step), and dead letters a replay
-- left out (truncated values), so that rows_read = sent + failed + dead_lettered + skipped holds for every run.
-- Rows of earlier releases skipped none.
ALTER TABLE querycast_runs ADD COLUMN skipped BIGINT DEFAULT 0 NOT NULL;
