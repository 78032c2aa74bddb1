package io.querycast.delivery;

import io.querycast.QuerycastApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.run.JobLauncher;
import io.querycast.metrics.ExportMeters;
import io.querycast.metrics.KafkaMetricsQueries;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.KafkaBrokerProcess;
import io.querycast.support.RunAwaiter;
import io.querycast.support.StoredRuns;
import io.querycast.support.TopicReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults against the real route, a real broker in its own JVM (stopped and started again) and a real
 * PostgreSQL. Every test checks the run's identity {@code rows read = sent + failed + dead-lettered} and
 * compares the counts with what is actually on the topics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryFaultsTest {

    static final int ROWS = 20_000;
    static final Duration WAIT = Duration.ofMinutes(2);

    static EmbeddedPostgres postgres;
    static KafkaBrokerProcess broker;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fault_rows (id INT PRIMARY KEY, k VARCHAR(20) NOT NULL, payload VARCHAR(200))");
            s.execute("INSERT INTO fault_rows SELECT g, 'F' || lpad(g::text, 6, '0'), md5(g::text) FROM generate_series(1, " + ROWS + ") g");
            s.execute("CREATE TABLE poison_rows (id INT PRIMARY KEY, k VARCHAR(20), amount NUMERIC, payload TEXT)");
            s.execute("INSERT INTO poison_rows SELECT g, 'P' || g, g, 'ok' FROM generate_series(1, 1000) g");
            s.execute("UPDATE poison_rows SET k = NULL WHERE id = 10");
            s.execute("UPDATE poison_rows SET payload = repeat('x', 2000000) WHERE id = 20");
            s.execute("UPDATE poison_rows SET amount = 'NaN' WHERE id = 30");
        }
        Path dir = Files.createTempDirectory("qc-broker");
        broker = new KafkaBrokerProcess(dir);
        broker.start();
        broker.createTopics(3, "qc.f.steady", "qc.f.steady.DLT", "qc.f.outage", "qc.f.outage.DLT", "qc.f.dbkill", "qc.f.dbkill.DLT",
                "qc.f.poison", "qc.f.poison.DLT", "qc.f.shutdown", "qc.f.shutdown.DLT");
        app = startApp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static ConfigurableApplicationContext startApp(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/faults/connections.yaml",
                "--querycast.jobs-dir=src/test/config/faults/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_PG_URL=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--QC_FAULT_KAFKA=" + broker.bootstrap()));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(QuerycastApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void brokerRestartShorterThanTheDeliveryTimeoutLosesNothing() throws Exception {
        String runId = run(app, "steady");
        awaitRows(app, runId, r -> r.rowsRead() >= 2_000);
        broker.stop();
        Thread.sleep(1_000);
        broker.start();
        RunRecord run = awaitEnd(app, runId);

        assertIdentity(run);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.sent()).isEqualTo(ROWS);
        List<ConsumerRecord<String, byte[]>> records = ofRun(TopicReader.readAll(broker.bootstrap(), "qc.f.steady", ROWS, WAIT), runId);
        Set<String> keys = keys(records);
        assertThat(keys).hasSize(ROWS);
        System.out.printf("FAULT broker-restart: read=%d sent=%d dead_lettered=%d failed=%d on_topic=%d duplicates=%d%n",
                run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), records.size(), records.size() - keys.size());
    }

    @Test
    @Order(2)
    void brokerDownLongerThanTheDeliveryTimeoutFailsTheRunWithTrueCountsAndARerunCompletes() throws Exception {
        String runId = run(app, "outage");
        awaitRows(app, runId, r -> r.rowsRead() >= 1_000);
        broker.stop();
        RunRecord run;
        try {
            run = awaitEnd(app, runId);
        } finally {
            broker.start();
        }

        assertIdentity(run);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.sent()).isLessThan(ROWS);
        assertThat(run.failed()).isPositive();
        assertThat(run.error()).contains("could not be written to dead-letter topic 'qc.f.outage.DLT' on Kafka connection 'impatient'");
        assertThat(run.deadLettered()).as("nothing reached the dead-letter topic with the broker down").isZero();
        // the meters count what the run counted; the producer of the connection shows down
        assertThat(counter("querycast.records.failed", "outage")).isEqualTo(run.failed());
        assertThat(counter("querycast.records.sent", "outage")).isEqualTo(run.sent());
        assertThat(producerUp("impatient")).isZero();
        List<ConsumerRecord<String, byte[]>> firstRun = ofRun(TopicReader.readAll(broker.bootstrap(), "qc.f.outage", (int) run.sent(), WAIT), runId);
        assertThat(keys(firstRun).size()).as("every record counted as sent is on the topic").isGreaterThanOrEqualTo((int) run.sent());

        String rerunId = run(app, "outage");
        RunRecord rerun = awaitEnd(app, rerunId);
        assertIdentity(rerun);
        assertThat(rerun.status()).isEqualTo(RunStatus.SUCCESS);
        List<ConsumerRecord<String, byte[]>> all = TopicReader.readAll(broker.bootstrap(), "qc.f.outage", ROWS + firstRun.size(), WAIT);
        assertThat(keys(ofRun(all, rerunId))).hasSize(ROWS);
        assertThat(counter("querycast.records.sent", "outage")).isEqualTo(run.sent() + rerun.sent());
        assertThat(producerUp("impatient")).as("up again after the rerun's acknowledged records").isEqualTo(1.0);
        System.out.printf("FAULT broker-outage: read=%d sent=%d dead_lettered=%d failed=%d status=%s; rerun read=%d sent=%d status=%s%n",
                run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), run.status(), rerun.rowsRead(), rerun.sent(), rerun.status());
    }

    @Test
    @Order(3)
    void databaseConnectionKilledMidRunFailsTheRunAndTheNextRunSucceeds() throws Exception {
        String runId = run(app, "dbkill");
        awaitRows(app, runId, r -> r.rowsRead() >= 2_000);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE '%fault_rows%'");
        }
        RunRecord run = awaitEnd(app, runId);

        assertIdentity(run);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.rowsRead()).isLessThan(ROWS);
        assertThat(run.error()).containsIgnoringCase("terminat");
        List<ConsumerRecord<String, byte[]>> records = ofRun(TopicReader.readAll(broker.bootstrap(), "qc.f.dbkill", (int) run.sent(), WAIT), runId);
        assertThat(keys(records)).hasSize((int) run.sent());

        RunRecord next = awaitEnd(app, run(app, "dbkill"));
        assertThat(next.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(next.sent()).isEqualTo(ROWS);
        System.out.printf("FAULT db-killed: read=%d sent=%d dead_lettered=%d failed=%d status=%s error=%s; next run sent=%d%n",
                run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), run.status(), run.error(), next.sent());
    }

    @Test
    @Order(4)
    void poisonRowsGoToTheDeadLetterTopicWithTheirReasons() throws Exception {
        String runId = run(app, "poison");
        RunRecord run = awaitEnd(app, runId);

        assertIdentity(run);
        assertThat(run.rowsRead()).isEqualTo(1000);
        assertThat(run.sent()).isEqualTo(997);
        assertThat(run.deadLettered()).isEqualTo(3);
        assertThat(run.failed()).isZero();
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.error()).startsWith("Kafka export partly failed: 997/1,000 sent (99.7 %), 3 dead-lettered, 0 failed");
        assertThat(counter("querycast.rows.read", "poison")).isEqualTo(1000);
        assertThat(counter("querycast.records.sent", "poison")).isEqualTo(997);
        assertThat(counter("querycast.records.dead.lettered", "poison")).isEqualTo(3);
        assertThat(counter("querycast.records.failed", "poison")).isZero();
        KafkaMetricsQueries.Hour hours = KafkaMetricsQueries.total(app.getBean(KafkaMetricsQueries.class).hourly(Duration.ofHours(24), "poison", null));
        assertThat(hours.rowsRead()).isEqualTo(1000);
        assertThat(hours.sent()).isEqualTo(997);
        assertThat(hours.deadLettered()).isEqualTo(3);
        assertThat(hours.failed()).isZero();

        assertThat(keys(ofRun(TopicReader.readAll(broker.bootstrap(), "qc.f.poison", 997, WAIT), runId))).hasSize(997)
                .doesNotContain("P20", "P30");
        List<ConsumerRecord<String, byte[]>> letters = TopicReader.readAll(broker.bootstrap(), "qc.f.poison.DLT", 3, WAIT).stream()
                .filter(r -> runId.equals(header(r, DeadLetters.EXPORT_ID))).toList();
        assertThat(letters).hasSize(3);
        Map<String, ConsumerRecord<String, byte[]>> byKey = new java.util.HashMap<>();
        letters.forEach(r -> byKey.put(String.valueOf(r.key()), r));

        ConsumerRecord<String, byte[]> tooLarge = byKey.get("P20");
        assertThat(header(tooLarge, DeadLetters.ERROR_CLASS)).isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(header(tooLarge, DeadLetters.VALUE_TRUNCATED)).isEqualTo("true");
        assertThat(Integer.parseInt(header(tooLarge, DeadLetters.ORIGINAL_SIZE))).isGreaterThan(2_000_000);
        assertThat(header(tooLarge, DeadLetters.ATTEMPTS)).isEqualTo("1");
        assertThat(new String(tooLarge.value(), StandardCharsets.UTF_8)).startsWith("{\"id\":20,\"k\":\"P20\"");

        ConsumerRecord<String, byte[]> unreadable = byKey.get("P30");
        assertThat(header(unreadable, DeadLetters.ERROR_CLASS)).isEqualTo(UnsendableRecordException.class.getName());
        assertThat(header(unreadable, DeadLetters.ERROR_MESSAGE)).contains("column amount").contains("NaN");
        assertThat(header(unreadable, DeadLetters.ATTEMPTS)).isEqualTo("0");

        ConsumerRecord<String, byte[]> nullKey = byKey.get("null");
        assertThat(header(nullKey, DeadLetters.ERROR_MESSAGE)).contains("key column k is NULL");
        assertThat(new String(nullKey.value(), StandardCharsets.UTF_8)).startsWith("{\"id\":10,\"k\":null");
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(header(letter, DeadLetters.JOB_ID)).isEqualTo("poison");
            assertThat(header(letter, DeadLetters.ORIGINAL_TOPIC)).isEqualTo("qc.f.poison");
            assertThat(Instant.parse(header(letter, DeadLetters.FAILED_AT))).isBefore(Instant.now());
            assertThat(header(letter, "export_id")).isEqualTo(runId);
        }
        System.out.printf("FAULT poison: read=%d sent=%d dead_lettered=%d failed=%d status=%s%n",
                run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), run.status());
    }

    @Test
    @Order(5)
    void missingTopicFailsTheRunAtOnceNamingTopicAndCluster() {
        RunRecord run = awaitEnd(app, run(app, "missing-topic"));
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.rowsRead()).isZero();
        assertThat(run.error()).contains("topic(s) [qc.f.nowhere, qc.f.nowhere.DLT] do not exist on Kafka connection 'patient' ("
                + broker.bootstrap() + ")").contains("auto.create.topics.enable=false");
        System.out.printf("FAULT missing-topic: status=%s error=%s%n", run.status(), run.error());
    }

    @Test
    @Order(6)
    void closingTheApplicationMidRunRecordsTheRunAsInterruptedWithTrueCounts() throws Exception {
        // a state store of its own that outlives the application: what it recorded while closing is read back
        String stateUrl = "jdbc:h2:file:" + Files.createTempDirectory("qc-state").resolve("state");
        ConfigurableApplicationContext own = startApp("--querycast.state.url=" + stateUrl);
        String runId = run(own, "shutdown");
        awaitRows(own, runId, r -> r.rowsRead() >= 2_000);
        own.close();
        RunRecord run = StoredRuns.find(stateUrl, runId).orElseThrow();

        assertIdentity(run);
        assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(run.rowsRead()).isLessThan(ROWS);
        assertThat(run.error()).startsWith("Run interrupted after");
        List<ConsumerRecord<String, byte[]>> records = ofRun(TopicReader.readAll(broker.bootstrap(), "qc.f.shutdown", (int) run.sent(), WAIT), runId);
        assertThat(keys(records)).hasSize((int) run.sent());
        System.out.printf("FAULT shutdown: read=%d sent=%d dead_lettered=%d failed=%d status=%s on_topic=%d%n",
                run.rowsRead(), run.sent(), run.deadLettered(), run.failed(), run.status(), records.size());
    }

    private static String run(ConfigurableApplicationContext ctx, String job) {
        return ctx.getBean(JobLauncher.class).runNow(job, Trigger.MANUAL, Map.of());
    }

    private static RunRecord awaitEnd(ConfigurableApplicationContext ctx, String runId) {
        return RunAwaiter.awaitFinished(ctx.getBean(RunHistory.class), runId, WAIT);
    }

    private static void awaitRows(ConfigurableApplicationContext ctx, String runId, Predicate<RunRecord> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            RunRecord run = ctx.getBean(RunHistory.class).find(runId).orElse(null);
            if (run != null) {
                assertThat(run.status()).as("run still going").isEqualTo(RunStatus.RUNNING);
                if (condition.test(run)) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("condition not reached for run " + runId);
    }

    /** A job's counter in the application's meter registry (one run of the job per application except 'outage'). */
    private static long counter(String name, String job) {
        return (long) app.getBean(MeterRegistry.class).get(name).tag("job", job).counter().count();
    }

    private static double producerUp(String connection) {
        return app.getBean(MeterRegistry.class).get(ExportMeters.PRODUCER_UP).tag("kafka_connection", connection).gauge().value();
    }

    private static void assertIdentity(RunRecord run) {
        assertThat(run.sent() + run.failed() + run.deadLettered()).as("sent + failed + dead-lettered = rows read for " + run)
                .isEqualTo(run.rowsRead());
    }

    private static List<ConsumerRecord<String, byte[]>> ofRun(List<ConsumerRecord<String, byte[]>> records, String runId) {
        return records.stream().filter(r -> runId.equals(header(r, "export_id"))).toList();
    }

    private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        return keys;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
