package io.querycast.query;

import java.sql.SQLException;

/**
 * Oracle, SQL Server, PostgreSQL and H2 value classes that drivers may hand back from {@code getObject}
 * (also as elements of arrays), mapped to Querycast value types through the drivers' own conversion methods.
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
        if (o instanceof oracle.sql.INTERVALYM ym) {
            return IsoDuration.of(ym.getPeriod());
        }
        if (o instanceof oracle.sql.INTERVALDS ds) {
            return IsoDuration.of(ds.getDuration());
        }
        if (o instanceof microsoft.sql.DateTimeOffset dto) {
            return dto.getOffsetDateTime();
        }
        if (o instanceof com.microsoft.sqlserver.jdbc.Geography || o instanceof com.microsoft.sqlserver.jdbc.Geometry) {
            return o.toString(); // well-known text, Z and M kept
        }
        if (o instanceof org.postgresql.util.PGInterval interval) {
            return IsoDuration.of(interval);
        }
        if (o instanceof org.postgresql.util.PGobject pg) {
            // inet, cidr, macaddr, tsvector, varbit, ranges, composites, geometric types...: their text form
            String type = pg.getType() == null ? "" : pg.getType();
            if (type.equals("json") || type.equals("jsonb")) {
                return pg.getValue() == null ? null : new JsonText(pg.getValue(), type.equals("jsonb"));
            }
            return pg.getValue();
        }
        if (o instanceof org.h2.api.Interval i) {
            return IsoDuration.format(i.getYears(), i.getMonths(), i.getDays(), i.getHours(), i.getMinutes(), i.getSeconds(),
                    i.getNanosOfSecond());
        }
        return null;
    }
}
