package io.querycast.query;

import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps each row of one result set to a {@link Row}, reading the metadata once. camel-sql creates one per
 * query execution through {@link RowReaderFactory}, so the cached metadata never outlives its result.
 */
public final class RowReader implements RowMapper<Row> {

    private ResultColumns columns;
    private ColumnReader[] readers;

    @Override
    public Row mapRow(ResultSet rs, int rowNum) throws SQLException {
        if (readers == null) {
            init(rs.getMetaData());
        }
        Object[] values = new Object[readers.length];
        String problem = null;
        for (int i = 0; i < readers.length; i++) {
            try {
                values[i] = readers[i].read(rs, i + 1);
            } catch (SQLException e) {
                if (!isDataException(e)) {
                    throw e;
                }
                // one bad value (e.g. PostgreSQL numeric 'NaN') spoils its row, not the whole export
                problem = "column " + columns.names().get(i) + " (" + columns.typeNames().get(i) + "): " + e.getMessage();
            } catch (ArithmeticException | java.time.DateTimeException | IllegalArgumentException e) {
                problem = "column " + columns.names().get(i) + " (" + columns.typeNames().get(i) + "): " + e.getMessage();
            }
        }
        return new Row(columns, values, problem);
    }

    /** SQLSTATE class 22 is "data exception": a value, not the connection or the statement, is at fault. */
    private static boolean isDataException(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    private void init(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        ColumnReader[] r = new ColumnReader[n];
        for (int i = 1; i <= n; i++) {
            String label = md.getColumnLabel(i);
            String typeName = md.getColumnTypeName(i);
            names.add(label);
            types.add(typeName);
            r[i - 1] = new ColumnReader(label, md.getColumnType(i), typeName, md.getScale(i));
        }
        columns = new ResultColumns(List.copyOf(names), List.copyOf(types));
        readers = r;
    }
}
