-- the table is named like the database password: the run's error quotes it, the mails must not
SELECT ID, K FROM "qcA1ertSecret" ORDER BY ID;
