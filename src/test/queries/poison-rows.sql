SELECT id, k, amount, payload FROM poison_rows ORDER BY id;
