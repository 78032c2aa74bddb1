package io.querycast.query;

import io.querycast.config.DatabaseType;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Maps each row of one result set to a {@link Row}, reading the metadata once. camel-sql creates one per
 * query execution through {@link RowReaderFactory}, so the cached metadata never outlives its result.
 * <p>
 * A value that cannot be read or has no JSON mapping spoils its row only: the row carries the column and
 * the reason in {@link Row#problem()} and goes to the dead-letter topic. Only a failure of the cursor
 * itself (connection lost, statement cancelled) is thrown. That matters beyond the row: camel-sql's
 * StreamList iterator neither advances nor closes when the row mapper throws anything but an
 * SQLException, so the splitter, when it releases its exchanges after the failure, reads the same row
 * again and Camel logs the second failure as "Error releasing exchange ... This exception is ignored".
 */
public final class RowReader implements RowMapper<Row> {

    private ResultColumns columns;
    private ColumnReader[] readers;

    @Override
    public Row mapRow(ResultSet rs, int rowNum) throws SQLException {
        if (readers == null) {
            init(rs, rs.getMetaData());
        }
        Object[] values = new Object[readers.length];
        String problem = null;
        for (int i = 0; i < readers.length; i++) {
            try {
                values[i] = readers[i].read(rs, i + 1);
            } catch (SQLException e) {
                if (!isValueException(e)) {
                    throw e;
                }
                // one bad value (e.g. PostgreSQL numeric 'NaN', a bit(n)[] PgJDBC cannot convert) spoils its row,
                // not the whole export
                problem = add(problem, describe(i, e));
            } catch (UnsupportedColumnException e) {
                problem = add(problem, e.getMessage()); // names the column and its type already
            } catch (RuntimeException e) {
                // a driver's or the mapping's conversion of this one value failed (ArithmeticException,
                // DateTimeException, a vendor class's own error...): still a value, not the cursor
                problem = add(problem, describe(i, e));
            }
        }
        return new Row(columns, values, problem);
    }

    private String describe(int i, Exception e) {
        return "column " + columns.names().get(i) + " (" + columns.typeNames().get(i) + "): " + e.getMessage();
    }

    private static String add(String problems, String problem) {
        return problems == null ? problem : problems + "; " + problem;
    }

    /** Some type names mean different things per product (PostgreSQL's bit string vs SQL Server's boolean bit). */
    private static DatabaseType databaseOf(ResultSet rs) throws SQLException {
        java.sql.Statement statement = rs.getStatement();
        String url = statement == null ? null : statement.getConnection().getMetaData().getURL();
        return url == null ? null : DatabaseType.fromUrl(url);
    }

    /**
     * SQLSTATE class 22 is "data exception"; class 42 from a getter is a conversion the driver refused
     * (PgJDBC's 42846 "Cannot cast to boolean", 42821 type mismatch), since reading a fetched row runs no SQL.
     * Either way the value, not the connection or the statement, is at fault. Connection failures (08),
     * cancellations (57) and errors without a state stay fatal.
     */
    private static boolean isValueException(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("42"));
    }

    private void init(ResultSet rs, ResultSetMetaData md) throws SQLException {
        columns = ResultColumns.of(md);
        readers = readersFor(md, databaseOf(rs));
    }

    /** The reader of each column of a result, by the column's JDBC type, type name and scale, and the database's product. */
    public static ColumnReader[] readersFor(ResultSetMetaData md, DatabaseType database) throws SQLException {
        int n = md.getColumnCount();
        ColumnReader[] r = new ColumnReader[n];
        for (int i = 1; i <= n; i++) {
            r[i - 1] = new ColumnReader(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i), md.getScale(i), database);
        }
        return r;
    }
}
