package io.querycast.scheduler;

import org.quartz.utils.ConnectionProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Quartz's job store takes its connections from the state store's {@code querycast-scheduler} pool. */
final class StateStoreConnections implements ConnectionProvider {

    private final DataSource pool;

    StateStoreConnections(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool belongs to the state store, which closes it after Camel (and so Quartz) stopped
    }

    @Override
    public void initialize() {
        // the pool is open already
    }
}
