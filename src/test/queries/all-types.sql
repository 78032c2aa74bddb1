define CATEGORY='A'  --Opzionale: category to export
-- One row per JSON type case; named-parameter form.
SELECT ID, CATEGORY, D, TS, TSTZ, T, AMOUNT, PRICE, QTY, BIG, RATIO, FLAG, NOTE, CODE, TEXT, BIN, RAWB
FROM ALL_TYPES
WHERE CATEGORY = :CATEGORY
ORDER BY ID;
