package io.querycast.mail;

import java.util.List;

/**
 * One plain-text mail to send through the mail connection: recipients, subject, body. The sender is the
 * connection's {@code from}.
 */
public record Mail(List<String> to, String subject, String text) {

    public Mail {
        to = List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
    }
}
