package io.querycast.delivery;

/** A row that can never become a Kafka record (NULL key, a value that cannot be written as JSON). */
public class UnsendableRecordException extends RuntimeException {

    public UnsendableRecordException(String reason) {
        super(reason);
    }
}
