-- File exports (FileExportEndToEndTest): one row per value case a CSV or XLSX file must keep exactly.
SELECT ID, D, TS, TSMS, TSTZ, T, AMOUNT, PRICE, QTY, BIG, RATIO, FLAG, NOTE, BIN
FROM FILE_TYPES
ORDER BY ID;
