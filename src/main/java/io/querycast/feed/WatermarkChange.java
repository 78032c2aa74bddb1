package io.querycast.feed;

import java.time.Instant;

/** An operator's change of a watermark, as audited: who, when, what, old and new. */
public record WatermarkChange(String jobId, String action, String changedBy, Instant changedAt, Position oldPosition, Position newPosition,
                              String oldHash, String newHash) {
}
