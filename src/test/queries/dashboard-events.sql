define MAX_ID='1234'  --Opzionale: events 1 to MAX_ID (at most 5000)
-- Rows made by H2 itself, so the dashboard test needs no seed script.
SELECT X AS ID, CONCAT('event-', X) AS NAME, MOD(X, 7) AS BUCKET
FROM SYSTEM_RANGE(1, 5000)
WHERE X <= CAST(:MAX_ID AS INT)
ORDER BY X;
