package io.querycast.events;

import io.querycast.config.ConfigException;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP event publishing ({@code querycast.events.*}, docs/configuration.md#http-event-publishing). Defaults per
 * environment come from the Spring profiles (application-production.yaml, -development.yaml, -test.yaml).
 *
 * @param connection   the Kafka connection events go to (default {@code default})
 * @param topics       event type -> topic; an event type without a mapping needs {@code ?topic=}, which may only name
 *                     one of these topics (EventsApi)
 * @param batchSize    a batch is sent when it holds this many events of one topic (default 50)
 * @param batchTimeoutMs a batch is sent this long after its first event at the latest (default 500)
 * @param maxBatchSize the largest batch_size allowed (default 200)
 * @param batchSyncEvents false (default): each event a caller waits for (no {@code ?async=true}) is handed to the
 *                     delivery path at once, on the caller's thread, and the shared producer batches concurrent
 *                     callers' records ({@code linger.ms}, {@code batch.size}); true: they are batched by the
 *                     aggregator like the asynchronous ones (batch-size, batch-timeout-ms). Measured: docs/performance.md
 */
@ConfigurationProperties("querycast.events")
public record EventSettings(String connection, Map<String, String> topics, Integer batchSize, Integer batchTimeoutMs,
                            Integer maxBatchSize, Boolean batchSyncEvents) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    public EventSettings {
        connection = connection == null || connection.isBlank() ? "default" : connection;
        topics = topics == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(topics));
        batchSize = batchSize == null ? 50 : batchSize;
        batchTimeoutMs = batchTimeoutMs == null ? 500 : batchTimeoutMs;
        maxBatchSize = maxBatchSize == null ? 200 : maxBatchSize;
        batchSyncEvents = batchSyncEvents == null ? Boolean.FALSE : batchSyncEvents;
        positive("batch-size", batchSize);
        positive("batch-timeout-ms", batchTimeoutMs);
        positive("max-batch-size", maxBatchSize);
        if (batchSize > maxBatchSize) {
            throw new ConfigException("querycast.events.batch-size (" + batchSize + ") must not be larger than querycast.events.max-batch-size ("
                    + maxBatchSize + ")");
        }
        for (Map.Entry<String, String> e : topics.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new ConfigException("querycast.events.topics: event type '" + e.getKey() + "' must be 1 to 249 of A-Z a-z 0-9 . _ -");
            }
            if (e.getValue() == null || !NAME.matcher(e.getValue()).matches() || e.getValue().equals(".") || e.getValue().equals("..")) {
                throw new ConfigException("querycast.events.topics." + e.getKey() + ": '" + e.getValue()
                        + "' is not a legal Kafka topic name (1 to 249 of A-Z a-z 0-9 . _ -)");
            }
        }
    }

    private static void positive(String property, int value) {
        if (value <= 0) {
            throw new ConfigException("querycast.events." + property + " must be a positive whole number, got " + value);
        }
    }
}
