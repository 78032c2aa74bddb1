-- File exports from PostgreSQL (FilePostgresExportTest): one row per value case, in id order.
SELECT id, d, ts, tstz, amount, n, big, ok, note, uni, u, doc, arr
FROM file_types
ORDER BY id;
