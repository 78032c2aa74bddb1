-- A state store as the release before Flyway (0.1.x) leaves it: HistorySchema's table of applied steps and its
-- steps 1-3 verbatim (HistorySchema.java as of commit 34f4889), then runs, hourly
-- metrics and switches written with that release's INSERT statements (JdbcRunHistory, HourlyMetrics, JdbcJobSwitches).
-- StateSchemaMigrationTest opens it with this release: nothing may be lost.
CREATE TABLE IF NOT EXISTS querycast_schema_version (version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL);
CREATE TABLE querycast_runs (
    export_id        VARCHAR(300)  NOT NULL PRIMARY KEY,
    job_id           VARCHAR(100)  NOT NULL,
    instance_id      VARCHAR(200)  NOT NULL,
    query_file       VARCHAR(300)  NOT NULL,
    db_connection    VARCHAR(64)   NOT NULL,
    kafka_connection VARCHAR(64)   NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    export_mode      VARCHAR(20)   NOT NULL,
    trigger_type     VARCHAR(20)   NOT NULL,
    parameters       VARCHAR(8000) NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    rows_read        BIGINT        NOT NULL,
    sent             BIGINT        NOT NULL,
    failed           BIGINT        NOT NULL,
    dead_lettered    BIGINT        NOT NULL,
    bytes            BIGINT        NOT NULL,
    duration_ms      BIGINT,
    kafka_ms         BIGINT        NOT NULL,
    error_text       VARCHAR(4000)
    );
CREATE INDEX querycast_runs_job_started ON querycast_runs (job_id, started_at);
CREATE INDEX querycast_runs_status ON querycast_runs (status);
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
CREATE TABLE querycast_job_switches (
    job_id           VARCHAR(100)  NOT NULL PRIMARY KEY,
    enabled          BOOLEAN       NOT NULL,
    file_enabled     BOOLEAN       NOT NULL,
    changed_by       VARCHAR(100)  NOT NULL,
    changed_at       TIMESTAMP WITH TIME ZONE NOT NULL
    );
INSERT INTO querycast_schema_version (version, applied_at) VALUES (1, TIMESTAMP WITH TIME ZONE '2026-11-02 07:00:00+00');
INSERT INTO querycast_schema_version (version, applied_at) VALUES (2, TIMESTAMP WITH TIME ZONE '2026-11-20 07:00:00+00');
INSERT INTO querycast_schema_version (version, applied_at) VALUES (3, TIMESTAMP WITH TIME ZONE '2026-11-28 07:00:00+00');
INSERT INTO querycast_runs (export_id, job_id, instance_id, query_file, db_connection, kafka_connection, topic, export_mode, trigger_type, parameters, status, started_at, rows_read, sent, failed, dead_lettered, bytes, kafka_ms) VALUES ('Q-20261129080000', 'cdg-kafka-001', 'qc-prod-1', 'Q.sql', 'cdg', 'default', 'cdg.tracking.events', 'full', 'cron', '{"DATA":"2026-11-28"}', 'running', TIMESTAMP WITH TIME ZONE '2026-11-29 08:00:00.123456+00', 0, 0, 0, 0, 0, 0);
UPDATE querycast_runs SET status = 'success', finished_at = TIMESTAMP WITH TIME ZONE '2026-11-29 08:01:02.5+00', error_text = NULL, rows_read = 20000, sent = 20000, failed = 0, dead_lettered = 0, bytes = 7880000, duration_ms = 62377, kafka_ms = 4200 WHERE export_id = 'Q-20261129080000';
INSERT INTO querycast_runs (export_id, job_id, instance_id, query_file, db_connection, kafka_connection, topic, export_mode, trigger_type, parameters, status, started_at, rows_read, sent, failed, dead_lettered, bytes, kafka_ms) VALUES ('Q-20261130080000', 'cdg-kafka-001', 'qc-prod-1', 'Q.sql', 'cdg', 'default', 'cdg.tracking.events', 'full', 'api', '{"DATA":"2026-11-29"}', 'running', TIMESTAMP WITH TIME ZONE '2026-11-30 08:00:00+00', 0, 0, 0, 0, 0, 0);
UPDATE querycast_runs SET status = 'partial', finished_at = TIMESTAMP WITH TIME ZONE '2026-11-30 08:00:09+00', error_text = 'Kafka export partly failed: 997/1,000 sent (99.7 %), 3 dead-lettered, 0 failed; first error: row with key P30: too large', rows_read = 1000, sent = 997, failed = 0, dead_lettered = 3, bytes = 390000, duration_ms = 9000, kafka_ms = 800 WHERE export_id = 'Q-20261130080000';
INSERT INTO querycast_runs (export_id, job_id, instance_id, query_file, db_connection, kafka_connection, topic, export_mode, trigger_type, parameters, status, started_at, rows_read, sent, failed, dead_lettered, bytes, kafka_ms) VALUES ('Q-20261201080000', 'cdg-kafka-001', 'qc-prod-1', 'Q.sql', 'cdg', 'default', 'cdg.tracking.events', 'full', 'cron', '{"DATA":"2026-11-30"}', 'running', TIMESTAMP WITH TIME ZONE '2026-12-01 08:00:00+00', 0, 0, 0, 0, 0, 0);
INSERT INTO querycast_metrics_hourly (hour_start, job_id, kafka_connection, topic, rows_read, sent, failed, dead_lettered, bytes, batches, latency_sum_us, latency_max_us, latency_p50_ms, latency_p90_ms, latency_p99_ms, latency_buckets, last_sent_at, updated_at) VALUES (TIMESTAMP WITH TIME ZONE '2026-11-29 08:00:00+00', 'cdg-kafka-001', 'default', 'cdg.tracking.events', 20000, 20000, 0, 0, 7880000, 40, 4200000, 310000, 75, 150, 300, '0,0,0,0,0,0,0,0,0,10,20,8,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0', TIMESTAMP WITH TIME ZONE '2026-11-29 08:01:02+00', TIMESTAMP WITH TIME ZONE '2026-11-29 08:01:03+00');
INSERT INTO querycast_job_switches (job_id, enabled, file_enabled, changed_by, changed_at) VALUES ('cdg-kafka-002', FALSE, TRUE, 'operator', TIMESTAMP WITH TIME ZONE '2026-11-30 17:45:00+00');
INSERT INTO querycast_job_switches (job_id, enabled, file_enabled, changed_by, changed_at) VALUES ('cdg-kafka-003', TRUE, FALSE, 'ops.rossi', TIMESTAMP WITH TIME ZONE '2026-11-30 18:00:00+00');
