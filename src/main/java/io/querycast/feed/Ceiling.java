package io.querycast.feed;

import java.time.Duration;
import java.time.Instant;

/**
 * What one poll may read: every row below this ceiling is final (its transaction is over, and no transaction
 * still open can add one below it). Timestamp modes: rows with a timestamp before {@code timestampBelow};
 * incrementing: rows with an id up to {@code idAtMost} (null: none yet).
 *
 * @param timestampBelow exclusive upper bound of the timestamp column (an {@code OffsetDateTime}), or null
 * @param idAtMost       inclusive upper bound of the incrementing column, or null when no id is known final yet
 * @param completeUpTo   the time up to which the feed is complete: the bound's lag is measured from it (null: unknown)
 * @param method         how the ceiling was found, for the log and the API
 */
public record Ceiling(Object timestampBelow, Long idAtMost, Instant completeUpTo, String method) {

    public Duration lag(Instant now) {
        return completeUpTo == null ? Duration.ZERO : Duration.between(completeUpTo, now).isNegative() ? Duration.ZERO
                : Duration.between(completeUpTo, now);
    }
}
