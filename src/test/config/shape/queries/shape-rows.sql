-- Every row of the types table, with the nullable second key part (NULL for K2).
SELECT ID, CATEGORY, NOTE, NULLABLE_KEY
FROM ALL_TYPES
ORDER BY ID;
