-- Rows the exactly-once crash test inserts while the application is killed and restarted.
SELECT id, k FROM eos_feed;
