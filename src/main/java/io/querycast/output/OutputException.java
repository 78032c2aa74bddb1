package io.querycast.output;

/** A file export that cannot go on (the directory, the file, a row it cannot write): the run fails with this text. */
public class OutputException extends RuntimeException {

    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
