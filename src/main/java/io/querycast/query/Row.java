package io.querycast.query;

import java.util.Arrays;

/**
 * One result row with its values already normalised to plain Java types by {@link ColumnReader}:
 * Boolean, Integer, Long, BigDecimal, Double, String, LocalDate, LocalTime, LocalDateTime,
 * OffsetDateTime, byte[], Object[] (SQL arrays) or null. Column names are shared by every row of a result.
 */
public record Row(ResultColumns columns, Object[] values) {

    public Object value(int index) {
        return values[index];
    }

    @Override
    public String toString() {
        return "Row" + Arrays.toString(values);
    }
}
