package io.querycast.feed;

import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * SQL Server, {@code bound: rowversion}: the incrementing column is a {@code rowversion}. Every value below
 * {@code MIN_ACTIVE_ROWVERSION()} belongs to a committed transaction, so a poll reads up to the value just below
 * it and never past a transaction still open. Compared as BIGINT (a rowversion is 8 bytes, big-endian).
 * Not run by the tests here (no SQL Server): the statements are unit-tested.
 */
final class SqlServerRowversionBound implements PollBound {

    static final String CEILING_SQL = "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT) - 1";

    @Override
    public Ceiling ceiling(Poll poll) throws SQLException {
        long below = Jdbc.queryOne(poll.database(), CEILING_SQL, List.of(), rs -> rs.getLong(1));
        return new Ceiling(null, below, poll.clock().instant(), "MIN_ACTIVE_ROWVERSION()");
    }

    @Override
    public UnaryOperator<String> idExpression() {
        return column -> "CAST(" + column + " AS BIGINT)";
    }

    @Override
    public String name() {
        return "rowversion";
    }
}
