package io.querycast.job;

import java.util.List;

/**
 * A job's {@code email_notification}: who gets a mail with the run's summary when a run ends, and for which
 * outcomes. A failure is every end but {@code success}: {@code partial}, {@code failed}, {@code interrupted}.
 */
public record EmailNotification(boolean onSuccess, boolean onFailure, List<String> recipients) {

    public static final EmailNotification NONE = new EmailNotification(false, false, List.of());

    public EmailNotification {
        recipients = List.copyOf(recipients);
    }

    public boolean wanted(boolean succeeded) {
        return !recipients.isEmpty() && (succeeded ? onSuccess : onFailure);
    }
}
