package io.querycast.delivery;

/**
 * Thrown by {@link RecordSender} when records of a batch failed for good (or could never be sent) and none is left
 * to retry: the delivery route's error handler hands the batch to its dead-letter route without redelivery.
 */
public class UndeliverableRecordsException extends RuntimeException {

    public UndeliverableRecordsException(int records, String topic) {
        super(records + " record(s) for " + topic + " cannot be delivered: to the dead-letter topic", null, false, false);
    }
}
