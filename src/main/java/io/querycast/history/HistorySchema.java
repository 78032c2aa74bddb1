package io.querycast.history;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The state store's tables, created or brought up to date at start. The DDL is in numbered steps and
 * {@code querycast_schema_version} records the steps applied, so a store written by any earlier version
 * can be upgraded: a change is a new step, never an edit of a step that shipped. The types are the ones
 * H2 and PostgreSQL share.
 */
final class HistorySchema {

    private static final List<List<String>> STEPS = List.of(
            // 1: the run history
            List.of("""
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
                            )""",
                    "CREATE INDEX querycast_runs_job_started ON querycast_runs (job_id, started_at)",
                    "CREATE INDEX querycast_runs_status ON querycast_runs (status)"),
            // 2: hourly metrics per (UTC hour, job, Kafka connection, topic); latency in buckets so hours can be merged
            List.of("""
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
                            )""",
                    "CREATE INDEX querycast_metrics_hourly_topic ON querycast_metrics_hourly (topic, hour_start)"),
            // 3: operators' enable/disable decisions, so a restart does not undo them
            List.of("""
                    CREATE TABLE querycast_job_switches (
                        job_id           VARCHAR(100)  NOT NULL PRIMARY KEY,
                        enabled          BOOLEAN       NOT NULL,
                        file_enabled     BOOLEAN       NOT NULL,
                        changed_by       VARCHAR(100)  NOT NULL,
                        changed_at       TIMESTAMP WITH TIME ZONE NOT NULL
                    )"""));

    private HistorySchema() {
    }

    /** @return the schema version now in force */
    static int migrate(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS querycast_schema_version ("
                + "version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        Integer applied = jdbc.queryForObject("SELECT MAX(version) FROM querycast_schema_version", Integer.class);
        int current = applied == null ? 0 : applied;
        if (current > STEPS.size()) {
            throw new IllegalStateException("the state store's schema is at version " + current
                    + ", newer than this Querycast knows (" + STEPS.size() + "): run the newer Querycast");
        }
        // on PostgreSQL a step and its version row commit together (an instance starting at the same time
        // fails on the version's primary key instead of applying it twice); H2 commits each DDL on its own
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        for (int v = current + 1; v <= STEPS.size(); v++) {
            int version = v;
            tx.executeWithoutResult(status -> {
                STEPS.get(version - 1).forEach(jdbc::execute);
                jdbc.update("INSERT INTO querycast_schema_version (version, applied_at) VALUES (?, ?)",
                        version, OffsetDateTime.now(ZoneOffset.UTC));
            });
        }
        return STEPS.size();
    }
}
