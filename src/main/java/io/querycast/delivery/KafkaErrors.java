package io.querycast.delivery;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

/** Which failures are worth another attempt. */
public final class KafkaErrors {

    private KafkaErrors() {
    }

    /** Retriable means Kafka itself says a later attempt may succeed (timeouts, leader changes, broker down). */
    public static boolean retriable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RetriableException) {
                return true;
            }
            if (c instanceof KafkaException || c instanceof UnsendableRecordException) {
                return false;
            }
        }
        return false;
    }
}
