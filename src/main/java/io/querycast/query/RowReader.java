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
        for (int i = 0; i < readers.length; i++) {
            values[i] = readers[i].read(rs, i + 1);
        }
        return new Row(columns, values);
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
