package io.querycast.message;

import io.querycast.query.ResultColumns;
import io.querycast.query.Row;

import java.util.List;

/**
 * The record key of a row: one column's value as text, or several columns' joined by a separator
 * ({@code key_columns}). A NULL part makes the whole key NULL: a key that silently lost a part would put
 * rows that differ on the same key, so such a row goes to the dead-letter topic as one with a NULL key does.
 * The separator is not escaped inside values (docs/configuration.md#record-shape).
 */
public final class RecordKey {

    private final int[] indexes;
    private final List<String> names;
    private final String separator;

    /** @throws IllegalArgumentException naming the key column the result does not have, and the columns it has */
    public RecordKey(ResultColumns columns, List<String> keyColumns, String separator, String context) {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException(context + ": no key column");
        }
        String field = keyColumns.size() == 1 ? "key_column" : "key_columns";
        this.indexes = new int[keyColumns.size()];
        for (int i = 0; i < indexes.length; i++) {
            String name = keyColumns.get(i);
            indexes[i] = columns.indexOf(name).orElseThrow(() -> new IllegalArgumentException(context
                    + ": " + field + " '" + name + "' is not a column of the query result (columns: "
                    + String.join(", ", columns.names()) + ")"));
        }
        this.names = List.copyOf(keyColumns);
        this.separator = separator;
    }

    /** @return the key, or null when a key column is NULL in this row */
    public String of(Row row) {
        if (indexes.length == 1) {
            return text(row.value(indexes[0]));
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < indexes.length; i++) {
            String part = text(row.value(indexes[i]));
            if (part == null) {
                return null;
            }
            if (i > 0) {
                key.append(separator);
            }
            key.append(part);
        }
        return key.toString();
    }

    /** The first key column that is NULL in this row, for the dead letter's reason; null when none is. */
    public String nullColumn(Row row) {
        for (int i = 0; i < indexes.length; i++) {
            if (row.value(indexes[i]) == null) {
                return names.get(i);
            }
        }
        return null;
    }

    public List<String> columns() {
        return names;
    }

    /** A value as key text: as JSON writes it, without quotes (exact decimals, ISO dates, base64 binary). */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return java.util.Base64.getEncoder().encodeToString(b);
        }
        String temporal = RowJsonWriter.temporalText(v);
        return temporal != null ? temporal : v.toString();
    }
}
