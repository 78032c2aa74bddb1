package io.querycast.bench;

import io.querycast.QuerycastApplication;
import io.querycast.support.KafkaBrokerProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end lag of an incremental feed (commit -> on the topic) and the rows/s it exports, under a steady insert
 * rate; see bench/feed.sh. The application runs in this JVM, so writer, consumer and application share one clock.
 */
public final class FeedBenchmark {

    static final int ROWS_PER_TRANSACTION = 20;
    static final int WARMUP_SECONDS = 10;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        String mode = a.getOrDefault("mode", "incrementing");
        int rate = Integer.parseInt(a.getOrDefault("rate", "2000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        String topic = "qc.bench.feed." + mode;
        Path work = Files.createDirectories(Path.of("bench", "work", "feed-" + System.currentTimeMillis()));
        System.out.println("load before: " + BenchSupport.loadAverage());
        try (BenchPostgres pg = BenchPostgres.start(a.getOrDefault("postgres", "auto"), "127.0.0.1:5432");
             KafkaBrokerProcess broker = new KafkaBrokerProcess(work.resolve("broker"))) {
            broker.start();
            broker.createTopics(3, topic, topic + ".DLT");
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), null); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS feed_bench");
                s.execute("CREATE TABLE feed_bench (id BIGSERIAL PRIMARY KEY, k TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                        + " payload TEXT NOT NULL)");
                s.execute("CREATE INDEX feed_bench_created ON feed_bench (created_at, id)");
            }
            System.out.println("PostgreSQL: " + pg.description() + "; broker " + broker.bootstrap() + "; mode " + mode + ", " + rate
                    + " rows/s for " + seconds + " s");
            ConcurrentHashMap<String, Long> committedAt = new ConcurrentHashMap<>();
            List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong received = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            AtomicLong measuredFromMs = new AtomicLong(Long.MAX_VALUE);
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
            Thread consumer = new Thread(() -> consume(broker.bootstrap(), topic, committedAt, seen, lags, received, duplicates, measuredFromMs, stop),
                    "feed-consumer");
            consumer.start();

            ConfigurableApplicationContext app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                    "--server.port=0",
                    "--querycast.connections-file=bench/config/feed/connections.yaml",
                    "--querycast.jobs-dir=bench/config/feed/jobs",
                    "--querycast.queries-dir=bench/queries",
                    "--querycast.state.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("state") + ";DB_CLOSE_ON_EXIT=FALSE",
                    "--QC_BENCH_PG_URL=" + pg.url(), "--QC_BENCH_PG_USER=" + pg.user(), "--QC_BENCH_KAFKA=" + broker.bootstrap(),
                    "--QC_BENCH_FEED_" + (mode.equals("incrementing") ? "INCREMENTING" : "TIMESTAMP") + "=true");

            // writers: a transaction of 20 rows every 20/rate seconds, spread over 4 connections
            int writers = 4;
            long periodMicros = 1_000_000L * ROWS_PER_TRANSACTION * writers / rate;
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(writers);
            AtomicInteger written = new AtomicInteger();
            List<Connection> connections = new ArrayList<>();
            long start = System.currentTimeMillis();
            measuredFromMs.set(start + WARMUP_SECONDS * 1000L);
            for (int w = 0; w < writers; w++) {
                Connection c = DriverManager.getConnection(pg.url(), pg.user(), null);
                c.setAutoCommit(false);
                connections.add(c);
                PreparedStatement insert = c.prepareStatement("INSERT INTO feed_bench (k, payload) VALUES (?, ?)");
                int writer = w;
                AtomicInteger seq = new AtomicInteger();
                pool.scheduleAtFixedRate(() -> {
                    try {
                        String[] keys = new String[ROWS_PER_TRANSACTION];
                        for (int i = 0; i < ROWS_PER_TRANSACTION; i++) {
                            keys[i] = "w" + writer + "-" + seq.incrementAndGet();
                            insert.setString(1, keys[i]);
                            insert.setString(2, "payload of " + keys[i] + " ".repeat(150));
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        c.commit();
                        long now = System.currentTimeMillis();
                        for (String k : keys) {
                            committedAt.put(k, now);
                        }
                        written.addAndGet(ROWS_PER_TRANSACTION);
                    } catch (Exception e) {
                        System.err.println("writer " + writer + ": " + e);
                    }
                }, w * periodMicros / writers, periodMicros, TimeUnit.MICROSECONDS);
            }
            Thread.sleep(seconds * 1000L);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            long writeSeconds = System.currentTimeMillis() - start;
            int total = written.get();
            // the feed catches up with the last commits
            long deadline = System.currentTimeMillis() + 120_000;
            while (seen.size() < total && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            long caughtUp = System.currentTimeMillis() - start;
            Thread.sleep(2000);
            stop.set(true);
            consumer.join(10_000);
            app.close();
            for (Connection c : connections) {
                c.close();
            }
            long[] sorted;
            synchronized (lags) {
                sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            long missing = committedAt.keySet().stream().filter(k -> !seen.containsKey(k)).count();
            System.out.printf(Locale.ROOT, "FEED-BENCH mode=%s rate_target=%d written=%d write_seconds=%.1f written_per_s=%.0f exported=%d missing=%d"
                            + " duplicates=%d exported_per_s=%.0f lag_samples=%d lag_p50_ms=%d lag_p99_ms=%d lag_max_ms=%d caught_up_s=%.1f%n",
                    mode, rate, total, writeSeconds / 1000.0, total * 1000.0 / writeSeconds, seen.size(), missing, duplicates.get(),
                    seen.size() * 1000.0 / caughtUp, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? -1 : sorted[sorted.length - 1], caughtUp / 1000.0);
        }
        System.out.println("load after: " + BenchSupport.loadAverage());
        System.exit(0);
    }

    private static void consume(String bootstrap, String topic, Map<String, Long> committedAt, Map<String, Boolean> seen, List<Long> lags,
                                AtomicLong received, AtomicLong duplicates, AtomicLong measuredFromMs, AtomicBoolean stop) {
        Map<String, Object> cfg = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cfg)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    received.incrementAndGet();
                    if (seen.putIfAbsent(r.key(), Boolean.TRUE) != null) {
                        duplicates.incrementAndGet();
                        continue;
                    }
                    Long committed = committedAt.get(r.key());
                    if (committed != null && committed >= measuredFromMs.get()) {
                        lags.add(now - committed);
                    }
                }
            }
        }
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: " + Arrays.toString(args));
        }
        return out;
    }
}
