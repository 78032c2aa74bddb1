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
        EmailNotification emailNotification,
        Scheduling scheduling) {

    public ExportJob {
        emailNotification = emailNotification == null ? EmailNotification.NONE : emailNotification;
        scheduling = scheduling == null ? Scheduling.STANDARD : scheduling;
    }

    /** A job with the default {@link Scheduling}. */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery, EmailNotification emailNotification) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, emailNotification,
                Scheduling.STANDARD);
    }

    /** A job without run notifications, with the default {@link Scheduling}. */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, EmailNotification.NONE,
                Scheduling.STANDARD);
    }

    /**
     * What happens to fires the schedule could not honour on time.
     *
     * @param misfirePolicy what to do with a fire that fell due while no instance could run it
     * @param misfireGrace  with {@code skip}: how late a fire may still start; later ones are skipped (and logged)
     * @param recover       whether another instance runs the job again when the instance running it dies mid-run
     */
    public record Scheduling(MisfirePolicy misfirePolicy, java.time.Duration misfireGrace, boolean recover) {
        public static final Scheduling STANDARD = new Scheduling(MisfirePolicy.RUN_ONCE, java.time.Duration.ofMinutes(5), true);
    }

    /** A job field {@code misfire_policy}. */
    public enum MisfirePolicy {
        /** the fires missed are caught up by one run as soon as an instance can (the default) */
        RUN_ONCE,
        /** a fire later than the grace period is not run: the schedule goes on with its next fire */
        SKIP;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What happens to records Kafka does not acknowledge, and when a run counts as failed.
     *
     * @param maxRedeliveries  Camel redeliveries of the records of a batch that failed with a retriable Kafka error, after
     *                         the producer's own retries within delivery.timeout.ms gave up (job field max_redeliveries)
     * @param redeliveryDelay  wait before the first redelivery; doubles for each further one (redelivery_delay_ms)
     * @param deadLetterTopic  where records that cannot be delivered go, with the reason (same cluster)
     * @param successThreshold percentage of rows that must be sent for the run not to be {@code failed}
     */
    public record Delivery(int maxRedeliveries, java.time.Duration redeliveryDelay, String deadLetterTopic, double successThreshold) {
    }

    public static final String DEFAULT_KAFKA_CONNECTION = "default";
    public static final String DEFAULT_KEY_COLUMN = "id";
    public static final int DEFAULT_BATCH_SIZE = 100;
}
