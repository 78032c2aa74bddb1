package io.querycast.history;

import io.querycast.config.StateStoreSettings;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.querycast.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state store: its connection pools and its schema, migrated when it opens. Two Hikari pools on the same
 * database, {@code querycast-state} (run history, metrics, switches) and {@code querycast-scheduler} (Quartz's
 * job store, whose threads hold a connection while they wait for its row locks: they must not starve the
 * history's writes). Deliberately not Spring {@code DataSource} beans: one would take the place of Spring Boot's
 * auto-configured DataSource and be autowired into camel-sql, while an export must only ever reach the
 * databases of the connections file.
 */
public final class StateStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    public static final String POOL_NAME = "querycast-state";
    public static final String SCHEDULER_POOL_NAME = "querycast-scheduler";

    private final StateStoreSettings settings;
    private final MetricsTrackerFactory meters;
    private final HikariDataSource pool;
    private final String product;
    private final String schemaVersion;
    private HikariDataSource schedulerPool;

    /** A store without meters (tests, tools reading a store after the application stopped). */
    public StateStore(StateStoreSettings settings) {
        this(settings, null);
    }

    /** @param meters where the pools report their Hikari meters ({@code hikaricp_*}), or null */
    public StateStore(StateStoreSettings settings, MetricsTrackerFactory meters) {
        this.settings = settings;
        this.meters = meters;
        this.product = productOf(settings);
        // connects now: without its state store Querycast cannot record runs, so it does not start
        this.pool = open(POOL_NAME, settings.poolSize());
        try {
            this.schemaVersion = StateSchema.migrate(pool, product);
        } catch (RuntimeException e) {
            pool.close();
            throw new ConfigException("querycast.state.url: the state store " + settings.displayUrl()
                    + " could not be brought up to date: " + rootMessage(e), e);
        }
        LOG.info("State store: {} (instance {}), schema version {}", settings.displayUrl(), settings.instanceId(), schemaVersion);
    }

    private static String productOf(StateStoreSettings settings) {
        String url = settings.url().toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        throw new ConfigException("querycast.state.url: " + settings.displayUrl()
                + " is not a supported state store; use jdbc:h2:file:… (one instance) or jdbc:postgresql:… (one or several)");
    }

    private HikariDataSource open(String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(settings.url());
        c.setUsername(settings.username());
        if (settings.password().isPresent()) {
            c.setPassword(settings.password().reveal());
        }
        c.setMaximumPoolSize(size);
        c.setConnectionTimeout(settings.connectionTimeout().toMillis());
        if (meters != null) {
            c.setMetricsTrackerFactory(meters);
        }
        try {
            return new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw new ConfigException("querycast.state.url: cannot open the state store " + settings.displayUrl() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The pool of the run history, the hourly metrics and the job switches. */
    public DataSource dataSource() {
        return pool;
    }

    /** The pool of Quartz's job store, opened on first use with {@code size} connections at most. */
    public synchronized DataSource schedulerDataSource(int size) {
        if (schedulerPool == null) {
            schedulerPool = open(SCHEDULER_POOL_NAME, size);
        }
        return schedulerPool;
    }

    /** {@code h2} or {@code postgresql}: which of Quartz's SQL dialects and which migrations apply. */
    public String product() {
        return product;
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    public StateStoreSettings settings() {
        return settings;
    }

    /** The pools opened so far, by name: for their health. */
    public synchronized List<HikariDataSource> pools() {
        List<HikariDataSource> all = new ArrayList<>(List.of(pool));
        if (schedulerPool != null) {
            all.add(schedulerPool);
        }
        return all;
    }

    @Override
    public synchronized void close() {
        if (schedulerPool != null) {
            schedulerPool.close();
        }
        pool.close();
    }
}
