package io.querycast.feed;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.querycast.job.JobCatalog;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL without {@code pg_monitor}: the job's database user cannot see other users' transactions, so the poll
 * cannot be bounded by the oldest open one. It falls back to the safety lag (a row is read once its timestamp is
 * {@code safety_lag_s} old), says so once in a WARN naming the fix, and exports every row all the same: a row
 * younger than the lag waits for a later poll, it is not skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/feeds-nomonitor/connections.yaml",
        "querycast.jobs-dir=src/test/config/feeds-nomonitor/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA", topics = {"qc.feed.nomonitor", "qc.feed.nomonitor.DLT"})
class NoMonitorRoleFeedTest {

    static final String JOB = "nomonitor-timestamp";
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
    @Autowired
    MeterRegistry meters;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE feed_events (id BIGINT PRIMARY KEY, k TEXT NOT NULL, version INT NOT NULL,"
                    + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            // five rows well older than the lag
            s.execute("INSERT INTO feed_events (id, k, version, updated_at) SELECT g, 'k' || g, 1, now() - interval '1 hour'"
                    + " FROM generate_series(1, 5) g");
            s.execute("CREATE ROLE feed_reader LOGIN");
            s.execute("GRANT SELECT ON feed_events TO feed_reader");
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("QC_PG_URL", () -> postgres.getJdbcUrl("feed_reader", "postgres"));
        registry.add("querycast.state.url", () -> "jdbc:h2:mem:no-monitor-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void withoutPgMonitorTheFeedFallsBackToTheSafetyLagSaysSoOnceAndSkipsNothing() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PostgresBound.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(run().sent()).as("the rows older than the lag").isEqualTo(5);
            List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("pg_monitor")).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains(JOB).contains("safety_lag_s=3").contains("GRANT pg_monitor");
            // the lag bound's lag, not an open transaction's: the gauge reads about safety_lag_s
            assertThat(meters.get(FeedMeters.BOUND_LAG).tag("job", JOB).gauge().value()).isGreaterThanOrEqualTo(3.0);

            // a row stamped now is younger than the lag: the next poll leaves it for later instead of passing it
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO feed_events (id, k, version) VALUES (6, 'k6', 1)");
            }
            RunRecord early = run();
            assertThat(early.sent()).as("row 6 is not 3 s old yet").isZero();
            assertThat(watermarks.find(JOB).orElseThrow().position().timestamp()).as("the watermark stays below row 6").isNotNull();

            // once the lag has passed, a poll exports it
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> run().sent() == 1);
            List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, jobs.require(JOB).topic(), 6, WAIT);
            assertThat(records.stream().map(ConsumerRecord::key)).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
            assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("pg_monitor")))
                    .as("said once per job, not at every poll").hasSize(1);
        } finally {
            logger.detachAppender(log);
        }
    }

    private RunRecord run() {
        String runId = launcher.runNow(JOB, Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).as("run " + runId + ": " + run.error()).isEqualTo(RunStatus.SUCCESS);
        return run;
    }
}
