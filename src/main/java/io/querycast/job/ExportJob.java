package io.querycast.job;

import io.querycast.message.Envelope;
import io.querycast.message.JsonColumns;

import java.time.ZoneId;
import java.util.Map;

/**
 * One export job as declared in {@code config/jobs/<id>.yaml}: which query runs where, when, and where its
 * rows go. See docs/configuration.md for the meaning, type, default and valid values of every field.
 *
 * <p>{@code exactlyOnce} (job field {@code exactly_once}, Kafka exports only): each run is one Kafka transaction holding its
 * records, its dead letters and, for an incremental job, its new watermark (docs/reliability.md#exactly-once).
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
        Scheduling scheduling,
        Feed feed,
        Shape shape,
        JobOutput output,
        boolean exactlyOnce) {

    public ExportJob {
        emailNotification = emailNotification == null ? EmailNotification.NONE : emailNotification;
        scheduling = scheduling == null ? Scheduling.STANDARD : scheduling;
        feed = feed == null ? Feed.BULK : feed;
        shape = shape == null ? Shape.STANDARD : shape;
        output = output == null ? JobOutput.KAFKA : output;
    }

    /** A job without {@code exactly_once} (at-least-once delivery, the default). */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery, EmailNotification emailNotification, Scheduling scheduling, Feed feed,
                     Shape shape, JobOutput output) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, emailNotification,
                scheduling, feed, shape, output, false);
    }

    /** A job that sends to Kafka ({@code export_mode: kafka}, the default). */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery, EmailNotification emailNotification, Scheduling scheduling, Feed feed,
                     Shape shape) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, emailNotification,
                scheduling, feed, shape, JobOutput.KAFKA);
    }

    /** A {@code bulk} job (every run exports the whole result) with the default {@link Shape}. */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery, EmailNotification emailNotification, Scheduling scheduling) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, emailNotification,
                scheduling, Feed.BULK, Shape.STANDARD, JobOutput.KAFKA);
    }

    /** The columns the record key is made of: {@code key_columns} when given, else {@code key_column} alone. */
    public java.util.List<String> keyColumns() {
        return shape.keyColumns().isEmpty() ? java.util.List.of(keyColumn) : shape.keyColumns();
    }

    /**
     * How a row becomes a record beyond its columns (docs/configuration.md#record-shape).
     *
     * @param keyColumns   {@code key_columns}: the key is these columns' values joined by {@code keySeparator}; empty: {@code key_column}
     * @param keySeparator {@code key_separator}, default {@code |}
     * @param envelope     {@code envelope}: the columns as the value ({@code flat}) or under {@code data} with a {@code metadata} block
     * @param steps        {@code steps}: the names of the route templates under routes/steps/ each record goes through before delivery
     */
    public record Shape(java.util.List<String> keyColumns, String keySeparator, Envelope envelope, java.util.List<String> steps) {
        public static final String DEFAULT_KEY_SEPARATOR = "|";
        public static final Shape STANDARD = new Shape(java.util.List.of(), DEFAULT_KEY_SEPARATOR, Envelope.FLAT, java.util.List.of());

        public Shape {
            keyColumns = java.util.List.copyOf(keyColumns);
            steps = java.util.List.copyOf(steps);
        }
    }

    /** A job with the default {@link Scheduling}. */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery, EmailNotification emailNotification) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, emailNotification,
                Scheduling.STANDARD, Feed.BULK, Shape.STANDARD);
    }

    /** A job without run notifications, with the default {@link Scheduling}. */
    public ExportJob(String id, String file, String description, boolean enabled, String queryFile, String dbConnection,
                     CronSchedule schedule, ZoneId timezone, Map<String, String> parameters, String kafkaConnection, String topic,
                     String keyColumn, int batchSize, boolean includeMetadata, boolean lowercaseColumns, JsonColumns jsonColumns,
                     int progressEvery, Delivery delivery) {
        this(id, file, description, enabled, queryFile, dbConnection, schedule, timezone, parameters, kafkaConnection, topic,
                keyColumn, batchSize, includeMetadata, lowercaseColumns, jsonColumns, progressEvery, delivery, EmailNotification.NONE,
                Scheduling.STANDARD, Feed.BULK, Shape.STANDARD);
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

    /**
     * How a run chooses its rows: the whole result ({@code bulk}) or only what is new since the job's watermark
     * (docs/configuration.md#incremental-feeds, docs/reliability.md#incremental-feeds).
     *
     * @param mode               bulk, incrementing, timestamp or timestamp+incrementing
     * @param incrementingColumn the result column that strictly increases (incrementing modes)
     * @param timestampColumn    the result column holding the row's last-modified time (timestamp modes)
     * @param bound              how a poll is kept below what open transactions may still commit
     * @param safetyLag          lag bound: a row is read only once it is this old (timestamp) or was seen this long ago (incrementing)
     * @param overlap            lag bound, timestamp modes: how far below the watermark each poll reads again
     * @param overlapIds         lag bound, incrementing: how many ids below the watermark each poll reads again
     */
    public record Feed(FeedMode mode, String incrementingColumn, String timestampColumn, FeedBound bound,
                       java.time.Duration safetyLag, java.time.Duration overlap, long overlapIds) {
        public static final Feed BULK = new Feed(FeedMode.BULK, null, null, FeedBound.AUTO, java.time.Duration.ofSeconds(10),
                java.time.Duration.ZERO, 0);

        public boolean incremental() {
            return mode != FeedMode.BULK;
        }

        public boolean usesTimestamp() {
            return mode == FeedMode.TIMESTAMP || mode == FeedMode.TIMESTAMP_INCREMENTING;
        }

        public boolean usesId() {
            return mode == FeedMode.INCREMENTING || mode == FeedMode.TIMESTAMP_INCREMENTING;
        }
    }

    /** A job field {@code mode}. */
    public enum FeedMode {
        BULK("bulk"), INCREMENTING("incrementing"), TIMESTAMP("timestamp"), TIMESTAMP_INCREMENTING("timestamp+incrementing");

        private final String text;

        FeedMode(String text) {
            this.text = text;
        }

        public static java.util.Optional<FeedMode> parse(String text) {
            return java.util.Arrays.stream(values()).filter(m -> m.text.equals(text)).findFirst();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A job field {@code bound}: what keeps a poll below the rows that open transactions may still commit. */
    public enum FeedBound {
        /** PostgreSQL: its open transactions (pg_stat_activity, needs pg_monitor); any other database: {@code lag} */
        AUTO,
        /** any database: the safety lag and the overlap */
        LAG,
        /** SQL Server: the incrementing column is a {@code rowversion}, bounded by MIN_ACTIVE_ROWVERSION() */
        ROWVERSION,
        /** Oracle: the incrementing column is ORA_ROWSCN, bounded by the SCN taken before the query */
        SCN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String DEFAULT_KAFKA_CONNECTION = "default";
    public static final String DEFAULT_KEY_COLUMN = "id";
    public static final int DEFAULT_BATCH_SIZE = 100;
}
