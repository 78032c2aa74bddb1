package io.querycast.query;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The columns of one query result, read once from the result set metadata. */
public record ResultColumns(List<String> names, List<String> typeNames) {

    /** The columns of a result as the export names them: labels (aliases) and type names, in query order. */
    public static ResultColumns of(java.sql.ResultSetMetaData md) throws java.sql.SQLException {
        int n = md.getColumnCount();
        List<String> names = new java.util.ArrayList<>(n);
        List<String> types = new java.util.ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        return new ResultColumns(List.copyOf(names), List.copyOf(types));
    }

    public int size() {
        return names.size();
    }

    /** Finds a column by name, ignoring case (databases differ in how they fold unquoted names). */
    public Optional<Integer> indexOf(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public ResultColumns lowerCased() {
        return new ResultColumns(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList(), typeNames);
    }
}
