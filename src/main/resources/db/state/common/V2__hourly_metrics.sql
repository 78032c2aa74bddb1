-- Schema step 2 of the releases before Flyway: hourly metrics per (UTC hour, job, Kafka connection, topic);
-- latency in buckets so hours can be merged.
CREATE TABLE querycast_metrics_hourly (
    hour_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    job_id           VARCHAR(100)  NOT NULL,
    kafka_connection VARCHAR(64)   NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    rows_read        BIGINT        NOT NULL,
    sent             BIGINT        NOT NULL,
    failed           BIGINT        NOT NULL,
    dead_lettered    BIGINT        NOT NULL,
    bytes            BIGINT        NOT NULL,
    batches          BIGINT        NOT NULL,
    latency_sum_us   BIGINT        NOT NULL,
    latency_max_us   BIGINT        NOT NULL,
    latency_p50_ms   DOUBLE PRECISION,
    latency_p90_ms   DOUBLE PRECISION,
    latency_p99_ms   DOUBLE PRECISION,
    latency_buckets  VARCHAR(1000) NOT NULL,
    last_sent_at     TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hour_start, job_id, kafka_connection, topic)
);
CREATE INDEX querycast_metrics_hourly_topic ON querycast_metrics_hourly (topic, hour_start);
