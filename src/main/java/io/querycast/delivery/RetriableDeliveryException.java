package io.querycast.delivery;

/**
 * Thrown by {@link RecordSender} when records of a batch failed with a retriable error: Camel's error handler of
 * the delivery route redelivers the batch, which then holds only those records.
 */
public class RetriableDeliveryException extends RuntimeException {

    public RetriableDeliveryException(int failed, int of, String topic, Throwable example) {
        super(failed + " of " + of + " record(s) to " + topic + " not acknowledged: "
                + example.getClass().getSimpleName() + ": " + example.getMessage(), example);
    }
}
