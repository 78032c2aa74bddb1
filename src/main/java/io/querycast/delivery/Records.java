package io.querycast.delivery;

import io.querycast.run.ExportRun;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;

import java.util.ArrayList;
import java.util.List;

/**
 * The record exchanges of a batch: one per row, carrying its key, JSON value and headers, and what
 * happened to it. {@link #settle} gives a record its outcome exactly once, so the run's counts add up to
 * the rows read whatever path (retry, dead letter, failure) the record took.
 */
public final class Records {

    public static final String OUTCOME = "querycastOutcome";
    public static final String ATTEMPTS = "querycastAttempts";
    /** Records of a batch that must go to the dead-letter topic, collected on the batch exchange. */
    public static final String DEAD_LETTERS = "querycastDeadLetters";

    private Records() {
    }

    /** Kafka acknowledged this record on its last send. */
    public static boolean acked(Exchange record) {
        return record.getException() == null && acked(record.getMessage());
    }

    /**
     * The producer sets {@code kafka.RECORD_META} to an empty list before sending and adds what the send
     * callback got: the record's metadata with its offset when the broker acknowledged it; null, or
     * metadata without an offset (-1), when the send failed.
     */
    public static boolean acked(org.apache.camel.Message message) {
        return message.getHeader(KafkaConstants.KAFKA_RECORD_META) instanceof List<?> meta && !meta.isEmpty()
                && meta.stream().allMatch(m -> m instanceof RecordMetadata rm && rm.hasOffset());
    }

    public static boolean settled(Exchange record) {
        return record.getProperty(OUTCOME) != null;
    }

    /** @return true when this call gave the record its outcome (and counted it) */
    public static synchronized boolean settle(ExportRun run, Exchange record, RecordOutcome outcome, String reason) {
        if (settled(record)) {
            return false;
        }
        record.setProperty(OUTCOME, outcome);
        switch (outcome) {
            case SENT -> run.addSent(1, valueSize(record));
            case DEAD_LETTERED -> run.addDeadLettered(reason);
            case FAILED -> run.addFailed(reason);
        }
        return true;
    }

    public static int attempts(Exchange record) {
        return record.getProperty(ATTEMPTS, 0, Integer.class);
    }

    public static void countAttempt(Exchange record) {
        record.setProperty(ATTEMPTS, attempts(record) + 1);
    }

    /** The cause to report for a record: its own exception, else the one its batch failed with. */
    public static Throwable causeOf(Exchange record, Exchange batch) {
        if (record.getException() != null) {
            return record.getException();
        }
        Throwable t = batch.getException();
        return t != null ? t : batch.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** Retriable means Kafka itself says a later attempt may succeed (timeouts, leader changes, broker down). */
    public static boolean retriable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RetriableException) {
                return true;
            }
            if (c instanceof org.apache.kafka.common.KafkaException || c instanceof UnsendableRecordException) {
                return false;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    public static List<Exchange> deadLetters(Exchange batch) {
        List<Exchange> list = batch.getProperty(DEAD_LETTERS, List.class);
        if (list == null) {
            list = new ArrayList<>();
            batch.setProperty(DEAD_LETTERS, list);
        }
        return list;
    }

    private static long valueSize(Exchange record) {
        byte[] value = record.getMessage().getBody(byte[].class);
        return value == null ? 0 : value.length;
    }
}
