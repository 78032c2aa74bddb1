package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.metrics.KafkaMetricsQueries;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/kafka/metrics/*}: what the exports sent, from the hourly aggregates in the state store, so
 * the figures survive restarts. Counts cover export runs; the test messages of /api/kafka/send are not in them.
 */
public final class MetricsApi {

    static final int DEFAULT_HOURS = 24;
    static final int MAX_HOURS = 24 * 30;

    private final ApiJson api;
    private final KafkaMetricsQueries queries;

    public MetricsApi(ApiJson api, KafkaMetricsQueries queries) {
        this.api = api;
        this.queries = queries;
    }

    /** Today and the last 7 days: sent, errors, success rate, average/p90/p99 batch latency. */
    public void summary(Exchange exchange) {
        api.respond(exchange, e -> Reply.ok(queries.summary()));
    }

    /** One entry per hour of the last {@code hours} (default 24), optionally for one job or topic. */
    public void hourly(Exchange exchange) {
        api.respond(exchange, e -> {
            int hours = hours(ApiJson.query(e, "hours"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hours", queries.hourly(Duration.ofHours(hours), ApiJson.query(e, "job"), ApiJson.query(e, "topic")));
            return Reply.ok(body);
        });
    }

    /** Per topic over the kept aggregates: sent, failed, dead-lettered, bytes, last send. */
    public void topics(Exchange exchange) {
        api.respond(exchange, e -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("topics", queries.topics());
            return Reply.ok(body);
        });
    }

    private static int hours(String raw) {
        if (raw == null) {
            return DEFAULT_HOURS;
        }
        try {
            int h = Integer.parseInt(raw.trim());
            if (h >= 1 && h <= MAX_HOURS) {
                return h;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("hours must be a whole number from 1 to " + MAX_HOURS + ", got '" + raw + "'");
    }
}
