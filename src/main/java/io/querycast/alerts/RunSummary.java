package io.querycast.alerts;

import io.querycast.run.RunRecord;

import java.util.List;

/** A run's end, to be mailed to its job's {@code email_notification.recipients}. */
public record RunSummary(RunRecord run, List<String> recipients) implements Notification {
}
