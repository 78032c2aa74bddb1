package io.querycast.alerts;

import java.util.Locale;

/** The JSON body a webhook gets. */
public enum WebhookFormat {
    /** Querycast's own: status, rule, labels, summary, times */
    JSON,
    /** a Slack incoming webhook: {@code {"text": ...}} */
    SLACK,
    /** a Microsoft Teams workflow ("When a Teams webhook request is received"): a message with an Adaptive Card */
    TEAMS;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
