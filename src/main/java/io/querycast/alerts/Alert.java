package io.querycast.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An alert as it stands: its rule and subject, since when the condition holds, when it fired (null while
 * pending) and when it was resolved (null while active); {@code summary} is the latest measurement while
 * active, the last one seen before it cleared once resolved.
 */
public record Alert(String id, String rule, Map<String, String> labels, String subject, State state, Instant since,
                    Instant firedAt, Instant resolvedAt, String summary, String description) {

    public enum State {
        /** the condition holds, not yet for the rule's {@code for} */
        PENDING,
        /** notified */
        FIRING,
        /** cleared after it fired: the recovery was notified */
        RESOLVED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How long the alert fired: from firing to resolution, or to now while firing. */
    public Duration firingFor(Instant now) {
        if (firedAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(firedAt, resolvedAt == null ? now : resolvedAt);
    }
}
