package io.querycast.feed;

import io.querycast.support.AppProcess;
import io.querycast.support.TopicReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
 * The application's own JVM, with an exactly-once incremental job (polling every second a PostgreSQL table the test
 * keeps inserting into) and an exactly-once bulk job (run at each start over a static table), killed with SIGKILL
 * three times at random points of the bulk run (a random progress mark: its records sent, its transaction open; the
 * feed at whatever point its own runs are) and started again each time; a fourth start runs to the end. Then a
 * read_committed consumer sees every row of each table exactly once; a read_uncommitted one also sees the aborted
 * transactions' records.
 */
class ExactlyOnceCrashTest {

    static final int BULK_ROWS = 40_000;
    static final int KILLS = 3;
    static EmbeddedKafkaKraftBroker kafka;
    static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "qc.eos.crash.feed", "qc.eos.crash.feed.DLT", "qc.eos.crash.bulk", "qc.eos.crash.bulk.DLT");
        // one broker: the transaction state log must fit on it
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        kafka.afterPropertiesSet();
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE eos_feed (id BIGSERIAL PRIMARY KEY, k TEXT NOT NULL UNIQUE)");
            s.execute("CREATE TABLE eos_bulk (id INT PRIMARY KEY, k TEXT NOT NULL)");
            s.execute("INSERT INTO eos_bulk SELECT g, 'b' || g FROM generate_series(1, " + BULK_ROWS + ") g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void killedAtRandomPointsAndRestartedAReadCommittedConsumerSeesEveryRowOnce() throws Exception {
        String stateUrl = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        AtomicBoolean stopWriting = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        Thread writer = new Thread(() -> write(stopWriting, inserted), "eos-writer");
        writer.start();
        List<String> landed = new ArrayList<>();
        int feedInsideTransaction = 0;
        try {
            for (int i = 0; i < KILLS; i++) {
                AppProcess app = start("eos-" + i, stateUrl);
                try {
                    // a random progress mark of the bulk run: its transaction is open, its records up to there sent
                    int mark = 1_000 * ThreadLocalRandom.current().nextInt(3, 25);
                    app.awaitInLog("Export progress: job=eos-crash-bulk .* rows=" + String.format(java.util.Locale.ROOT, "%,d", mark) + " ", Duration.ofMinutes(2));
                    app.kill();
                } finally {
                    app.kill();
                }
                assertThat(app.exitValue()).as("killed by signal 9").isEqualTo(137);
                String log = app.output();
                assertThat(count(log, "Exactly-once: job=eos-crash-bulk run=\\S+ transaction committed"))
                        .as("the kill landed before the bulk run's commit").isZero();
                boolean feedOpen = count(log, "Exactly-once: job=eos-crash-feed run=\\S+ transaction begun")
                        > count(log, "Exactly-once: job=eos-crash-feed run=\\S+ transaction (committed|aborted)");
                feedInsideTransaction += feedOpen ? 1 : 0;
                landed.add("kill " + (i + 1) + ": bulk mid-run, feed " + (feedOpen ? "inside an open transaction" : "between transactions")
                        + " (feed commits before: " + count(log, "Exactly-once: job=eos-crash-feed run=\\S+ transaction committed") + ")");
            }
            stopWriting.set(true);
            writer.join(30_000);
            Set<String> feedTable = keys("eos_feed");
            AppProcess last = start("eos-last", stateUrl);
            try {
                last.awaitInLog("Exactly-once: job=eos-crash-bulk run=\\S+ transaction committed", Duration.ofMinutes(2));
                await().pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                        keysOf(TopicReader.readAll(kafka.getBrokersAsString(), "qc.eos.crash.feed", feedTable.size(), Duration.ofSeconds(10))))
                        .containsAll(feedTable));
            } finally {
                last.close();
            }
        } finally {
            stopWriting.set(true);
        }

        String brokers = kafka.getBrokersAsString();
        Set<String> feedTable = keys("eos_feed");
        Set<String> bulkTable = keys("eos_bulk");
        // to the end of each topic: nothing cut off, so a duplicate anywhere would be counted
        List<ConsumerRecord<String, byte[]>> feedCommitted = TopicReader.readToEnd(brokers, "qc.eos.crash.feed", true, Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> bulkCommitted = TopicReader.readToEnd(brokers, "qc.eos.crash.bulk", true, Duration.ofSeconds(60));
        int feedAll = TopicReader.readToEnd(brokers, "qc.eos.crash.feed", false, Duration.ofSeconds(60)).size();
        int bulkAll = TopicReader.readToEnd(brokers, "qc.eos.crash.bulk", false, Duration.ofSeconds(60)).size();
        landed.forEach(l -> System.out.println("EOS-CRASH " + l));
        System.out.printf("EOS-CRASH kills=%d feed_kills_inside_a_transaction=%d%n", KILLS, feedInsideTransaction);
        System.out.printf("EOS-CRASH feed: rows=%d read_committed=%d distinct=%d duplicates=%d read_uncommitted=%d%n", feedTable.size(),
                feedCommitted.size(), keysOf(feedCommitted).size(), duplicates(feedCommitted), feedAll);
        System.out.printf("EOS-CRASH bulk: rows=%d read_committed=%d distinct=%d duplicates=%d read_uncommitted=%d%n", bulkTable.size(),
                bulkCommitted.size(), keysOf(bulkCommitted).size(), duplicates(bulkCommitted), bulkAll);
        assertThat(keysOf(feedCommitted)).as("feed: every row").isEqualTo(feedTable);
        assertThat(feedCommitted).as("feed: each once").hasSize(feedTable.size());
        assertThat(keysOf(bulkCommitted)).as("bulk: every row").isEqualTo(bulkTable);
        assertThat(bulkCommitted).as("bulk: once, the killed runs' records aborted").hasSize(bulkTable.size());
        assertThat(bulkAll).as("the killed bulk runs' records are in the log, aborted").isGreaterThan(bulkTable.size());
    }

    private AppProcess start(String name, String stateUrl) throws Exception {
        return AppProcess.start("io.querycast.support.RunAtStart", name, dir,
                Map.of("QC_TEST_KAFKA", kafka.getBrokersAsString(), "QC_PG_URL", postgres.getJdbcUrl("postgres", "postgres")),
                "--querycast.connections-file=src/test/config/eos-crash/connections.yaml",
                "--querycast.jobs-dir=src/test/config/eos-crash/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.test.run-at-start=eos-crash-bulk",
                "--querycast.state.url=" + stateUrl,
                "--querycast.state.instance-id=eos-app");
    }

    /** Inserts in small transactions (1-20 rows, committed after 0-100 ms) until told to stop. */
    private static void write(AtomicBoolean stop, AtomicLong inserted) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO eos_feed (k) VALUES (?)")) {
            c.setAutoCommit(false);
            long n = 0;
            while (!stop.get()) {
                int rows = 1 + random.nextInt(20);
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "f" + n++);
                    insert.executeUpdate();
                }
                // the writer's think time inside its transaction
                Thread.sleep(random.nextInt(100));
                c.commit();
                inserted.addAndGet(rows);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> keys(String table) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k FROM " + table)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static Set<String> keysOf(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        return keys;
    }

    private static long duplicates(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Integer> n = new HashMap<>();
        records.forEach(r -> n.merge(r.key(), 1, Integer::sum));
        return n.values().stream().filter(v -> v > 1).mapToLong(v -> v - 1).sum();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
