package io.querycast.message;

/**
 * A JSON column of the row holds text that is not valid JSON, so it cannot be embedded as a JSON value.
 * Carries the row written with its JSON columns as strings, valid JSON that loses nothing, for the
 * dead-letter topic.
 */
public final class InvalidJsonColumnException extends RuntimeException {

    private final transient byte[] rowWithJsonAsStrings;

    InvalidJsonColumnException(String message, byte[] rowWithJsonAsStrings) {
        super(message);
        this.rowWithJsonAsStrings = rowWithJsonAsStrings;
    }

    public byte[] rowWithJsonAsStrings() {
        return rowWithJsonAsStrings;
    }
}
