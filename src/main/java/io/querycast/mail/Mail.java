package io.querycast.mail;

import java.nio.file.Path;
import java.util.List;

/**
 * One plain-text mail to send through the mail connection: recipients, subject, body and files attached.
 * The sender is the connection's {@code from}.
 */
public record Mail(List<String> to, String subject, String text, List<Attachment> attachments) {

    public Mail {
        to = List.copyOf(to);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
    }

    public Mail(List<String> to, String subject, String text) {
        this(to, subject, text, List.of());
    }

    /**
     * A file attached under {@code name}, read from disk while the mail is sent (never held in memory whole).
     *
     * @param contentType the MIME type the attachment is announced as
     */
    public record Attachment(String name, Path file, String contentType) {
    }
}
