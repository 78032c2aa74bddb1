define DATA='2026-01-17'  --Obbligatorio: Data estrazione (YYYY-MM-DD)
-- The sample query (CDG-KAFKA-001--SelezioneTracceGiornaliere.sql) in PostgreSQL's dialect: one day of
-- shipment-tracking events, test traffic excluded, in arrival order.
SELECT barcode, trkdate, operator, msgtype, causal, test_flag, phase_at, arrivetimestamp, status,
       track_office, mtf_mtfid, date_other, canale, custcode, cust_sped, idsped
FROM export_table
WHERE trkdate = CAST('&DATA' AS date) AND test_flag = 'N'
ORDER BY arrivetimestamp;
