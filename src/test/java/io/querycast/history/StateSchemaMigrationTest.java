package io.querycast.history;

import io.querycast.config.StateStoreSettings;

import io.querycast.config.Secret;
import io.querycast.job.JobSwitch;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.StateDatabases;
import io.querycast.support.StateDatabases.StateDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway takes over a state store written by the release before it (schema step 3 of HistorySchema, the fixture
 * release-0.1-schema-v3.sql): every run, metric and switch is kept, the new tables come in, and the release
 * before can still start on the migrated store (its version table still says 3; its INSERT still works).
 */
class StateSchemaMigrationTest {

    @TempDir
    static Path dir;

    static Stream<StateDatabase> databases() {
        return StateDatabases.fresh("migrate", dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aVersionThreeStoreIsMigratedKeepingEveryRunSwitchAndMetric(StateDatabase db) throws Exception {
        DriverManagerDataSource raw = new DriverManagerDataSource(db.url(), db.kind().startsWith("H2") ? "" : "postgres", "");
        try (Connection c = raw.getConnection()) {
            ScriptUtils.executeSqlScript(c, new ClassPathResource("state/release-0.1-schema-v3.sql"));
        }

        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        try (StateStore store = new StateStore(new StateStoreSettings(db.url(), null, Secret.none(), "qc-prod-2"))) {
            assertThat(store.schemaVersion()).isEqualTo("10");
            JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
            assertThat(jdbc.queryForList("SELECT \"version\" FROM \"querycast_flyway_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class))
                    .as("baseline at the old step 3, then only what came after").containsExactly("3", "4", "5", "6", "7", "8", "9", "10");

            JdbcRunHistory history = new JdbcRunHistory(store.dataSource(), "qc-prod-2", Duration.ofDays(3650), Clock.fixed(now, ZoneOffset.UTC));
            RunRecord first = history.find("Q-20261129080000").orElseThrow();
            assertThat(first.status()).isEqualTo(RunStatus.SUCCESS);
            assertThat(first.trigger()).isEqualTo(Trigger.CRON);
            assertThat(first.parameters()).containsEntry("DATA", "2026-11-28");
            assertThat(first.startedAt()).isEqualTo(Instant.parse("2026-11-29T08:00:00.123456Z"));
            assertThat(first.finishedAt()).isEqualTo(Instant.parse("2026-11-29T08:01:02.5Z"));
            assertThat(List.of(first.rowsRead(), first.sent(), first.failed(), first.deadLettered(), first.bytes()))
                    .containsExactly(20_000L, 20_000L, 0L, 0L, 7_880_000L);
            assertThat(first.duration()).isEqualTo(Duration.ofMillis(62_377));
            assertThat(first.instanceId()).isEqualTo("qc-prod-1");
            assertThat(first.dueAt()).as("the old release did not record it").isNull();
            assertThat(first.exportMode()).as("every run before export modes went to Kafka").isEqualTo("kafka");
            assertThat(first.output().file()).isNull();
            RunRecord partial = history.find("Q-20261130080000").orElseThrow();
            assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(partial.error()).startsWith("Kafka export partly failed: 997/1,000 sent");
            assertThat(partial.deadLettered()).isEqualTo(3);
            assertThat(history.recent(null, 10)).hasSize(3);

            // the run the old release left running (it was killed) is closed by this one's start, keeping its row
            history.start();
            history.stop();
            RunRecord left = history.find("Q-20261201080000").orElseThrow();
            assertThat(left.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(left.finishedAt()).as("stopped at its last sign of life: its start").isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
            assertThat(history.recent(null, 10)).hasSize(3);

            JdbcJobSwitches switches = new JdbcJobSwitches(store.dataSource());
            assertThat(switches.find("cdg-kafka-002")).get().extracting(JobSwitch::enabled, JobSwitch::fileEnabled, JobSwitch::changedBy)
                    .containsExactly(false, true, "operator");
            assertThat(switches.find("cdg-kafka-003")).get().extracting(JobSwitch::enabled, JobSwitch::changedBy).containsExactly(true, "ops.rossi");
            assertThat(jdbc.queryForObject("SELECT SUM(sent) FROM querycast_metrics_hourly", Long.class)).isEqualTo(20_000L);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM querycast_qrtz_locks", Integer.class)).as("Quartz's tables are there").isZero();

            // rollback: the release before reads its version table (still 3: nothing to apply) and inserts as it always did
            assertThat(jdbc.queryForObject("SELECT MAX(version) FROM querycast_schema_version", Integer.class)).isEqualTo(3);
            jdbc.update("INSERT INTO querycast_runs (export_id, job_id, instance_id, query_file, db_connection, kafka_connection, topic,"
                    + " export_mode, trigger_type, parameters, status, started_at, rows_read, sent, failed, dead_lettered, bytes, kafka_ms)"
                    + " VALUES ('Q-old-release', 'j', 'i', 'q', 'd', 'k', 't', 'full', 'cron', '{}', 'running', CURRENT_TIMESTAMP, 0, 0, 0, 0, 0, 0)");
        }

        // and opening it again is a no-op
        try (StateStore again = new StateStore(new StateStoreSettings(db.url(), null, Secret.none(), "qc-prod-2"))) {
            assertThat(again.schemaVersion()).isEqualTo("10");
            assertThat(new JdbcTemplate(again.dataSource()).queryForObject("SELECT COUNT(*) FROM querycast_runs", Integer.class)).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNewStoreGetsEveryMigrationAndTheOldVersionTableSoTheReleaseBeforeCanRunOnIt(StateDatabase db) {
        try (StateStore store = new StateStore(new StateStoreSettings(db.url(), null, Secret.none(), "node-a"))) {
            JdbcTemplate jdbc = new JdbcTemplate(store.dataSource());
            assertThat(jdbc.queryForList("SELECT \"version\" FROM \"querycast_flyway_history\""
                    + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"",
                    String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            assertThat(jdbc.queryForList("SELECT version FROM querycast_schema_version ORDER BY version", Integer.class)).containsExactly(1, 2, 3);
        }
    }
}
