SELECT id, k, payload FROM fault_rows ORDER BY id;
