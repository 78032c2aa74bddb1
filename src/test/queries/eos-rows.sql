-- Rows of the exactly-once abort test.
SELECT ID, K, PAYLOAD FROM EOS_ROWS ORDER BY ID;
