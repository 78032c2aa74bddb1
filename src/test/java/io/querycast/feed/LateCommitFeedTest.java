package io.querycast.feed;

import io.querycast.job.JobCatalog;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The late commit, on a real PostgreSQL and a real broker, in every incremental mode: transaction A writes id 10
 * and stays open; B writes 11..20 and commits; a run exports 11..20 or nothing (here: nothing, the oldest open
 * transaction bounds it); A commits; the next run exports 10 (and 11..20). Every id arrives, once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/feeds/connections.yaml",
        "querycast.jobs-dir=src/test/config/feeds/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.feed.late.incrementing", "qc.feed.late.timestamp", "qc.feed.late.timestamp-incrementing",
                "qc.feed.late.incrementing.DLT", "qc.feed.late.timestamp.DLT", "qc.feed.late.timestamp-incrementing.DLT"})
class LateCommitFeedTest {

    static final List<String> JOBS = List.of("late-incrementing", "late-timestamp", "late-timestamp-incrementing");
    static final Duration WAIT = Duration.ofSeconds(90);
    static EmbeddedPostgres postgres;

    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Autowired
    WatermarkStore watermarks;
    @Autowired
    JobCatalog jobs;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE feed_events (id BIGINT PRIMARY KEY, k TEXT NOT NULL, version INT NOT NULL,"
                    + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            s.execute("INSERT INTO feed_events (id, k, version) SELECT g, 'k' || g, 1 FROM generate_series(1, 9) g");
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("QC_PG_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
        // a store of its own: watermarks of an earlier test run must not carry over
        registry.add("querycast.state.url", () -> "jdbc:h2:mem:late-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRowCommittedLateWithALowerIdOrTimeIsStillExportedInEveryIncrementalMode() throws Exception {
        for (String job : JOBS) {
            assertThat(run(job).sent()).as(job + ": the rows committed before").isEqualTo(9);
        }
        try (Connection a = postgres.getPostgresDatabase().getConnection(); Connection b = postgres.getPostgresDatabase().getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.execute("INSERT INTO feed_events (id, k, version) VALUES (10, 'k10', 1)");
            }
            try (Statement s = b.createStatement()) {
                s.execute("INSERT INTO feed_events (id, k, version) SELECT g, 'k' || g, 1 FROM generate_series(11, 20) g");
            }
            b.commit();
            for (String job : JOBS) {
                RunRecord whileOpen = run(job);
                assertThat(whileOpen.status()).isEqualTo(RunStatus.SUCCESS);
                // 11..20 or nothing: never 11..20 past a watermark that 10 would then fall below for good
                assertThat(whileOpen.sent()).as(job + " while A is open").isIn(0L, 10L);
                Position wm = watermarks.find(job).orElseThrow().position();
                assertThat(wm.id() == null ? 9 : wm.id()).as(job + ": the watermark does not pass the open transaction's row").isLessThan(10);
            }
            a.commit();
        }
        for (String job : JOBS) {
            RunRecord after = run(job);
            assertThat(after.status()).isEqualTo(RunStatus.SUCCESS);
            String topic = jobs.require(job).topic();
            List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, topic, 20, WAIT);
            List<String> keys = records.stream().map(ConsumerRecord::key).toList();
            assertThat(keys).as(job + ": every id arrives, once").containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, 20).mapToObj(Long::toString).toList());
            Position wm = watermarks.find(job).orElseThrow().position();
            if (jobs.require(job).feed().usesId()) {
                assertThat(wm.id()).isEqualTo(20);
            }
            assertThat(run(job).sent()).as(job + ": nothing new, nothing again").isZero();
        }
    }

    private RunRecord run(String job) {
        String runId = launcher.runNow(job, Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).as(job + " run " + runId + ": " + run.error()).isEqualTo(RunStatus.SUCCESS);
        return run;
    }
}
