-- The static table of the exactly-once crash test's bulk job.
SELECT id, k FROM eos_bulk ORDER BY id;
