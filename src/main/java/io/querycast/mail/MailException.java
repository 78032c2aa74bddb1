package io.querycast.mail;

/** A mail the server did not take after the mail route's redeliveries, or one that could not be sent at all. */
public class MailException extends RuntimeException {

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }

    public MailException(String message) {
        super(message);
    }
}
