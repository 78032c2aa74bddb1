package io.querycast.events;

import io.querycast.QuerycastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static io.querycast.support.TestUsers.PUBLISHER;

/**
 * Load benchmark of POST /api/events/{type} (not a test: run it by hand, figures in docs/performance.md).
 * Starts a KRaft broker, then the application once per batching setting, and drives it with N concurrent
 * HTTP clients on loopback (HTTP Basic like any caller, its password stored as a cost-4 BCrypt hash so that
 * hashing does not hide what batching does) for a fixed time each, reporting events/s and p50/p99
 * latency side by side. HTTP Basic passwords are checked with BCrypt cost 4 unless {@code -Dbench.shipped-auth=true}
 * (see {@link CheapPasswordHashing}). Arguments: clients seconds side... where a side is {@code shipped} (the application's
 * own batching settings, answered on the acknowledgement), {@code shipped-async} (the same with {@code ?async=true}, 202 at
 * once), {@code peer} (the hand-written Spring MVC endpoint of package {@code benchpeer}: same users, producer properties,
 * callers and events), {@code floor} (the peer's endpoint answering 202 without Kafka: what Tomcat, Spring MVC, the
 * callers and the password check cost in this JVM, the ceiling of any endpoint that answers at once) or
 * {@code batchSize/timeoutMs} (default: 64 20 shipped peer shipped-async peer).
 * <pre>
 * mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.querycast.events.EventBenchmark
 * </pre>
 */
public final class EventBenchmark {

    static final String TOPIC = "qc.events.bench";
    static String usersFile;
    /** Seconds of load before each side's measured window ({@code -Dbench.warmup-seconds}, default 5). */
    static final int WARMUP_S = Integer.getInteger("bench.warmup-seconds", 5);
    /** Application properties of the side being run ({@code side:prop=value;...}). */
    static List<String> extraArgs = List.of();
    static String userHash;
    /** -Dbench.shipped-auth=true: the application's own password encoder (BCrypt cost 10, and cheaper hashes upgraded to it). */
    static final boolean CHEAP_AUTH = !Boolean.getBoolean("bench.shipped-auth");

    /**
     * Replaces the application's password encoder with BCrypt cost 4: with cost 10 (Spring's default, which it
     * also upgrades any cheaper stored hash to on the first login) each request spends ~60 ms of CPU checking
     * the password, and on 2 cores that caps every API endpoint near 30 requests/s whatever the batching.
     */
    // deliberately not a @Configuration: the application's component scan would pick it up in every test
    static class CheapPasswordHashing {
        @org.springframework.context.annotation.Bean
        org.springframework.security.crypto.password.PasswordEncoder passwordEncoder() {
            return new org.springframework.security.crypto.password.DelegatingPasswordEncoder("bcrypt",
                    java.util.Map.of("bcrypt", new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4)));
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<String> settings = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of("shipped", "peer", "shipped-async", "peer");
        // the caller's credentials: a cost-4 BCrypt hash unless -Dbench.shipped-auth=true (cost 10, as shipped)
        java.nio.file.Path users = java.nio.file.Files.createTempFile("qc-bench-users", ".yaml");
        String hash = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(CHEAP_AUTH ? 4 : 10).encode("publisher-test-password");
        userHash = hash;
        java.nio.file.Files.writeString(users, "users:\n  test-publisher:\n    role: publisher\n    password: \"{bcrypt}" + hash + "\"\n");
        usersFile = users.toString();
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
        kafka.afterPropertiesSet();
        List<String> lines = new ArrayList<>();
        try {
            for (String side : settings) {
                // side:prop=value;prop=value runs the side with those application properties added (a trial, not a shipped setting)
                String s = side.contains(":") ? side.substring(0, side.indexOf(':')) : side;
                extraArgs = side.contains(":") ? Arrays.stream(side.substring(side.indexOf(':') + 1).split(";")).map(a -> "--" + a).toList() : List.of();
                if (s.equals("peer") || s.equals("floor")) {
                    lines.add(peer(kafka.getBrokersAsString(), clients, seconds, s.equals("floor")));
                } else if (s.equals("shipped-direct")) {
                    // the shipped settings, sync events handed to the delivery path at once (batch-sync-events=false)
                    lines.add(run(kafka.getBrokersAsString(), clients, seconds, -1, -1, false, false));
                } else if (s.equals("shipped-batched")) {
                    // the shipped settings, sync events batched by the aggregator (batch-sync-events=true)
                    lines.add(run(kafka.getBrokersAsString(), clients, seconds, -1, -1, false, true));
                } else if (s.startsWith("shipped")) {
                    lines.add(run(kafka.getBrokersAsString(), clients, seconds, -1, -1, s.endsWith("-async"), null));
                } else {
                    String[] p = s.split("/");
                    lines.add(run(kafka.getBrokersAsString(), clients, seconds, Integer.parseInt(p[0]), Integer.parseInt(p[1]), false, null));
                }
            }
        } finally {
            kafka.destroy();
        }
        System.out.printf("%nEVENT BENCHMARK: %d clients, %d s each, %d cores, broker on loopback (3 partitions), password hashing %s%n",
                clients, seconds, Runtime.getRuntime().availableProcessors(), CHEAP_AUTH ? "BCrypt cost 4" : "as shipped (BCrypt cost 10)");
        System.out.println("load average (/proc/loadavg, as uptime) at the end: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        System.out.println("| side | events/s | p50 ms | p99 ms | errors | average batch | CPU ms per event (this JVM) |");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** @param batchSync querycast.events.batch-sync-events for this side, or null for the shipped value */
    static String run(String bootstrap, int clients, int seconds, int batchSize, int timeoutMs, boolean async, Boolean batchSync) throws Exception {
        SpringApplicationBuilder builder = CHEAP_AUTH
                ? new SpringApplicationBuilder(QuerycastApplication.class, CheapPasswordHashing.class)
                : new SpringApplicationBuilder(QuerycastApplication.class);
        boolean shipped = batchSize < 0;
        List<String> appArgs = new ArrayList<>(List.of(
                "--spring.main.allow-bean-definition-overriding=true",
                "--server.port=0",
                "--QC_TEST_KAFKA=" + bootstrap,
                "--logging.level.root=WARN",
                "--querycast.api.users-file=" + usersFile,
                "--querycast.state.url=jdbc:h2:mem:qc-bench-" + batchSize + "-" + timeoutMs + ";DB_CLOSE_DELAY=-1",
                "--querycast.connections-file=src/test/config/events/connections.yaml",
                "--querycast.jobs-dir=src/test/config/events/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.events.topics.bench=" + TOPIC));
        if (!shipped) {
            appArgs.addAll(List.of("--querycast.events.batch-size=" + batchSize, "--querycast.events.batch-timeout-ms=" + timeoutMs,
                    "--querycast.events.max-batch-size=" + Math.max(200, batchSize)));
        }
        if (batchSync != null) {
            appArgs.add("--querycast.events.batch-sync-events=" + batchSync);
        }
        appArgs.addAll(extraArgs);
        ConfigurableApplicationContext app = builder.run(appArgs.toArray(String[]::new));
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(PUBLISHER.getBytes(StandardCharsets.UTF_8));
            // warm-up: JIT, connections, producer metadata
            String path = "/api/events/bench" + (async ? "?async=true" : "");
            int ok = async ? 202 : 200;
            load(http, port, path, ok, auth, clients, WARMUP_S, new long[1 << 20], new AtomicLong(), new AtomicLong());
            EventBatches batches = app.getBean(EventBatches.class);
            EventSettings es = batches.settings();
            long batchesBefore = ((Number) batches.status().get("batches_sent")).longValue();
            long eventsBefore = ((Number) batches.status().get("events_sent")).longValue();
            long[] latencies = new long[1 << 22];
            AtomicLong count = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long start = System.nanoTime();
            long cpu0 = processCpuNanos();
            load(http, port, path, ok, auth, clients, seconds, latencies, count, errors);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = processCpuNanos() - cpu0;
            int n = (int) Math.min(count.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            long batchesSent = ((Number) batches.status().get("batches_sent")).longValue() - batchesBefore;
            long eventsSent = ((Number) batches.status().get("events_sent")).longValue() - eventsBefore;
            return String.format("| Querycast%s, batch %d / %d ms%s%s%s | %.0f | %.1f | %.1f | %d | %.1f | %.2f |", shipped ? " as shipped" : "",
                    es.batchSize(), es.batchTimeoutMs(), async ? ", ?async=true (202)" : " (200 on ack)",
                    async ? "" : es.batchSyncEvents() ? ", sync events batched by the aggregator" : ", sync events sent at once (producer batches)",
                    extraArgs.isEmpty() ? "" : ", " + String.join(" ", extraArgs), n / elapsed,
                    sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, errors.get(), batchesSent == 0 ? 0.0 : (double) eventsSent / batchesSent,
                    cpu / 1e6 / Math.max(1, count.get()));
        } finally {
            app.close();
        }
    }

    /**
     * The hand-written peer (package benchpeer, outside the application's component scan) in this JVM, with the same users, producer properties
     * (ProducerSettings of the same connection), broker, callers and events.
     */
    static String peer(String bootstrap, int clients, int seconds, boolean floor) throws Exception {
        io.querycast.config.KafkaConnection cluster = new io.querycast.config.ConnectionsReader(new io.querycast.config.PlaceholderResolver(
                name -> name.equals("QC_TEST_KAFKA") ? bootstrap : System.getenv(name)))
                .read(java.nio.file.Path.of("src/test/config/events/connections.yaml")).kafka("default").orElseThrow();
        java.util.Properties props = io.querycast.delivery.ProducerSettings.producerProperties(cluster, "peer");
        benchpeer.PeerApplication.producerProperties = props;
        benchpeer.PeerApplication.userHashes = java.util.Map.of("test-publisher", userHash);
        benchpeer.PeerApplication.topic = TOPIC;
        ConfigurableApplicationContext app = new SpringApplicationBuilder(benchpeer.PeerApplication.class)
                .run("--server.port=0", "--logging.level.root=WARN", "--spring.main.banner-mode=off");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(PUBLISHER.getBytes(StandardCharsets.UTF_8));
            String path = floor ? "/floor/bench" : "/events/bench";
            int ok = floor ? 202 : 200;
            load(http, port, path, ok, auth, clients, WARMUP_S, new long[1 << 20], new AtomicLong(), new AtomicLong());
            long[] latencies = new long[1 << 22];
            AtomicLong count = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long start = System.nanoTime();
            long cpu0 = processCpuNanos();
            load(http, port, path, ok, auth, clients, seconds, latencies, count, errors);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = processCpuNanos() - cpu0;
            int n = (int) Math.min(count.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            String label = floor ? "floor: the peer's endpoint answering 202 without Kafka (auth, JSON check)"
                    : "hand-written peer: Spring MVC + KafkaProducer.send, 200 on ack (linger.ms " + props.get("linger.ms") + ")";
            return String.format("| %s | %.0f | %.1f | %.1f | %d | - | %.2f |", label, n / elapsed, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, errors.get(),
                    cpu / 1e6 / Math.max(1, count.get()));
        } finally {
            app.close();
        }
    }

    /** CPU of this whole JVM (server, clients and the embedded broker alike: the same for every side). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void load(HttpClient http, int port, String path, int ok, String auth, int clients, int seconds, long[] latencies, AtomicLong count,
                     AtomicLong errors) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .timeout(Duration.ofSeconds(60)).header("Authorization", auth).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"client\":" + client + ",\"n\":" + i + ",\"payload\":\"abcdefghijklmnopqrstuvwxyz\"}"))
                            .build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r;
                    try {
                        r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        // a broken answer (e.g. "header parser received no bytes") is an error of this side, not the end of the run
                        errors.incrementAndGet();
                        continue;
                    }
                    long took = System.nanoTime() - t0;
                    if (r.statusCode() == ok) {
                        long k = count.getAndIncrement();
                        if (k < latencies.length) {
                            latencies[(int) k] = took;
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdownNow();
    }
}
