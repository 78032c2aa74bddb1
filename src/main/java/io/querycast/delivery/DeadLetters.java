package io.querycast.delivery;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The dead-letter contract (docs/reliability.md), the same for exports and HTTP events: a dead letter keeps the
 * record's key, value and headers and adds the {@code dlt_*} headers that say why.
 */
public final class DeadLetters {

    public static final String ORIGINAL_TOPIC = "dlt_original_topic";
    public static final String ERROR_CLASS = "dlt_error_class";
    public static final String ERROR_MESSAGE = "dlt_error_message";
    public static final String JOB_ID = "dlt_job_id";
    public static final String EXPORT_ID = "dlt_export_id";
    public static final String ATTEMPTS = "dlt_attempts";
    public static final String FAILED_AT = "dlt_failed_at";
    public static final String VALUE_TRUNCATED = "dlt_value_truncated";
    public static final String ORIGINAL_SIZE = "dlt_original_size";

    /** A value too large for the topic is cut to this size on the dead-letter topic, so it fits there. */
    static final int TRUNCATED_VALUE_BYTES = 64 * 1024;

    private DeadLetters() {
    }

    /** The letter's value: the record's, cut to {@value #TRUNCATED_VALUE_BYTES} bytes when Kafka refused it as too large. */
    static byte[] value(OutgoingRecord<?> record, Throwable cause) {
        byte[] value = record.value();
        if (value != null && cause instanceof RecordTooLargeException && value.length > TRUNCATED_VALUE_BYTES) {
            return Arrays.copyOf(value, TRUNCATED_VALUE_BYTES);
        }
        return value;
    }

    /** The letter's headers: the record's own, then the {@code dlt_*} ones; the caller adds its job and export ids. */
    static RecordHeaders headers(OutgoingRecord<?> record, Throwable cause, String originalTopic) {
        RecordHeaders h = new RecordHeaders();
        for (Header header : record.headers()) {
            h.add(header);
        }
        byte[] value = record.value();
        if (value != null && cause instanceof RecordTooLargeException && value.length > TRUNCATED_VALUE_BYTES) {
            add(h, VALUE_TRUNCATED, "true");
            add(h, ORIGINAL_SIZE, Integer.toString(value.length));
        }
        add(h, ORIGINAL_TOPIC, originalTopic);
        add(h, ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        add(h, ERROR_MESSAGE, cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        add(h, ATTEMPTS, Integer.toString(record.attempts()));
        add(h, FAILED_AT, Instant.now().toString());
        return h;
    }

    /** What the run summary and the log say about a record's failure. */
    public static String reason(Throwable cause) {
        return cause == null ? "unknown: unknown" : cause.getClass().getName() + ": " + cause.getMessage();
    }

    public static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Kafka headers from name/value pairs, as UTF-8. */
    public static Header[] headersOf(java.util.Map<String, String> values) {
        RecordHeaders h = new RecordHeaders();
        values.forEach((k, v) -> add(h, k, v));
        return h.toArray();
    }
}
