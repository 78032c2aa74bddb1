package io.querycast.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The request and response bodies the REST DSL declares ({@code type:}, {@code outType:}, {@code responseModel:}
 * in routes/api.yaml), so that {@code /api/openapi.json} carries their JSON schemas. The handlers read and write
 * the same JSON themselves (ApiJson): these records describe it, with the API's snake_case names.
 */
public final class ApiSchemas {

    private ApiSchemas() {
    }

    /** Every refusal: {@code {"error": ..., "status": ...}}, with {@code errors} for configuration mistakes. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ErrorBody(String error, int status, List<ConfigMistake> errors) {
    }

    /** One mistake of a job file, as the start and {@code validate} print it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfigMistake(String file, int line, String field, String problem, String fix, String message) {
    }

    /** {@code POST /api/jobs/{id}/run}: parameter values for this run only. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunRequest(Map<String, String> parameters) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunAccepted(String runId, String job, String trigger, Map<String, String> parameters, String history) {
    }

    /**
     * The job file's fields (docs/configuration.md), as {@code POST /api/jobs} and {@code PUT /api/jobs/{id}} take them:
     * the names JobsReader accepts, no more, no fewer (RestApiTest).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JobFields(String id, String description, Boolean enabled, String query, String dbConnection, String schedule,
                            String timezone, Map<String, String> parameters, String kafkaConnection, String topic, String keyColumn,
                            Integer batchSize, Boolean includeMetadata, Boolean lowercaseColumns, String jsonColumns, Integer progressEvery,
                            Integer maxRetries, Integer retryBackoffMs, String deadLetterTopic, Double successThreshold,
                            String misfirePolicy, Integer misfireGraceS, Boolean recover, Map<String, Object> emailNotification,
                            String mode, String incrementingColumn, String timestampColumn, String bound, Integer safetyLagS,
                            Integer overlapS, Integer overlapIds, List<String> keyColumns, String keySeparator, String envelope,
                            List<String> steps, String exportMode, Map<String, Object> output, Integer maxRedeliveries,
                            Integer redeliveryDelayMs, Boolean exactlyOnce) {
    }

    /** One field that changed, values as written in the file (null: added or removed). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FieldChange(String field, String before, String after) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JobWritten(String job, String file, String etag, List<FieldChange> changes, String inForce, Boolean deleted) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AuditEntry(String action, String by, Instant at, String file, String instance, List<FieldChange> changes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AuditPage(String job, List<AuditEntry> entries) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReloadResult(List<String> added, List<String> replaced, List<String> removed, String connections, String note) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CronAnswer(String expression, String quartz, String timezone, String description, List<Instant> nextFireTimes) {
    }
}
