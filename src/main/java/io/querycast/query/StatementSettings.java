package io.querycast.query;

import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;

/**
 * Applies a connection's query timeout to every statement. camel-sql's StreamList mode bypasses
 * JdbcTemplate, so {@code template.queryTimeout} would be ignored; the prepare-statement strategy is the
 * hook that StreamList does call (with {@code alwaysPopulateStatement=true}).
 */
public final class StatementSettings extends DefaultSqlPrepareStatementStrategy {

    private final int queryTimeoutSeconds;

    public StatementSettings(int queryTimeoutSeconds) {
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    @Override
    public void populateStatement(PreparedStatement ps, Iterator<?> iterator, int expectedParams) throws SQLException {
        if (queryTimeoutSeconds > 0) {
            ps.setQueryTimeout(queryTimeoutSeconds);
        }
        super.populateStatement(ps, iterator, expectedParams);
    }
}
