package io.querycast.history;

import io.querycast.config.StateStoreSettings;

import io.querycast.config.HistorySettings;

import io.querycast.config.ConfigException;
import io.querycast.config.Secret;
import io.querycast.job.ExportJob;
import io.querycast.run.ExportRun;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.TestRuns;
import io.querycast.run.Trigger;
import io.querycast.support.StateDatabases;
import io.querycast.support.StateDatabases.StateDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The run history on both state stores it supports: an H2 file and a real PostgreSQL. Every test gets an
 * empty database of each kind; "a restart" is a new store instance with its own pool on the same database.
 */
class JdbcRunHistoryTest {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123Z");

    @TempDir
    static Path dir;

    private final List<StateStore> stores = new ArrayList<>();
    private final List<JdbcRunHistory> histories = new ArrayList<>();


    static Stream<StateDatabase> databases() {
        return StateDatabases.fresh("state", dir);
    }

    @AfterEach
    void closeStores() {
        histories.forEach(JdbcRunHistory::stop);
        stores.forEach(StateStore::close);
    }

    private StateStore open(StateDatabase db) {
        StateStore store = new StateStore(new StateStoreSettings(db.url(), null, Secret.none(), "test-instance"));
        stores.add(store);
        return store;
    }

    /** A history as the application builds it, started: schema, runs left running, pruning. */
    private JdbcRunHistory started(StateDatabase db, Instant now) {
        JdbcRunHistory history = new JdbcRunHistory(open(db).dataSource(), "test-instance", Duration.ofDays(90), Clock.fixed(now, ZoneOffset.UTC));
        history.start();
        histories.add(history);
        return history;
    }

    private static ExportRun finishedRun(JdbcRunHistory history, String runId, ExportJob job, Instant startedAt, RunStatus status) {
        ExportRun run = TestRuns.start(runId, job, Trigger.CRON, Map.of(), startedAt);
        history.started(run);
        run.addRowsRead(1);
        run.addSent(1, 10);
        TestRuns.complete(run, status, null, startedAt.plusSeconds(1));
        history.finished(run);
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunIsWrittenRunningAtItsStartShowsLiveCountsAndIsCompletedWithEveryField(StateDatabase db) {
        JdbcRunHistory history = started(db, T0);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ZONE", "Europe/Rome");
        parameters.put("DATA", "2026-02-28");
        parameters.put("NOTE", "x' OR '1'='1 \"quoted\" \\ città ✓");
        ExportRun run = TestRuns.start("q-20260301080000", TestRuns.job("nightly"), Trigger.API, parameters, T0);
        history.started(run);
        run.addRowsRead(5);
        run.addSent(3, 300);

        assertThat(history.find(run.runId())).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(r.rowsRead()).as("live count").isEqualTo(5);
            assertThat(r.sent()).isEqualTo(3);
            assertThat(r.finishedAt()).isNull();
        });
        JdbcRunHistory other = new JdbcRunHistory(open(db).dataSource(), "other", Duration.ofDays(90), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(other.find(run.runId())).as("the row written at the start").get()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING))
                .satisfies(r -> assertThat(r.rowsRead()).isZero());
        assertThat(other.exists(run.runId())).isTrue();
        assertThat(other.exists("q-nope")).isFalse();

        run.addSent(1, 100);
        run.addDeadLettered("row with key K5: too large");
        run.addKafkaTime(1_500_000_000L);
        TestRuns.complete(run, RunStatus.PARTIAL, "Kafka export partly failed: 4/5 sent", T0.plusMillis(61_250));
        history.finished(run);

        RunRecord expected = new RunRecord("q-20260301080000", "nightly", "nightly.sql", "db-nightly", Trigger.API, parameters,
                T0, T0.plusMillis(61_250), RunStatus.PARTIAL, "Kafka export partly failed: 4/5 sent", 5, 4, 0, 1, 400,
                Duration.ofMillis(61_250), Duration.ofMillis(1_500), "topic.nightly", "kafka-nightly", "kafka");
        assertThat(run.snapshot()).isEqualTo(expected);
        RunRecord reread = other.find(run.runId()).orElseThrow();
        assertThat(reread).isEqualTo(expected.onInstance("test-instance"));
        assertThat(reread.parameters()).as("declaration order").containsExactly(entry("ZONE", "Europe/Rome"),
                entry("DATA", "2026-02-28"), entry("NOTE", "x' OR '1'='1 \"quoted\" \\ città ✓"));
        assertThat(history.find(run.runId())).contains(expected.onInstance("test-instance"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recentIsNewestFirstByJobAndLimitedAndShowsLiveCountsOfRunningRuns(StateDatabase db) {
        JdbcRunHistory history = started(db, T0);
        ExportJob a = TestRuns.job("a");
        finishedRun(history, "a-1", a, T0, RunStatus.SUCCESS);
        finishedRun(history, "b-1", TestRuns.job("b"), T0.plusSeconds(30), RunStatus.FAILED);
        finishedRun(history, "a-2", a, T0.plusSeconds(60), RunStatus.PARTIAL);
        ExportRun running = TestRuns.start("a-3", a, Trigger.MANUAL, Map.of(), T0.plusSeconds(120));
        history.started(running);
        running.addRowsRead(42);

        assertThat(history.recent("a", 10)).extracting(RunRecord::runId).containsExactly("a-3", "a-2", "a-1");
        assertThat(history.recent("a", 2)).extracting(RunRecord::runId).containsExactly("a-3", "a-2");
        assertThat(history.recent("b", 10)).extracting(RunRecord::runId).containsExactly("b-1");
        assertThat(history.recent(null, 10)).extracting(RunRecord::runId).containsExactly("a-3", "a-2", "b-1", "a-1");
        assertThat(history.recent("nobody", 10)).isEmpty();
        assertThat(history.recent("a", 1).get(0).rowsRead()).as("live count").isEqualTo(42);
        assertThat(history.recent("a", 10).get(1).status()).isEqualTo(RunStatus.PARTIAL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void searchMatchesEveryCriterionGivenNewestFirst(StateDatabase db) {
        JdbcRunHistory history = started(db, T0);
        ExportJob a = TestRuns.job("a");
        finishedRun(history, "a-1", a, T0, RunStatus.SUCCESS);
        finishedRun(history, "b-1", TestRuns.job("b"), T0.plusSeconds(30), RunStatus.FAILED);
        finishedRun(history, "a-2", a, T0.plusSeconds(60), RunStatus.FAILED);
        ExportRun running = TestRuns.start("a-3", a, Trigger.MANUAL, Map.of(), T0.plusSeconds(120));
        history.started(running);
        running.addRowsRead(7);

        assertThat(history.search(new RunHistory.RunQuery(null, null, null, null, null, 10))).extracting(RunRecord::runId)
                .containsExactly("a-3", "a-2", "b-1", "a-1");
        assertThat(history.search(new RunHistory.RunQuery("a", RunStatus.FAILED, null, null, null, 10))).extracting(RunRecord::runId)
                .containsExactly("a-2");
        assertThat(history.search(new RunHistory.RunQuery(null, RunStatus.FAILED, "kafka", null, null, 10))).extracting(RunRecord::runId)
                .containsExactly("a-2", "b-1");
        assertThat(history.search(new RunHistory.RunQuery(null, null, null, T0.plusSeconds(30), T0.plusSeconds(120), 10)))
                .as("from inclusive, to exclusive").extracting(RunRecord::runId).containsExactly("a-2", "b-1");
        assertThat(history.search(new RunHistory.RunQuery(null, null, "incremental", null, null, 10))).isEmpty();
        assertThat(history.search(new RunHistory.RunQuery("a", null, null, null, null, 1))).singleElement()
                .satisfies(r -> assertThat(r.rowsRead()).as("live count").isEqualTo(7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunLeftRunningByAStoppedProcessIsClosedAtTheNextStartWithItsLastCheckpoint(StateDatabase db) {
        JdbcRunHistory before = new JdbcRunHistory(open(db).dataSource(), "test-instance", Duration.ofDays(90),
                Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));
        before.start();
        histories.add(before);
        finishedRun(before, "done-1", TestRuns.job("a"), T0.minusSeconds(600), RunStatus.SUCCESS);
        ExportRun run = TestRuns.start("crash-1", TestRuns.job("a"), Trigger.CRON, Map.of("DATA", "2026-02-28"), T0);
        before.started(run);
        run.addRowsRead(2_100);
        run.addSent(2_000, 20_000);
        run.addDeadLettered("too large");
        before.checkpoint(run);  // a progress mark 30 s into the run
        run.addRowsRead(500);
        run.addSent(500, 5_000);
        before.stop();
        stores.get(0).close();  // the process dies (kill -9): its pool goes, the run never ends, the last 500 rows are not recorded

        Instant restart = T0.plus(Duration.ofMinutes(5));
        JdbcRunHistory after = started(db, restart);

        RunRecord r = after.find("crash-1").orElseThrow();
        assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(r.error()).startsWith("instance test-instance stopped during the run: no checkpoint since " + T0.plusSeconds(30));
        assertThat(r.finishedAt()).as("when it stopped: its last checkpoint, not the restart").isEqualTo(T0.plusSeconds(30));
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(List.of(r.rowsRead(), r.sent(), r.deadLettered(), r.failed()))
                .as("the counts of the checkpoint; the 99 rows in flight then have no known outcome: failed")
                .containsExactly(2_100L, 2_000L, 1L, 99L);
        assertThat(r.bytes()).isEqualTo(20_000);
        assertThat(r.parameters()).containsExactly(entry("DATA", "2026-02-28"));
        assertThat(after.find("done-1")).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(RunStatus.SUCCESS);
            assertThat(d.error()).isNull();
        });
        assertThat(started(db, restart.plusSeconds(60)).find("crash-1")).as("closed once").get()
                .satisfies(again -> assertThat(again.finishedAt()).isEqualTo(T0.plusSeconds(30)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anotherInstanceClosesADeadInstancesRunOnlyOnceItsCheckpointsStopped(StateDatabase db) {
        StateStore store = open(db);
        Instant[] now = {T0};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        JdbcRunHistory a = new JdbcRunHistory(store.dataSource(), "node-a", HistorySettings.STANDARD, clock);
        JdbcRunHistory b = new JdbcRunHistory(store.dataSource(), "node-b", HistorySettings.STANDARD, clock);
        histories.addAll(List.of(a, b));
        a.start();
        ExportRun run = TestRuns.start("on-a", TestRuns.job("a"), Trigger.CRON, Map.of(), T0);
        a.started(run);
        run.addRowsRead(10);
        run.addSent(10, 100);
        now[0] = T0.plusSeconds(25);
        a.checkpoint(run);

        now[0] = T0.plusSeconds(50);
        b.start();
        assertThat(b.find("on-a")).as("checkpointed 25 s ago, within orphan-after (30 s): alive").get()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING))
                .satisfies(r -> assertThat(r.instanceId()).isEqualTo("node-a"));
        b.stop();

        now[0] = T0.plusSeconds(56);
        b.start();
        RunRecord closed = b.find("on-a").orElseThrow();
        assertThat(closed.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(closed.finishedAt()).isEqualTo(T0.plusSeconds(25));
        assertThat(closed.error()).contains("instance node-a stopped during the run", "closed by instance node-b");
        assertThat(closed.sent()).isEqualTo(10);
        // the run was alive after all (a pause longer than orphan-after): its end is the truth and replaces the guess
        TestRuns.complete(run, RunStatus.SUCCESS, null, T0.plusSeconds(60));
        a.finished(run);
        assertThat(b.find("on-a")).get().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void retentionDeletesRunsOlderThanItAtStartAndKeepsTheOthers(StateDatabase db) {
        Instant now = T0.plus(Duration.ofDays(365));
        JdbcRunHistory past = started(db, T0);
        finishedRun(past, "old-1", TestRuns.job("a"), now.minus(Duration.ofDays(120)), RunStatus.SUCCESS);
        finishedRun(past, "old-2", TestRuns.job("b"), now.minus(Duration.ofDays(90)).minusSeconds(1), RunStatus.FAILED);
        finishedRun(past, "kept-1", TestRuns.job("a"), now.minus(Duration.ofDays(90)).plusSeconds(60), RunStatus.SUCCESS);
        finishedRun(past, "kept-2", TestRuns.job("a"), now.minus(Duration.ofDays(1)), RunStatus.SUCCESS);

        JdbcRunHistory current = started(db, now);

        assertThat(current.recent(null, 10)).extracting(RunRecord::runId).containsExactly("kept-2", "kept-1");
        assertThat(current.exists("old-1")).isFalse();
        assertThat(current.prune()).as("nothing more to delete").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSchemaIsCreatedOnceAStoreANewerReleaseMigratedStillOpensAndALongErrorIsCutToTheColumn(StateDatabase db) {
        JdbcRunHistory history = started(db, T0);
        started(db, T0);
        JdbcTemplate jdbc = new JdbcTemplate(stores.get(0).dataSource());
        assertThat(jdbc.queryForList("SELECT version FROM querycast_schema_version", Integer.class)).containsExactly(1, 2, 3);

        ExportRun run = TestRuns.start("long-error", TestRuns.job("a"), Trigger.CRON, Map.of(), T0);
        history.started(run);
        TestRuns.complete(run, RunStatus.FAILED, "e".repeat(10_000), T0.plusSeconds(1));
        history.finished(run);
        String error = history.find("long-error").orElseThrow().error();
        assertThat(error).hasSize(JdbcRunHistory.ERROR_LENGTH).endsWith("e…");

        // a newer release applied a migration this one does not know: this one still runs on it (a rollback)
        jdbc.update("INSERT INTO \"querycast_flyway_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\","
                + " \"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\")"
                + " VALUES (100, '99', 'from a newer release', 'SQL', 'V99__newer.sql', 0, 'test', CURRENT_TIMESTAMP, 1, TRUE)");
        assertThat(started(db, T0).find("long-error")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStoreOfTheReleaseBeforeTheMetricsTableGetsTheLaterMigrationsKeepingItsRuns(StateDatabase db) throws Exception {
        // the store as the version before the metrics left it: HistorySchema's step 1 only
        org.springframework.jdbc.datasource.DriverManagerDataSource raw = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                db.url(), db.kind().startsWith("H2") ? "" : "postgres", "");
        JdbcTemplate legacy = new JdbcTemplate(raw);
        legacy.execute("CREATE TABLE querycast_schema_version (version INT NOT NULL PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        try (java.sql.Connection c = raw.getConnection()) {
            org.springframework.jdbc.datasource.init.ScriptUtils.executeSqlScript(c,
                    new org.springframework.core.io.ClassPathResource("db/state/common/V1__run_history.sql"));
        }
        legacy.update("INSERT INTO querycast_schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)");
        legacy.update("INSERT INTO querycast_runs (export_id, job_id, instance_id, query_file, db_connection, kafka_connection, topic,"
                + " export_mode, trigger_type, parameters, status, started_at, finished_at, rows_read, sent, failed, dead_lettered, bytes,"
                + " duration_ms, kafka_ms) VALUES ('before-metrics', 'a', 'old', 'a.sql', 'db', 'k', 't', 'full', 'cron', '{}', 'success',"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 5, 5, 0, 0, 50, 10, 1)");

        JdbcRunHistory upgraded = started(db, T0);
        JdbcTemplate jdbc = new JdbcTemplate(stores.get(0).dataSource());
        assertThat(jdbc.queryForList("SELECT version FROM querycast_schema_version ORDER BY version", Integer.class)).containsExactly(1, 2, 3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM querycast_metrics_hourly", Integer.class)).isZero();
        assertThat(upgraded.find("before-metrics").orElseThrow().sent()).isEqualTo(5);
    }

    @Test
    void anUnreachableStateStoreStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> new StateStore(new StateStoreSettings("jdbc:postgresql://127.0.0.1:1/state?password=hidden", "qc",
                Secret.of("hidden"), null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("querycast.state.url: cannot open the state store jdbc:postgresql://127.0.0.1:1/state?…: ")
                .hasMessageNotContaining("hidden");
    }
}
