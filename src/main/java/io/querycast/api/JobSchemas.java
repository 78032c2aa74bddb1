package io.querycast.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.querycast.api.ApiSchemas.ConfigMistake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code /api/jobs} (list, one job, enable/disable, preview) and {@code /api/queries}, as JobsApi,
 * JobPreviewApi (tooling.PreviewJson), SchedulingApi and feed.Watermarks#view write them, for the REST DSL's
 * {@code outType} (routes/api.yaml). Field for field: RestApiTest compares them with real answers.
 */
public final class JobSchemas {

    private JobSchemas() {
    }

    /** {@code GET /api/jobs}: the jobs in force, and the job files with mistakes that are not (yet) in force. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JobList(List<JobView> jobs, List<InvalidFile> invalidFiles) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InvalidFile(String file, List<ConfigMistake> errors) {
    }

    /**
     * One job. {@code GET /api/jobs/{id}} adds {@code etag} and {@code fields} (the file's own fields, for an editor);
     * a file with mistakes that is not in force answers only {@code id, file, valid (false), errors, etag, fields}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JobView(String id, String file, String description, Boolean enabledInConfig, Boolean enabled, Switched switched,
                          String routeStatus, String query, String dbConnection, Schedule schedule, Instant nextFireTime,
                          Map<String, String> parameters, Map<String, QueryParameterView> queryParameters, String kafkaConnection,
                          String topic, String keyColumn, Integer batchSize, Boolean includeMetadata, Boolean lowercaseColumns,
                          String jsonColumns, DeliveryView delivery, Boolean valid, List<ConfigMistake> fileErrors, String changeWaiting,
                          FeedView feed, RunSchemas.RunView lastRun, List<ConfigMistake> errors, String etag, Map<String, Object> fields) {
    }

    /** The API's enable/disable decision in force (null: the job file's {@code enabled}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Switched(Boolean enabled, String by, Instant at) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Schedule(String cron, String quartz, String timezone) {
    }

    /** A parameter a query file declares ({@code default} may be null). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QueryParameterView(@JsonProperty("default") String defaultValue, Boolean required, String description) {
    }

    /** {@code exactly_once}: each run one Kafka transaction (docs/reliability.md#exactly-once). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeliveryView(Integer maxRedeliveries, Long redeliveryDelayMs, String deadLetterTopic, Double successThreshold,
                               Boolean exactlyOnce) {
    }

    /** The feed part of a job: a bulk job has {@code mode} only; {@code error} only when the state could not be read. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FeedView(String mode, String incrementingColumn, String timestampColumn, String bound, Long safetyLagS, Long overlapS,
                           Long overlapIds, String state, String error, String refused, WatermarkSchemas.WatermarkPosition watermark,
                           WatermarkSchemas.PollBound pollBound) {
    }

    /** {@code POST /api/jobs/{id}/enable} and {@code /disable}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JobSwitched(String job, Boolean enabled, String routeStatus, Instant nextFireTime) {
    }

    /** {@code POST /api/reload} refused: every mistake, nothing reloaded. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReloadRefused(String connections, String error, Integer status, List<ConfigMistake> errors) {
    }

    /** {@code GET /api/jobs/{id}/preview}: what the job would send now; nothing is sent. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Preview(String job, String file, String query, String dbConnection, String kafkaConnection, String topic,
                          String deadLetterTopic, Boolean dryRun, Map<String, String> parameters, Integer rowsLimit, Integer rows,
                          Boolean more, List<PreviewRecord> records, Map<String, Object> schema, List<String> warnings) {
    }

    /** One record: {@code value} is the JSON the job sends (a string when the row cannot be written as JSON). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PreviewRecord(Integer row, String key, Map<String, String> headers, Object value, String deadLetter) {
    }

    /** {@code GET /api/queries}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QueryList(List<QueryView> queries) {
    }

    /** One query file: {@code parameters} null and {@code error} when it cannot be read. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QueryView(String name, Map<String, QueryParameterView> parameters, String error) {
    }
}
