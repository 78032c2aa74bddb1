define VALUE='1'  --Opzionale: a whole number; anything else fails the run with the database's own error
-- H2 quotes the value it could not convert in its error: the run's error text must not show a secret.
SELECT CAST(:VALUE AS INT) AS ID
