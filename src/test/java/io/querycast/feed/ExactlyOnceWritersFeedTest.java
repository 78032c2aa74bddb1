package io.querycast.feed;

import io.querycast.job.JobCatalog;
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

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
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
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("feed_events", "feed_inserts")) {
                s.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, k TEXT NOT NULL UNIQUE, version INT NOT NULL,"
                        + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            }
        }
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
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserts = new AtomicLong();
        AtomicLong updates = new AtomicLong();
        AtomicLong heldAcrossPolls = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try {
                    write(writer, stop, inserts, updates, heldAcrossPolls);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "writer-" + w);
            writers.add(t);
            t.start();
        }
        Instant until = Instant.now().plus(WRITING);
        await().pollInterval(Duration.ofSeconds(1)).atMost(WRITING.plusSeconds(30)).until(() -> Instant.now().isAfter(until) || !failures.isEmpty());
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        assertThat(failures).isEmpty();

        Map<String, Integer> events = table("feed_events");
        Map<String, Integer> insertOnly = table("feed_inserts");
        System.out.printf("EOS-WRITERS writers=%d inserts=%d updates=%d transactions_held_across_polls=%d rows_events=%d rows_inserts=%d%n",
                WRITERS, inserts.get(), updates.get(), heldAcrossPolls.get(), events.size(), insertOnly.size());
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
        Set<String> expected = new HashSet<>();
        table.forEach((k, v) -> expected.add(k + "@" + v));
        Map<String, Integer> seen = new HashMap<>();
        await().pollInterval(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            seen.clear();
            for (ConsumerRecord<String, byte[]> r : TopicReader.readToEnd(bootstrap, topic, true, Duration.ofSeconds(60))) {
                Matcher m = VERSION.matcher(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(m.find()).isTrue();
                seen.merge(r.key() + "@" + m.group(1), 1, Integer::sum);
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(seen.keySet());
            assertThat(missing).as(job + ": (key, version) of the table missing on " + topic).isEmpty();
        });
        long records = seen.values().stream().mapToLong(Integer::longValue).sum();
        long duplicates = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        System.out.printf("EOS-WRITERS job=%s mode=%s table_versions=%d records=%d distinct_versions=%d missing=0 duplicates=%d%n",
                job, jobs.require(job).feed().mode(), expected.size(), records, seen.size(), duplicates);
        assertThat(duplicates).as(job + ": exactly-once, read_committed").isZero();
    }

    private static long maxId(String table) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(id) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Integer> table(String table) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k, version FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getInt(2));
            }
        }
        return rows;
    }

    /**
     * One writer: transactions of 1-5 statements (new keys in both tables, updates of its own keys in feed_events,
     * each update stamping now(), the transaction's start), committed after 0-300 ms; one in 20 held open 1.5-3.5 s,
     * across several polls.
     */
    private static void write(int writer, AtomicBoolean stop, AtomicLong inserts, AtomicLong updates, AtomicLong held) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> mine = new ArrayList<>();
        int next = 0;
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insertEvent = c.prepareStatement("INSERT INTO feed_events (k, version) VALUES (?, 1)");
                 PreparedStatement insertOnly = c.prepareStatement("INSERT INTO feed_inserts (k, version) VALUES (?, 1)");
                 PreparedStatement update = c.prepareStatement("UPDATE feed_events SET version = version + 1, updated_at = now() WHERE k = ?")) {
                while (!stop.get()) {
                    int statements = 1 + random.nextInt(5);
                    for (int i = 0; i < statements; i++) {
                        if (mine.isEmpty() || random.nextInt(3) > 0) {
                            String k = "w" + writer + "-" + next++;
                            insertEvent.setString(1, k);
                            insertEvent.executeUpdate();
                            insertOnly.setString(1, k);
                            insertOnly.executeUpdate();
                            mine.add(k);
                            inserts.incrementAndGet();
                        } else {
                            update.setString(1, mine.get(random.nextInt(mine.size())));
                            update.executeUpdate();
                            updates.incrementAndGet();
                        }
                    }
                    boolean hold = random.nextInt(20) == 0;
                    // the writer's think time inside its transaction: the commit comes late on purpose
                    Thread.sleep(hold ? 1500 + random.nextInt(2000) : random.nextInt(300));
                    if (hold) {
                        held.incrementAndGet();
                    }
                    c.commit();
                }
            }
        }
    }
}
