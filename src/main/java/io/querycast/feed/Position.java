package io.querycast.feed;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a feed stands in its query's order: the timestamp column's value, the incrementing column's, or both
 * (timestamp first, the id breaking ties). A timestamp is a {@link LocalDateTime} (a column without time zone)
 * or an {@link OffsetDateTime} (with one), as the rows carry it; an id is a long.
 */
public record Position(Object timestamp, Long id) implements Comparable<Position> {

    public static final Position START = new Position(null, null);

    private static final Comparator<Position> ORDER = Comparator
            .comparing(Position::timestamp, Comparator.nullsFirst(Position::compareTimes))
            .thenComparing(Position::id, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Position {
        if (timestamp != null && !(timestamp instanceof LocalDateTime) && !(timestamp instanceof OffsetDateTime)) {
            throw new IllegalArgumentException("a feed timestamp is a date-time, not " + timestamp.getClass().getSimpleName() + " " + timestamp);
        }
    }

    public boolean isStart() {
        return timestamp == null && id == null;
    }

    /** The stored form of the timestamp: ISO-8601, with its offset when it has one. */
    public String timestampText() {
        return timestamp == null ? null : timestamp.toString();
    }

    public static Object parseTimestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text);
        }
    }

    /** A row value as a feed id: integral numbers only. */
    public static Long idOf(Object value, String column) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("incrementing_column " + column + ": " + d + " is not a whole number of at most 19 digits");
            }
        }
        if (value instanceof java.math.BigInteger b) {
            return b.longValueExact();
        }
        throw new IllegalArgumentException("incrementing_column " + column + " must be an integer column, not " + value.getClass().getSimpleName());
    }

    /** A row value as a feed timestamp. */
    public static Object timestampOf(Object value, String column) {
        if (value == null || value instanceof LocalDateTime || value instanceof OffsetDateTime) {
            return value;
        }
        throw new IllegalArgumentException("timestamp_column " + column + " must be a timestamp column, not " + value.getClass().getSimpleName());
    }

    private static int compareTimes(Object a, Object b) {
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.toInstant().compareTo(y.toInstant());
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
            return x.compareTo(y);
        }
        throw new IllegalArgumentException("cannot compare " + a + " with " + b + ": the timestamp column changed type");
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    /** A text for logs and the API: {@code ts=…, id=…}. */
    @Override
    public String toString() {
        if (isStart()) {
            return "start";
        }
        StringBuilder sb = new StringBuilder();
        if (timestamp != null) {
            sb.append("timestamp=").append(timestamp);
        }
        if (id != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("id=").append(id);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && Objects.equals(id, p.id) && (timestamp == null ? p.timestamp == null
                : p.timestamp != null && timestamp.getClass() == p.timestamp.getClass() && compareTimes(timestamp, p.timestamp) == 0);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp == null ? null : timestamp instanceof OffsetDateTime o ? o.toInstant() : timestamp);
    }
}
