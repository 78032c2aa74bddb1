define FROM_DAY='2026-01-01'  --Obbligatorio: first day (YYYY-MM-DD)
SELECT barcode, trkdate, arrived_at, amount, status, payload
FROM shipments
WHERE trkdate >= CAST(:FROM_DAY AS date)
ORDER BY id;
