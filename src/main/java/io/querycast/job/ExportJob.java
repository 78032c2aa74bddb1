package io.querycast.job;

import io.querycast.message.JsonColumns;

import java.time.ZoneId;
import java.util.Map;

/**
 * One export job as declared in {@code config/jobs/<id>.yaml}: which query runs where, when, and where its
 * rows go. See docs/configuration.md for the meaning, type, default and valid values of every field.
 */
public record ExportJob(
        String id,
        String file,
        String description,
        boolean enabled,
        String queryFile,
        String dbConnection,
        CronSchedule schedule,
        ZoneId timezone,
        Map<String, String> parameters,
        String kafkaConnection,
        String topic,
        String keyColumn,
        int batchSize,
        boolean includeMetadata,
        boolean lowercaseColumns,
        JsonColumns jsonColumns,
        int progressEvery,
        Delivery delivery,
        EmailNotification emailNotification) {

    public ExportJob {
        emailNotification = emailNotification == null ? EmailNotification.NONE : emailNotification;
    }

    /** A job without run notifications. */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, EmailNotification.NONE);
    }

    /**
     * What happens to records Kafka does not acknowledge, and when a run counts as failed.
     *
     * @param maxRetries       re-sends of a record after its first attempt failed with a retriable error
     * @param retryBackoff     wait before the first re-send; doubles for each further one
     * @param deadLetterTopic  where records that cannot be delivered go, with the reason (same cluster)
     * @param successThreshold percentage of rows that must be sent for the run not to be {@code failed}
     */
    public record Delivery(int maxRetries, java.time.Duration retryBackoff, String deadLetterTopic, double successThreshold) {
    }

    public static final String DEFAULT_KAFKA_CONNECTION = "default";
    public static final String DEFAULT_KEY_COLUMN = "id";
    public static final int DEFAULT_BATCH_SIZE = 100;
}
