-- Rows of the feed tests: a key, its version (bumped by every update) and the last-modified time set by the
-- database clock (DEFAULT now() / SET updated_at = now()), ids from a sequence.
SELECT id, k, version, updated_at
FROM feed_events;
