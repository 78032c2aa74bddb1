package io.querycast.bench;

import io.querycast.security.VerifiedCredentials;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What HTTP Basic costs per request with the shipped password storage (BCrypt cost 10), with and without the
 * cache of verified credentials ({@link VerifiedCredentials}). Not a test: {@code bench/auth.sh} runs it, figures
 * in docs/performance.md.
 * <ol>
 * <li>The authentication step alone, in this JVM: the CPU time of one {@code authenticate} call on the thread
 *     that makes it, for Spring's DaoAuthenticationProvider (BCrypt every time) and for the cache in front of it
 *     (a hit: an HMAC and a lookup).</li>
 * <li>The application, in a JVM of its own with its shipped settings and a users file with clear passwords (hashed
 *     with BCrypt cost 10 at start, as shipped): {@code clients} concurrent callers send {@code GET /api/me} with
 *     HTTP Basic as fast as they are answered, for {@code seconds} after a warm-up; the application's CPU time
 *     (from /proc) over that window divided by the requests answered. Three runs side by side: the cache on (as
 *     shipped), the cache off ({@code credential-cache-ttl=0}: the cost before it), and the liveness probe
 *     (no authentication at all: what the HTTP stack costs).</li>
 * </ol>
 * Arguments: clients seconds rounds (default 16 20 3; the sides run interleaved, round after round, medians reported).
 */
public final class AuthBenchmark {

    static final String PASSWORD = "bench-operator-password";

    /** One side of the end-to-end comparison. */
    record Side(String label, String path, Caller caller, String... options) {
    }

    /** Requests answered per second and the application's CPU milliseconds per request, of one run of a side. */
    record Measured(double perSecond, double cpuMsPerRequest) {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String load = BenchSupport.loadAverage();
        String alone = authenticateAlone();
        Path dir = Files.createTempDirectory("qc-auth-bench");
        Path users = dir.resolve("users.yaml");
        Files.writeString(users, "users:\n  bench-operator:\n    role: operator\n    password: ${QC_BENCH_PASSWORD}\n");
        List<Side> sides = List.of(
                new Side("GET /api/me, HTTP Basic, cache on (shipped)", "/api/me", Caller.BASIC),
                new Side("GET /api/me, HTTP Basic, cache off (credential-cache-ttl=0)", "/api/me", Caller.BASIC,
                        "--querycast.api.credential-cache-ttl=0s"),
                new Side("GET /api/me, the dashboard's login session (no password check)", "/api/me", Caller.SESSION),
                new Side("GET /actuator/health/liveness (no authentication)", "/actuator/health/liveness", Caller.NONE));
        java.util.Map<Side, List<Measured>> results = new java.util.LinkedHashMap<>();
        // interleaved: each round runs every side once, so a busy minute of the machine touches all of them
        for (int round = 1; round <= rounds; round++) {
            for (Side side : sides) {
                Measured m = endToEnd(dir, users, clients, seconds, side);
                System.out.printf(Locale.ROOT, "round %d: %s: %,.0f requests/s, %.3f CPU ms per request%n", round, side.label(), m.perSecond(),
                        m.cpuMsPerRequest());
                results.computeIfAbsent(side, s -> new ArrayList<>()).add(m);
            }
        }
        System.out.printf(Locale.ROOT, "%nAUTH BENCHMARK: %d clients, %d s per run after 10 s of warm-up, %d rounds (medians), %d cores, "
                + "load average before %s, after %s; BCrypt cost 10 (the shipped encoder)%n", clients, seconds, rounds,
                Runtime.getRuntime().availableProcessors(), load, BenchSupport.loadAverage());
        System.out.println(alone);
        System.out.println("| what | requests/s | application CPU ms per request | runs (CPU ms per request) |");
        System.out.println("|---|---|---|---|");
        results.forEach((side, runs) -> System.out.printf(Locale.ROOT, "| %s | %,.0f | %.3f | %s |%n", side.label(),
                BenchSupport.median(runs.stream().map(Measured::perSecond).toList()),
                BenchSupport.median(runs.stream().map(Measured::cpuMsPerRequest).toList()),
                String.join(" ", runs.stream().map(m -> String.format(Locale.ROOT, "%.3f", m.cpuMsPerRequest())).toList())));
        BenchSupport.deleteTree(dir);
    }

    /** CPU per authenticate call on this thread: BCrypt every time, and the cache's hit. */
    static String authenticateAlone() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("bench-operator").password(encoder.encode(PASSWORD)).roles("VIEWER", "OPERATOR").build());
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        VerifiedCredentials cached = new VerifiedCredentials(dao, Duration.ofMinutes(5), 10_000);
        double bcryptMs = cpuMsPerCall(() -> dao.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("bench-operator", PASSWORD)), 5, 20);
        double hitMs = cpuMsPerCall(() -> cached.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("bench-operator", PASSWORD)),
                20_000, 200_000);
        return String.format(Locale.ROOT, "authenticate() alone, CPU ms per call on its thread: BCrypt every call %.3f, cache hit %.4f",
                bcryptMs, hitMs);
    }

    static double cpuMsPerCall(Runnable call, int warmUp, int calls) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e6 / calls;
    }

    /** How the callers authenticate. */
    enum Caller { BASIC, SESSION, NONE }

    static Measured endToEnd(Path dir, Path users, int clients, int seconds, Side side) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BenchSupport.javaBinary(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.querycast.QuerycastApplication",
                "--server.port=" + port,
                "--querycast.connections-file=src/test/config/events/connections.yaml",
                "--querycast.jobs-dir=src/test/config/events/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.api.users-file=" + users.toAbsolutePath(),
                "--querycast.state.url=jdbc:h2:mem:qc-auth-bench;DB_CLOSE_DELAY=-1",
                "--logging.level.root=WARN"));
        command.addAll(List.of(side.options()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("app-" + port + ".log").toFile());
        pb.environment().put("QC_BENCH_PASSWORD", PASSWORD);
        pb.environment().put("QC_TEST_KAFKA", "127.0.0.1:9");
        Process app = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            String basic = "Basic " + Base64.getEncoder().encodeToString(("bench-operator:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            awaitUp(http, HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")).GET().build(), app);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + side.path())).timeout(Duration.ofSeconds(60)).GET();
            switch (side.caller()) {
                case BASIC -> b.header("Authorization", basic);
                case SESSION -> b.header("Cookie", sessionCookie(http, base));
                case NONE -> { }
            }
            HttpRequest request = b.build();
            drive(http, request, clients, 10);
            double cpuBefore = BenchSupport.cpuSeconds(app.pid());
            long start = System.nanoTime();
            long answered = drive(http, request, clients, seconds);
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = BenchSupport.cpuSeconds(app.pid()) - cpuBefore;
            return new Measured(answered / wall, cpu * 1000 / answered);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** Signs in through the dashboard's login form, as a browser does: the session cookie it is given. */
    static String sessionCookie(HttpClient http, String base) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String cookies = String.join("; ", page.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString("username=bench-operator&password=" + PASSWORD + "&_csrf="
                        + java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.substring(0, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new IllegalStateException("the form login gave no session: " + login.statusCode()));
    }

    static void awaitUp(HttpClient http, HttpRequest request, Process app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the application exited with " + app.exitValue());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the application did not answer within 3 minutes");
    }

    /** Requests answered 200 by {@code clients} callers, each sending its next as soon as the last is answered. */
    static long drive(HttpClient http, HttpRequest request, int clients, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> callers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            callers.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Future<?> f : callers) {
            f.get();
        }
        pool.shutdown();
        if (failed.get() > 0) {
            System.out.printf("%s: %d requests not answered 200%n", request.uri(), failed.get());
        }
        return ok.get();
    }
}
