-- The feed benchmark's table: rows inserted at about 2,000 a second while the job polls every second.
SELECT id, k, created_at, payload
FROM feed_bench;
