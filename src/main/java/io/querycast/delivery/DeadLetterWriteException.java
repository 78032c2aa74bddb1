package io.querycast.delivery;

/** The dead-letter topic did not take records: the run fails rather than lose them silently. */
public class DeadLetterWriteException extends RuntimeException {

    public DeadLetterWriteException(String message) {
        super(message);
    }
}
