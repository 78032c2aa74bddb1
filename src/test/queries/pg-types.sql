SELECT * FROM all_pg_types ORDER BY id;
