package io.querycast.query;

import java.util.Arrays;

/**
 * One result row with its values already normalised to plain Java types by {@link ColumnReader}:
 * Boolean, Integer, Long, BigDecimal, Double, String, LocalDate, LocalTime, LocalDateTime,
 * OffsetDateTime, byte[], {@link JsonText} (JSON columns), Object[] (SQL arrays) or null. Column names are shared by every row of a result.
 *
 * @param problem why a value of this row could not be read (that value is null), or null when all were
 */
public record Row(ResultColumns columns, Object[] values, String problem) {

    public Row(ResultColumns columns, Object[] values) {
        this(columns, values, null);
    }

    public Object value(int index) {
        return values[index];
    }

    @Override
    public String toString() {
        return "Row" + Arrays.toString(values);
    }
}
