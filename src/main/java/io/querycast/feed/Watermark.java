package io.querycast.feed;

import java.time.Instant;

/**
 * A job's stored watermark: every row at or below {@code position} was delivered (acknowledged or dead-lettered).
 *
 * @param sqlHash  the hash of the query text and feed columns the position belongs to ({@link QueryHash})
 * @param revision bumped by every change: a run only advances the revision it started from
 */
public record Watermark(String jobId, Position position, String sqlHash, long revision, Instant updatedAt, String updatedBy) {
}
