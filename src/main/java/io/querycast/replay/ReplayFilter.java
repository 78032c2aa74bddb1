package io.querycast.replay;

import io.querycast.delivery.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which dead letters of a job a replay re-sends: every criterion given must hold (none given: all of them).
 *
 * @param runId  the run that dead-lettered them (header {@code dlt_export_id})
 * @param from   dead-lettered at or after (header {@code dlt_failed_at}; the record's timestamp when it has none)
 * @param to     dead-lettered before
 * @param reason text the reason holds, case ignored ({@code dlt_error_class}: {@code dlt_error_message})
 */
public record ReplayFilter(String runId, Instant from, Instant to, String reason) {

    public boolean matches(ConsumerRecord<byte[], byte[]> letter) {
        if (runId != null && !runId.equals(header(letter, DeadLetters.EXPORT_ID))) {
            return false;
        }
        if (from != null || to != null) {
            Instant at = failedAt(letter);
            if ((from != null && at.isBefore(from)) || (to != null && !at.isBefore(to))) {
                return false;
            }
        }
        return reason == null || reasonOf(letter).toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT));
    }

    /** The criteria as the replay's run records them (its parameters in the history). */
    public Map<String, String> description() {
        Map<String, String> d = new LinkedHashMap<>();
        if (runId != null) {
            d.put("RUN", runId);
        }
        if (from != null) {
            d.put("FROM", from.toString());
        }
        if (to != null) {
            d.put("TO", to.toString());
        }
        if (reason != null) {
            d.put("REASON", reason);
        }
        return d;
    }

    static String reasonOf(ConsumerRecord<byte[], byte[]> letter) {
        return header(letter, DeadLetters.ERROR_CLASS) + ": " + header(letter, DeadLetters.ERROR_MESSAGE);
    }

    static Instant failedAt(ConsumerRecord<byte[], byte[]> letter) {
        String at = header(letter, DeadLetters.FAILED_AT);
        if (at != null) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                // a letter written by hand: its record time then
            }
        }
        return Instant.ofEpochMilli(letter.timestamp());
    }

    static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        Header h = letter.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
