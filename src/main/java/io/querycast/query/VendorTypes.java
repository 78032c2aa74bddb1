package io.querycast.query;

import java.sql.SQLException;

/**
 * Oracle and SQL Server value classes that drivers may hand back from {@code getObject}, mapped to
 * Querycast value types through the drivers' own conversion methods.
 */
final class VendorTypes {

    private VendorTypes() {
    }

    /** @return the normalised value, or null when the object is no known vendor type */
    static Object normalize(Object o) throws SQLException {
        if (o instanceof oracle.sql.TIMESTAMPTZ tz) {
            return tz.offsetDateTimeValue();
        }
        if (o instanceof oracle.sql.TIMESTAMP ts) {
            return ts.toLocalDateTime();
        }
        if (o instanceof oracle.sql.DATE d) {
            // Oracle's DATE carries a time of day: keep it
            return d.timestampValue().toLocalDateTime();
        }
        if (o instanceof oracle.sql.NUMBER n) {
            return n.bigDecimalValue();
        }
        if (o instanceof oracle.sql.BINARY_DOUBLE || o instanceof oracle.sql.BINARY_FLOAT) {
            return ((oracle.sql.Datum) o).doubleValue();
        }
        if (o instanceof oracle.sql.RAW raw) {
            return raw.getBytes();
        }
        if (o instanceof oracle.sql.CHAR c) {
            return c.stringValue();
        }
        if (o instanceof microsoft.sql.DateTimeOffset dto) {
            return dto.getOffsetDateTime();
        }
        return null;
    }
}
