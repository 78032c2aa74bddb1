package io.querycast.feed;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The concurrent-writers rig of {@link ConcurrentWritersFeedTest} (at least once) and {@link ExactlyOnceWritersFeedTest}:
 * two tables on a real PostgreSQL ({@code feed_events}, inserted and updated; {@code feed_inserts}, insert only),
 * writer threads whose transactions commit late and sometimes stay open across several polls, and the check that
 * every (key, version) of a table reached a topic.
 */
final class FeedWriters {

    static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    /** What the writers did. */
    record Written(int writers, long inserts, long updates, long heldAcrossPolls) {
    }

    /** What a topic held: records per (key, version) "k@v". */
    record Seen(Map<String, Integer> versions, long records, long duplicates) {
    }

    private FeedWriters() {
    }

    static void createTables(EmbeddedPostgres postgres) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("feed_events", "feed_inserts")) {
                s.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, k TEXT NOT NULL UNIQUE, version INT NOT NULL,"
                        + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            }
        }
    }

    /** Runs {@code writers} writer threads for {@code writing}, then stops them; none may fail. */
    static Written write(EmbeddedPostgres postgres, int writers, Duration writing) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserts = new AtomicLong();
        AtomicLong updates = new AtomicLong();
        AtomicLong held = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try {
                    writer(postgres, writer, stop, inserts, updates, held);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "writer-" + w);
            threads.add(t);
            t.start();
        }
        Instant until = Instant.now().plus(writing);
        await().pollInterval(Duration.ofSeconds(1)).atMost(writing.plusSeconds(30)).until(() -> Instant.now().isAfter(until) || !failures.isEmpty());
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(failures).isEmpty();
        return new Written(writers, inserts.get(), updates.get(), held.get());
    }

    /** The table's rows: key → version. */
    static Map<String, Integer> table(EmbeddedPostgres postgres, String table) throws Exception {
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
     * Waits until every (key, version) of {@code table} is among the records {@code read} gives (0 missing), and
     * says how many came more than once.
     */
    static Seen awaitEveryVersion(String what, Map<String, Integer> table, Callable<List<ConsumerRecord<String, byte[]>>> read) {
        Set<String> expected = new HashSet<>();
        table.forEach((k, v) -> expected.add(k + "@" + v));
        Map<String, Integer> seen = new HashMap<>();
        await().pollInterval(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            seen.clear();
            for (ConsumerRecord<String, byte[]> r : read.call()) {
                Matcher m = VERSION.matcher(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(m.find()).isTrue();
                seen.merge(r.key() + "@" + m.group(1), 1, Integer::sum);
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(seen.keySet());
            assertThat(missing).as(what + ": (key, version) of the table missing").isEmpty();
        });
        long records = seen.values().stream().mapToLong(Integer::longValue).sum();
        long duplicates = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        return new Seen(Map.copyOf(seen), records, duplicates);
    }

    /**
     * One writer: transactions of 1-5 statements (new keys in both tables, updates of its own keys in feed_events,
     * each update stamping now(), the transaction's start), committed after 0-300 ms; one in 20 held open 1.5-3.5 s,
     * across several polls.
     */
    private static void writer(EmbeddedPostgres postgres, int writer, AtomicBoolean stop, AtomicLong inserts, AtomicLong updates,
                               AtomicLong held) throws Exception {
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
