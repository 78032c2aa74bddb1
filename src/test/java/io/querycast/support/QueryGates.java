package io.querycast.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gates a test closes to hold an export's query where it wants it: a query calling the H2 function
 * {@code QC_GATE('<name>')} ({@link #install}) waits at a closed gate until the test opens it (at most a
 * minute). The application runs in the test's JVM, so the query and the test share these gates.
 */
public final class QueryGates {

    static final Duration MAX_HOLD = Duration.ofMinutes(1);
    private static final Map<String, CountDownLatch> CLOSED = new ConcurrentHashMap<>();
    private static final Map<String, Integer> REACHED = new ConcurrentHashMap<>();

    private QueryGates() {
    }

    /** Declares {@code QC_GATE} in the H2 database of this connection. */
    public static void install(java.sql.Connection h2) throws java.sql.SQLException {
        try (java.sql.Statement s = h2.createStatement()) {
            s.execute("CREATE ALIAS IF NOT EXISTS QC_GATE FOR '" + QueryGates.class.getName() + ".pass'");
        }
    }

    /** The H2 function: waits while the gate is closed. */
    public static int pass(String name) throws InterruptedException {
        REACHED.merge(name, 1, Integer::sum);
        CountDownLatch closed = CLOSED.get(name);
        if (closed != null) {
            closed.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        }
        return 1;
    }

    public static void close(String name) {
        REACHED.remove(name);
        CLOSED.put(name, new CountDownLatch(1));
    }

    public static void open(String name) {
        CountDownLatch closed = CLOSED.remove(name);
        if (closed != null) {
            closed.countDown();
        }
    }

    public static void openAll() {
        List.copyOf(CLOSED.keySet()).forEach(QueryGates::open);
    }

    /** Whether a query reached the gate since it was closed. */
    public static boolean reached(String name) {
        return REACHED.containsKey(name);
    }
}
