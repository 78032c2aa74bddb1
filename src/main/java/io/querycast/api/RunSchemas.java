package io.querycast.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code /api/history} (HistoryApi#view) and {@code /api/replays} (ReplaysApi), for the REST DSL's
 * {@code type} and {@code outType} (routes/api.yaml).
 */
public final class RunSchemas {

    private RunSchemas() {
    }

    /** One run as recorded; {@code error} masked. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunView(String runId, String job, String status, String trigger, String instance, Instant dueAt, String mode,
                          String outputFile, String outputMessageId, String query, String dbConnection, String kafkaConnection,
                          String topic, Map<String, String> parameters, Instant startedAt, Instant finishedAt, Long rowsRead, Long sent,
                          Long failed, Long deadLettered, Long skipped, Long bytes, Long durationMs, Long kafkaMs, String error) {
    }

    /** {@code GET /api/history}: a page of runs, newest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunPage(List<RunView> runs, Integer offset, Integer limit) {
    }

    /** {@code POST /api/replays}: only {@code job} is required; {@code from}/{@code to} are ISO-8601 instants. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReplayRequest(String job, String run, String from, String to, String reason) {
    }

    /** A replay, once over: a run of its own (trigger {@code replay}) with its counts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReplayAnswer(String runId, String job, String trigger, String status, String deadLetterTopic, String topic,
                               Map<String, String> filters, Long lettersRead, Long matched, Long sent, Long failed, Long deadLettered,
                               Long skippedTruncated, Long otherTopic, String error, String history) {
    }
}
