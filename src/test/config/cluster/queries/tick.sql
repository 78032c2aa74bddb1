SELECT id, 'tick' AS v FROM generate_series(1, 3) AS id
