package io.querycast.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.querycast.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * The connection pool of the state store. Deliberately not a Spring {@code DataSource} bean: one would
 * take the place of Spring Boot's auto-configured DataSource and be autowired into camel-sql, while an
 * export must only ever reach the databases of the connections file.
 */
public final class StateStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final int POOL_SIZE = 4;

    private final HikariDataSource pool;

    public StateStore(StateStoreSettings settings) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("querycast-state");
        c.setJdbcUrl(settings.url());
        c.setUsername(settings.username());
        if (settings.password().isPresent()) {
            c.setPassword(settings.password().reveal());
        }
        c.setMaximumPoolSize(POOL_SIZE);
        try {
            // connects now: without its state store Querycast cannot record runs, so it does not start
            pool = new HikariDataSource(c);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ConfigException("querycast.state.url: cannot open the state store " + settings.displayUrl() + ": " + root.getMessage(), e);
        }
        LOG.info("State store: {} (instance {})", settings.displayUrl(), settings.instanceId());
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
