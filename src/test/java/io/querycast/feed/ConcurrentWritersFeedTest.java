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

import java.time.Duration;
import java.util.Map;

/**
 * Concurrent writers on a real PostgreSQL while three incremental jobs poll every second (incrementing over an
 * insert-only table; timestamp and timestamp+incrementing over a table also updated): writer transactions commit
 * after random delays, and some stay open across several polls. At the end every (key, version) of the tables is
 * on the topics: 0 missing. Duplicates are counted and printed (the PostgreSQL bound reads only final rows, so
 * none are expected, but at-least-once does not promise it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/feeds-writers/connections.yaml",
        "querycast.jobs-dir=src/test/config/feeds-writers/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 3, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.feed.writers.incrementing", "qc.feed.writers.ts", "qc.feed.writers.tsinc",
                "qc.feed.writers.incrementing.DLT", "qc.feed.writers.ts.DLT", "qc.feed.writers.tsinc.DLT"})
class ConcurrentWritersFeedTest {

    static final int WRITERS = 4;
    /** about 60 polls of each job */
    static final Duration WRITING = Duration.ofSeconds(55);
    static EmbeddedPostgres postgres;

    @Autowired
    JobCatalog jobs;
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
        registry.add("querycast.state.url", () -> "jdbc:h2:mem:writers-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
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
        System.out.printf("FEED-WRITERS writers=%d inserts=%d updates=%d transactions_held_across_polls=%d rows_events=%d rows_inserts=%d%n",
                written.writers(), written.inserts(), written.updates(), written.heldAcrossPolls(), events.size(), insertOnly.size());
        check("writers-incrementing", insertOnly);
        check("writers-timestamp", events);
        check("writers-timestamp-incrementing", events);
    }

    /** Every (key, version) of the table reaches the job's topic; what came twice is counted, not refused (at least once). */
    private void check(String job, Map<String, Integer> table) {
        String topic = jobs.require(job).topic();
        FeedWriters.Seen seen = FeedWriters.awaitEveryVersion(job + " on " + topic, table,
                () -> TopicReader.readAll(bootstrap, topic, table.size(), Duration.ofSeconds(20)));
        System.out.printf("FEED-WRITERS job=%s mode=%s table_versions=%d records=%d distinct_versions=%d missing=0 duplicates=%d%n",
                job, jobs.require(job).feed().mode(), table.size(), seen.records(), seen.versions().size(), seen.duplicates());
    }
}
