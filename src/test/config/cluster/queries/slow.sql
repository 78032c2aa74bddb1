define ROWS='300' --Opzionale: rows, 20 ms each
SELECT id, pg_sleep(0.02)::text AS slept FROM generate_series(1, CAST(:ROWS AS INT)) AS id
