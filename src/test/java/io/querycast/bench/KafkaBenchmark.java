package io.querycast.bench;

import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.KafkaConnection;
import io.querycast.config.PlaceholderResolver;
import io.querycast.config.Secret;
import io.querycast.delivery.ProducerSettings;
import io.querycast.support.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The producer benchmark CLI ({@code bench/kafka-benchmark.sh}): how fast one Kafka producer with
 * Querycast's producer settings delivers records when the sender waits for acknowledgements, as an
 * export does.
 * <ul>
 *   <li>{@code single}: one record per send, waiting for its acknowledgement before the next;</li>
 *   <li>{@code batch}: {@code --batch-size} records sent, then a wait for all of them, batch after batch
 *       (what the export route does with each chunk of {@code batch_size} rows);</li>
 *   <li>{@code mixed}: like {@code batch}, but each batch has a random size between 1 and {@code --batch-size}
 *       (seeded, reproducible): chunks of uneven size, as when small and large jobs share a producer.</li>
 * </ul>
 * "Waiting" is every future's {@code get()}, as the route's wait for a chunk's acknowledgements: records that
 * fill no producer batch ({@code batch.size}) are sent only after {@code linger.ms}, so that wait is part of
 * every batch's latency. {@code --wait flush} calls {@code flush()} first, which sends them at once.
 * Latency of a record: from its {@code send()} call to its acknowledgement callback. The producer properties
 * are those Querycast's route uses ({@link ProducerSettings}) for the cluster given by {@code --bootstrap} (PLAINTEXT) or by a named
 * connection of a connections file ({@code --connections FILE --connection NAME}, with {@code ${ENV}}
 * placeholders resolved as the application does), plus any {@code --producer-prop k=v}.
 */
public final class KafkaBenchmark {

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o == null) {
            System.exit(2);
            return;
        }
        KafkaBrokerProcess broker = null;
        Path dir = Path.of("bench/work/kafka-benchmark-broker-" + ProcessHandle.current().pid());
        int code = 1;
        try {
            if (o.startBroker) {
                broker = new KafkaBrokerProcess(dir);
                broker.start();
                o.bootstrap = broker.bootstrap();
                System.out.println("started a broker in its own JVM at " + o.bootstrap + " (" + dir + ")");
            }
            code = new KafkaBenchmark().run(o);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            if (broker != null) {
                broker.close();
                BenchSupport.deleteTree(dir);
            }
        }
        System.exit(code);
    }

    int run(Options o) throws Exception {
        KafkaConnection cluster = cluster(o);
        Properties props = ProducerSettings.configurationFor(cluster).createProducerProperties();
        // camel-kafka passes the brokers to the producer apart from these properties
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.putAll(o.producerProps);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "querycast-kafka-benchmark");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        ensureTopic(props, o);

        List<byte[]> payloads = payloads(o);
        double avgPayload = payloads.stream().mapToInt(p -> p.length).average().orElse(0);
        System.out.printf(Locale.ROOT, "mode=%s wait=%s messages=%,d batch-size=%d topic=%s bootstrap=%s payload=%.0f bytes avg (%s)%n",
                o.mode, o.flush ? "flush" : "ack", o.messages, o.batchSize, o.topic, props.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG), avgPayload,
                o.payloadFile != null ? o.payloadFile + ", " + payloads.size() + " records" : "generated shipment-tracking JSON");
        System.out.printf(Locale.ROOT, "producer: acks=%s enable.idempotence=%s compression.type=%s linger.ms=%s batch.size=%s max.in.flight=%s%n",
                props.get("acks"), props.get("enable.idempotence"), props.get("compression.type"), props.get("linger.ms"),
                props.get("batch.size"), props.get("max.in.flight.requests.per.connection"));

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            if (o.warmup > 0) {
                drive(producer, o, payloads, o.warmup, new Random(o.seed + 1), "warmup-");
            }
            Result r = drive(producer, o, payloads, o.messages, new Random(o.seed), "");
            r.print(o, avgPayload);
        }
        return 0;
    }

    /** Latencies in nanoseconds: per record (send to ack) and per wait (first send of a batch to all acked). */
    record Result(long messages, long bytes, long nanos, long[] recordLatency, long[] batchLatency, int batches) {

        void print(Options o, double avgPayload) {
            double seconds = nanos / 1e9;
            Arrays.sort(recordLatency);
            Arrays.sort(batchLatency, 0, batches);
            System.out.printf(Locale.ROOT, "throughput: %,d messages in %.2f s = %,.0f msg/s, %.2f MB/s (values, MB = 2^20 bytes)%n",
                    messages, seconds, messages / seconds, bytes / seconds / 1048576.0);
            System.out.printf(Locale.ROOT, "record latency ms (send -> ack): avg %.2f  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                    avg(recordLatency, recordLatency.length), pct(recordLatency, recordLatency.length, 50), pct(recordLatency, recordLatency.length, 90),
                    pct(recordLatency, recordLatency.length, 99), recordLatency[recordLatency.length - 1] / 1e6);
            if (!o.mode.equals("single")) {
                System.out.printf(Locale.ROOT, "batch wait ms (%d batches, first send -> all acked): avg %.2f  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                        batches, avg(batchLatency, batches), pct(batchLatency, batches, 50), pct(batchLatency, batches, 90),
                        pct(batchLatency, batches, 99), batchLatency[batches - 1] / 1e6);
            }
            System.out.printf(Locale.ROOT, "KAFKA-BENCHMARK mode=%s wait=%s messages=%d batchSize=%d payloadBytes=%.0f seconds=%.3f msgPerSec=%.0f MBPerSec=%.2f "
                            + "latencyAvgMs=%.3f p50Ms=%.3f p90Ms=%.3f p99Ms=%.3f%n",
                    o.mode, o.flush ? "flush" : "ack", messages, o.mode.equals("single") ? 1 : o.batchSize, avgPayload, seconds, messages / seconds, bytes / seconds / 1048576.0,
                    avg(recordLatency, recordLatency.length), pct(recordLatency, recordLatency.length, 50), pct(recordLatency, recordLatency.length, 90),
                    pct(recordLatency, recordLatency.length, 99));
        }

        private static double avg(long[] sorted, int n) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += sorted[i];
            }
            return n == 0 ? Double.NaN : sum / n / 1e6;
        }

        /** Nearest-rank percentile, in ms. */
        private static double pct(long[] sorted, int n, double p) {
            if (n == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * n);
            return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
        }
    }

    private static Result drive(KafkaProducer<String, byte[]> producer, Options o, List<byte[]> payloads, long messages, Random random,
                                String keyPrefix) throws Exception {
        long[] recordLatency = new long[Math.toIntExact(messages)];
        long[] batchLatency = new long[Math.toIntExact(messages)];
        int batches = 0;
        long bytes = 0;
        long sent = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Future<?>> pending = new ArrayList<>(o.batchSize);
        long start = System.nanoTime();
        while (sent < messages) {
            int size = switch (o.mode) {
                case "single" -> 1;
                case "batch" -> o.batchSize;
                default -> 1 + random.nextInt(o.batchSize);
            };
            size = (int) Math.min(size, messages - sent);
            long batchStart = System.nanoTime();
            pending.clear();
            for (int i = 0; i < size; i++) {
                int index = (int) sent + i;
                byte[] value = payloads.get(index % payloads.size());
                bytes += value.length;
                String key = keyPrefix + String.format(Locale.ROOT, "RR%09dIT", index + 1);
                long t = System.nanoTime();
                pending.add(producer.send(new ProducerRecord<>(o.topic, key, value), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        recordLatency[index] = System.nanoTime() - t;
                    }
                }));
                if (failure.get() != null) {
                    // e.g. no metadata for the topic within max.block.ms: every further send would wait as long
                    throw new IllegalStateException("send failed: " + failure.get(), failure.get());
                }
            }
            if (o.flush) {
                producer.flush();
            }
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
                }
            }
            batchLatency[batches++] = System.nanoTime() - batchStart;
            sent += size;
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(messages, bytes, nanos, recordLatency, batchLatency, batches);
    }

    private static KafkaConnection cluster(Options o) throws Exception {
        if (o.connectionsFile != null) {
            PlaceholderResolver resolver = new PlaceholderResolver(name -> {
                String v = System.getenv(name);
                return v != null ? v : System.getProperty(name);
            });
            Connections connections = readKafkaConnections(resolver, Path.of(o.connectionsFile));
            KafkaConnection k = connections.kafka(o.connection).orElseThrow(() -> new IllegalArgumentException(
                    "no Kafka connection '" + o.connection + "' in " + o.connectionsFile + " (there are " + connections.kafkaClusters().keySet() + ")"));
            if (o.bootstrap != null) {
                // --bootstrap overrides the file's brokers, keeping its security and producer settings
                return new KafkaConnection(k.name(), o.bootstrap, k.securityProtocol(), k.saslMechanism(), k.username(), k.password(), k.ssl(),
                        k.producerProperties());
            }
            return k;
        }
        return new KafkaConnection("benchmark", o.bootstrap, KafkaConnection.SecurityProtocol.PLAINTEXT, null, null, Secret.of(null), null, Map.of());
    }

    /**
     * Reads the connections file with the application's reader, leaving its {@code databases:} section out
     * (blanked line for line, so errors keep their line numbers): benchmarking a Kafka cluster must not
     * need the database passwords' environment variables.
     */
    static Connections readKafkaConnections(PlaceholderResolver resolver, Path file) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connections file not found: " + file);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        boolean inDatabases = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean topLevel = !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
            if (topLevel) {
                inDatabases = line.startsWith("databases:");
            }
            if (inDatabases) {
                lines.set(i, "");
            }
        }
        Path dir = Files.createTempDirectory("qc-kafka-benchmark");
        Path copy = dir.resolve(file.getFileName());
        Files.write(copy, lines, StandardCharsets.UTF_8);
        try {
            return new ConnectionsReader(resolver).read(copy);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.valueOf(e.getMessage()).replace(copy.toString(), file.toString()), e);
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir);
        }
    }

    private static void ensureTopic(Properties producerProps, Options o) throws Exception {
        if (o.partitions <= 0) {
            return;
        }
        Properties admin = new Properties();
        producerProps.forEach((k, v) -> {
            String key = k.toString();
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                admin.put(key, v);
            }
        });
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(o.topic, o.partitions, (short) o.replicationFactor))).all().get(30, TimeUnit.SECONDS);
            System.out.printf("created topic %s (%d partitions, replication factor %d)%n", o.topic, o.partitions, o.replicationFactor);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The payloads: lines of a file, or shipment-tracking JSON records shaped like the export's. */
    private static List<byte[]> payloads(Options o) throws Exception {
        List<byte[]> out = new ArrayList<>();
        if (o.payloadFile != null) {
            for (String line : Files.readAllLines(Path.of(o.payloadFile), StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    out.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(o.payloadFile + " holds no payload");
            }
            return out;
        }
        int n = (int) Math.min(o.messages, 10_000);
        for (int x = 1; x <= n; x++) {
            String json = String.format(Locale.ROOT, "{\"barcode\":\"RR%09dIT\",\"trkdate\":\"2026-01-17\",\"operator\":\"OP%d\",\"msgtype\":\"%s\","
                            + "\"causal\":\"C%d\",\"test_flag\":\"N\",\"phase_at\":\"%s\",\"arrivetimestamp\":\"2026-01-17T%02d:%02d:%02d.%06d\","
                            + "\"status\":%d,\"track_office\":\"UP%05d\",\"mtf_mtfid\":%d,\"date_other\":%s,\"canale\":\"%s\",\"custcode\":\"CU%06d\","
                            + "\"cust_sped\":%d.%02d,\"idsped\":%d,\"_metadata\":{\"source_query\":\"bench-tracking.sql\",\"source_connection\":\"tracking\","
                            + "\"export_timestamp\":\"2026-01-18T08:00:00.123456\",\"export_id\":\"bench-tracking-20260118080000\"}}",
                    x, x % 37, new String[] {"ACC", "TRN", "DLV", "RET"}[x % 4], x % 9, new String[] {"HUB", "CENTER", "OFFICE"}[x % 3],
                    (x / 3600) % 24, (x / 60) % 60, x % 60, (x * 7919) % 1_000_000, (x % 7) * 10, x % 500, 100_000_000 + x,
                    x % 5 == 0 ? "null" : "\"2026-01-" + (10 + x % 19) + "\"", new String[] {"WEB", "APP", "DESK"}[x % 3], x % 1000,
                    (x * 31) % 100_000 / 100, (x * 31) % 100, 900_000_000_000L + x);
            out.add(json.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Command-line options of bench/kafka-benchmark.sh. */
    static final class Options {
        String mode = "batch";
        long messages = -1;
        int batchSize = 500;
        String bootstrap;
        String connectionsFile;
        String connection = "default";
        String topic = "querycast-benchmark";
        int partitions = 3;
        int replicationFactor = 1;
        String payloadFile;
        long warmup = 1_000;
        long seed = 42;
        boolean startBroker;
        boolean flush;
        final Map<String, String> producerProps = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            try {
                for (int i = 0; i < args.length; i++) {
                    String a = args[i];
                    switch (a) {
                        case "--mode" -> o.mode = args[++i];
                        case "--messages" -> o.messages = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
                        case "--batch-size" -> o.batchSize = Integer.parseInt(args[++i]);
                        case "--bootstrap" -> o.bootstrap = args[++i];
                        case "--connections" -> o.connectionsFile = args[++i];
                        case "--connection" -> o.connection = args[++i];
                        case "--topic" -> o.topic = args[++i];
                        case "--partitions" -> o.partitions = Integer.parseInt(args[++i]);
                        case "--replication-factor" -> o.replicationFactor = Integer.parseInt(args[++i]);
                        case "--payload-file" -> o.payloadFile = args[++i];
                        case "--warmup" -> o.warmup = Long.parseLong(args[++i]);
                        case "--seed" -> o.seed = Long.parseLong(args[++i]);
                        case "--start-broker" -> o.startBroker = true;
                        case "--wait" -> {
                            String w = args[++i];
                            if (!w.equals("ack") && !w.equals("flush")) {
                                throw new IllegalArgumentException("--wait must be ack or flush");
                            }
                            o.flush = w.equals("flush");
                        }
                        case "--producer-prop" -> {
                            String kv = args[++i];
                            int eq = kv.indexOf('=');
                            if (eq < 1) {
                                throw new IllegalArgumentException("--producer-prop needs name=value: " + kv);
                            }
                            o.producerProps.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                        case "-h", "--help" -> {
                            usage();
                            return null;
                        }
                        default -> throw new IllegalArgumentException("unknown option: " + a);
                    }
                }
                if (o.messages == -1) {
                    // one wait per record is slow by nature: with linger.ms=20, about 50 records a second
                    o.messages = o.mode.equals("single") ? 2_000 : 100_000;
                }
                if (!List.of("single", "batch", "mixed").contains(o.mode)) {
                    throw new IllegalArgumentException("--mode must be single, batch or mixed");
                }
                if (o.messages < 1 || o.messages > Integer.MAX_VALUE || o.batchSize < 1 || o.warmup < 0) {
                    throw new IllegalArgumentException("--messages (1..2^31-1), --batch-size (>= 1) and --warmup (>= 0) out of range");
                }
                if (o.bootstrap == null && o.connectionsFile == null && !o.startBroker) {
                    throw new IllegalArgumentException("give --bootstrap HOST:PORT, --connections FILE [--connection NAME], or --start-broker");
                }
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
                usage();
                return null;
            }
            return o;
        }

        static void usage() {
            System.err.println("""
                    usage: bench/kafka-benchmark.sh [options]
                      --mode single|batch|mixed   single: wait for each record's ack; batch: send --batch-size records,
                                                  then wait for all; mixed: batches of random size 1..--batch-size (default batch)
                      --messages N                records to send and time (default 100000; 2000 in single mode)
                      --batch-size N              records per wait in batch mode, the largest in mixed mode (default 500)
                      --wait ack|flush            ack: wait on the records' futures, as the export route does, so a batch
                                                  that fills no producer batch waits linger.ms first (default);
                                                  flush: producer.flush() first, which sends at once
                      --bootstrap HOST:PORT       the brokers (PLAINTEXT), or the override of the connection's brokers
                      --connections FILE          a Querycast connections file (${ENV} placeholders resolved) ...
                      --connection NAME           ... and the Kafka connection in it (default 'default')
                      --start-broker              start a broker of our own in its own JVM (bench/work/) and use it
                      --topic NAME                (default querycast-benchmark); created if missing unless --partitions 0
                      --partitions N              partitions of a topic created here (default 3)
                      --replication-factor N      of a topic created here (default 1)
                      --payload-file FILE         values, one per line (e.g. JSON records an export wrote); default:
                                                  generated shipment-tracking JSON of the export's shape (~450 bytes)
                      --producer-prop NAME=VALUE  overrides a producer property (repeatable)
                      --warmup N                  records sent before timing starts (default 1000)
                      --seed N                    of mixed mode's batch sizes (default 42)""");
        }
    }
}
