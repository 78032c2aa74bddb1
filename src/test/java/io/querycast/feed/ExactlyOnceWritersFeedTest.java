package io.querycast.feed;

import io.querycast.job.JobCatalog;
import io.querycast.support.TopicReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ConcurrentWritersFeedTest} in exactly-once mode, smaller (2 writers, 20 s): two incremental jobs with
 * {@code exactly_once} poll every second while writer transactions commit late and some stay open across polls. At
 * the end a read_committed consumer sees every (key, version) of the tables exactly once: 0 missing, 0 duplicates
 * (asserted), and the state store's watermark agrees with the one committed to the state topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/eos-writers/connections.yaml",
        "querycast.jobs-dir=src/test/config/eos-writers/jobs",
        "querycast.queries-dir=src/test/queries"})
// a single broker: the transaction state log must fit on it (the broker default is 3 replicas, min.isr 2)
@EmbeddedKafka(kraft = true, partitions = 3, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.eos.writers.incrementing", "qc.eos.writers.tsinc", "qc.eos.writers.incrementing.DLT", "qc.eos.writers.tsinc.DLT"},
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ExactlyOnceWritersFeedTest {

    static final int WRITERS = 2;
    /** about 20 polls of each job */
    static final Duration WRITING = Duration.ofSeconds(20);
    static EmbeddedPostgres postgres;

    @Autowired
    JobCatalog jobs;
    @Autowired
    WatermarkStore watermarks;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        FeedWriters.createTables(postgres);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("QC_PG_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("querycast.state.url", () -> "jdbc:h2:mem:eos-writers-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyKeyAndVersionWrittenArrivesWhileWritersCommitLateAndHoldTransactionsAcrossPolls() throws Exception {
        FeedWriters.Written written = FeedWriters.write(postgres, WRITERS, WRITING);
        Map<String, Integer> events = FeedWriters.table(postgres, "feed_events");
        Map<String, Integer> insertOnly = FeedWriters.table(postgres, "feed_inserts");
        System.out.printf("EOS-WRITERS writers=%d inserts=%d updates=%d transactions_held_across_polls=%d rows_events=%d rows_inserts=%d%n",
                written.writers(), written.inserts(), written.updates(), written.heldAcrossPolls(), events.size(), insertOnly.size());
        check("eos-writers-incrementing", insertOnly);
        check("eos-writers-timestamp-incrementing", events);
        long maxId = maxId("feed_inserts");
        // the store's view is written just after each commit
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(watermarks.find("eos-writers-incrementing").orElseThrow()
                .position().id()).as("the store's view of the committed watermark").isEqualTo(maxId));
    }

    /** Every (key, version) of the table reaches the job's topic once, for a read_committed consumer. */
    private void check(String job, Map<String, Integer> table) {
        String topic = jobs.require(job).topic();
        FeedWriters.Seen seen = FeedWriters.awaitEveryVersion(job + " on " + topic, table,
                () -> TopicReader.readToEnd(bootstrap, topic, true, Duration.ofSeconds(60)));
        System.out.printf("EOS-WRITERS job=%s mode=%s table_versions=%d records=%d distinct_versions=%d missing=0 duplicates=%d%n",
                job, jobs.require(job).feed().mode(), table.size(), seen.records(), seen.versions().size(), seen.duplicates());
        assertThat(seen.duplicates()).as(job + ": exactly-once, read_committed").isZero();
    }

    private static long maxId(String table) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(id) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
