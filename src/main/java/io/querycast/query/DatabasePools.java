package io.querycast.query;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection pool per configured database, bound in the Camel registry as {@code db-<name>} (and its
 * statement settings as {@code db-<name>-statements}) for the export route's sql endpoint. Pools are
 * lazy: a database that is down does not stop the application, only the runs that need it.
 */
public final class DatabasePools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabasePools.class);

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    public DatabasePools(Connections connections) {
        this(connections, null);
    }

    /** @param meters where the pools report their Hikari meters ({@code hikaricp_*}, tag {@code pool=querycast-db-<name>}), or null */
    public DatabasePools(Connections connections, MetricsTrackerFactory meters) {
        for (DatabaseConnection db : connections.allDatabases()) {
            pools.put(db.name(), create(db, meters));
        }
    }

    static HikariDataSource create(DatabaseConnection db) {
        return create(db, null);
    }

    static HikariDataSource create(DatabaseConnection db, MetricsTrackerFactory meters) {
        HikariConfig c = config(db);
        if (meters != null) {
            c.setMetricsTrackerFactory(meters);
        }
        return new HikariDataSource(c);
    }

    /**
     * One connection to the database, made exactly as the export's pool makes them (autocommit off,
     * read-only, the driver properties), waiting at most {@code connectTimeout} for it: for the command-line
     * tools, which must not hang on a database that does not answer.
     */
    public static HikariDataSource single(DatabaseConnection db, java.time.Duration connectTimeout) {
        HikariConfig c = config(db);
        c.setPoolName("querycast-tool-" + db.name());
        c.setMaximumPoolSize(1);
        c.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        return new HikariDataSource(c);
    }

    private static HikariConfig config(DatabaseConnection db) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("querycast-db-" + db.name());
        c.setJdbcUrl(db.url());
        c.setUsername(db.username());
        if (db.password().isPresent()) {
            c.setPassword(db.password().reveal());
        }
        c.setMaximumPoolSize(db.poolSize());
        c.setMinimumIdle(0);
        // PostgreSQL only streams through a cursor outside autocommit; the others do not mind
        c.setAutoCommit(false);
        c.setReadOnly(db.readOnly());
        // do not connect at start: a database being down must not stop the other jobs
        c.setInitializationFailTimeout(-1);
        db.properties().forEach(c::addDataSourceProperty);
        return c;
    }

    public void bindInto(Registry registry, Connections connections) {
        for (DatabaseConnection db : connections.allDatabases()) {
            registry.bind(db.beanName(), pools.get(db.name()));
            registry.bind(statementSettingsName(db), new StatementSettings((int) db.queryTimeout().toSeconds()));
        }
    }

    public static String statementSettingsName(DatabaseConnection db) {
        return db.beanName() + "-statements";
    }

    public HikariDataSource pool(String name) {
        return pools.get(name);
    }

    @Override
    public void close() {
        pools.forEach((name, pool) -> {
            LOG.debug("Closing connection pool of database {}", name);
            pool.close();
        });
    }
}
