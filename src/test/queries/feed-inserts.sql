-- Insert-only rows of the incrementing feed tests.
SELECT id, k, version, updated_at
FROM feed_inserts;
