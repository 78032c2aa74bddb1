package io.querycast.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code /api/me}, {@code /api/alerts} (alerts.AlertsApi) and {@code /api/events}
 * (EventsApi, events.EventBatches#status), for the REST DSL's {@code outType} and {@code responseModel}.
 */
public final class DashboardSchemas {

    private DashboardSchemas() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Me(String username, List<String> roles, Boolean operator) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alerts(Boolean enabled, Long intervalMs, Instant evaluatedAt, List<AlertView> active, List<AlertView> resolved,
                         List<AlertRuleView> rules, AlertChannels channels) {
    }

    /** An alert, pending, firing or resolved. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertView(String id, String rule, Map<String, String> labels, String subject, String state, Instant since,
                            Instant firedAt, Instant resolvedAt, Long firingMs, String summary, String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertRuleView(String name, Boolean enabled, String description, AlertRuleSettings settings) {
    }

    /** The settings a rule has (the others are absent). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertRuleSettings(Double threshold, Long maxLatencyMs, Long windowMs, Long forMs, Long graceMs, Boolean disableJob) {
    }

    /** Where notifications go: how many mail recipients, the webhooks' names and formats (never their URLs). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertChannels(Integer emailRecipients, List<WebhookChannel> webhooks) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WebhookChannel(String name, String format) {
    }

    /** {@code POST /api/events/{eventType}}: Kafka acknowledged the event. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventPublished(String id, String eventType, String topic, Integer partition, Long offset) {
    }

    /** {@code ?async=true}: 202, queued; a failure for good goes to {@code dead_letter_topic}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventAccepted(String id, String eventType, String topic, String status, String deadLetterTopic) {
    }

    /** Kafka refused the event or did not answer in time ({@code id}, {@code event_type}, {@code topic} once it was handed on). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventRefused(String id, String eventType, String topic, String error, Integer status) {
    }

    /** {@code GET /api/events/status}: batching settings and counters since the start. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventsStatus(Boolean accepting, String connection, Integer batchSize, Long batchTimeoutMs, Integer maxBatchSize,
                               Integer pendingEvents, Integer awaitingAcknowledgement, Boolean timedFlushScheduled, Long batchesSent,
                               Long eventsSent, Double averageBatchSize, Map<String, Long> batchesBySize, Long acknowledged, Long failed,
                               Long asyncAccepted, Long deadLettered, Long deadLetterFailures, Map<String, Long> topics) {
    }
}
