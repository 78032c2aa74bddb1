package io.querycast.alerts;

/** What the route querycast-notifications delivers: an alert's change, or a run's summary mail. */
public sealed interface Notification permits AlertEvent, RunSummary {
}
