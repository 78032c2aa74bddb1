-- The overlap test of the lag bound: rows whose timestamp the test chooses.
SELECT id, k, updated_at FROM feed_overlap
