package io.querycast.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads one column of the current row into a plain Java value, choosing the getter from the JDBC type
 * so that decimals stay exact, time zones are kept and LOBs are read while the cursor is on the row.
 * This is the one place where database types become Querycast's value types (see docs/configuration.md,
 * "JSON type mapping").
 */
public final class ColumnReader {

    /** Oracle's and SQL Server's vendor type codes, so their drivers need not be on the classpath here. */
    static final int ORACLE_TIMESTAMPTZ = -101;
    static final int ORACLE_TIMESTAMPLTZ = -102;
    static final int ORACLE_BINARY_FLOAT = 100;
    static final int ORACLE_BINARY_DOUBLE = 101;
    static final int SQLSERVER_DATETIMEOFFSET = -155;

    private final String column;
    private final int sqlType;
    private final String typeName;
    private final Kind kind;
    private final int scale;

    enum Kind { BOOLEAN, INT, LONG, DECIMAL, FLOAT, DOUBLE, STRING, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, TIME_TZ, TIMESTAMP_LTZ, BYTES, ARRAY, OBJECT }

    public ColumnReader(String column, int sqlType, String typeName) {
        this(column, sqlType, typeName, 0);
    }

    public ColumnReader(String column, int sqlType, String typeName, int scale) {
        this.scale = scale;
        this.column = column;
        this.sqlType = sqlType;
        this.typeName = typeName == null ? "" : typeName;
        this.kind = kindOf(sqlType, this.typeName.toLowerCase(Locale.ROOT));
    }

    static Kind kindOf(int sqlType, String typeName) {
        if (sqlType == Types.TIME_WITH_TIMEZONE || typeName.equals("timetz")) {
            return Kind.TIME_TZ;
        }
        if (typeName.equals("timestamptz") || typeName.equals("datetimeoffset") || typeName.contains("with time zone")
                && !typeName.contains("local")) {
            return Kind.TIMESTAMP_TZ;
        }
        if (typeName.contains("with local time zone")) {
            return Kind.TIMESTAMP_LTZ;
        }
        if (typeName.equals("uniqueidentifier") || typeName.equals("uuid")) {
            return Kind.STRING;
        }
        return switch (sqlType) {
            case Types.BIT, Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Kind.INT;
            case Types.BIGINT -> Kind.LONG;
            case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
            // single precision stays float so 1.1 is written as 1.1, not as its double widening
            case Types.REAL, ORACLE_BINARY_FLOAT -> Kind.FLOAT;
            case Types.FLOAT, Types.DOUBLE, ORACLE_BINARY_DOUBLE -> Kind.DOUBLE;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB, Types.SQLXML, Types.ROWID -> Kind.STRING;
            case Types.DATE -> Kind.DATE;
            case Types.TIME -> Kind.TIME;
            case Types.TIMESTAMP -> Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE, ORACLE_TIMESTAMPTZ, SQLSERVER_DATETIMEOFFSET -> Kind.TIMESTAMP_TZ;
            case ORACLE_TIMESTAMPLTZ -> Kind.TIMESTAMP_LTZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
            case Types.ARRAY -> Kind.ARRAY;
            default -> Kind.OBJECT;
        };
    }

    public Object read(ResultSet rs, int index) throws SQLException {
        Object value = switch (kind) {
            case BOOLEAN -> rs.getBoolean(index);
            case INT -> rs.getInt(index);
            case LONG -> rs.getLong(index);
            case DECIMAL -> withScale(rs.getBigDecimal(index));
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case STRING -> readString(rs, index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> readOffsetDateTime(rs, index);
            case TIME_TZ -> rs.getObject(index, OffsetTime.class);
            case TIMESTAMP_LTZ -> readLocalZoneTimestamp(rs, index);
            case BYTES -> rs.getBytes(index);
            case ARRAY -> readArray(rs.getArray(index));
            case OBJECT -> normalize(rs.getObject(index));
        };
        return rs.wasNull() ? null : value;
    }

    /** Oracle's NUMBER keeps no trailing zeros: give the value its column's scale back (12.5 in NUMBER(12,2) is 12.50). */
    private BigDecimal withScale(BigDecimal d) {
        return d != null && scale > 0 && d.scale() < scale ? d.setScale(scale) : d;
    }

    private String readString(ResultSet rs, int index) throws SQLException {
        if (sqlType == Types.SQLXML) {
            SQLXML xml = rs.getSQLXML(index);
            return xml == null ? null : xml.getString();
        }
        if (sqlType == Types.CLOB || sqlType == Types.NCLOB) {
            Clob clob = rs.getClob(index);
            if (clob == null) {
                return null;
            }
            try {
                return clob.getSubString(1, Math.toIntExact(clob.length()));
            } finally {
                clob.free();
            }
        }
        if (sqlType == Types.OTHER || sqlType == Types.JAVA_OBJECT) {
            Object o = rs.getObject(index);
            return o == null ? null : o.toString();
        }
        return rs.getString(index);
    }

    private Object readOffsetDateTime(ResultSet rs, int index) throws SQLException {
        try {
            return rs.getObject(index, OffsetDateTime.class);
        } catch (SQLException | UnsupportedOperationException e) {
            // drivers without JDBC 4.2 conversions for this type: fall back to their own object
            return normalize(rs.getObject(index));
        }
    }

    private Object readLocalZoneTimestamp(ResultSet rs, int index) throws SQLException {
        java.sql.Timestamp ts = rs.getTimestamp(index);
        return ts == null ? null : OffsetDateTime.ofInstant(ts.toInstant(), ZoneId.systemDefault());
    }

    private Object readArray(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            Object[] elements = (Object[]) array.getArray();
            Object[] out = new Object[elements.length];
            for (int i = 0; i < elements.length; i++) {
                out[i] = normalize(elements[i]);
            }
            return out;
        } finally {
            array.free();
        }
    }

    /**
     * Turns what a driver's getObject returned into a Querycast value type. Vendor classes are matched by
     * name and read through their public API so that Oracle's and SQL Server's types map as documented.
     */
    Object normalize(Object o) throws SQLException {
        if (o == null || o instanceof String || o instanceof Boolean || o instanceof Integer || o instanceof Long
                || o instanceof BigDecimal || o instanceof Double || o instanceof LocalDate || o instanceof LocalTime
                || o instanceof LocalDateTime || o instanceof OffsetDateTime || o instanceof OffsetTime || o instanceof byte[]) {
            return o;
        }
        if (o instanceof Short s) {
            return s.intValue();
        }
        if (o instanceof Byte b) {
            return b.intValue();
        }
        if (o instanceof Float) {
            return o;
        }
        if (o instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (o instanceof UUID || o instanceof Character) {
            return o.toString();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (o instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (o instanceof java.time.ZonedDateTime z) {
            return z.toOffsetDateTime();
        }
        if (o instanceof java.time.Instant i) {
            return OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
        }
        if (o instanceof Clob clob) {
            return clob.getSubString(1, Math.toIntExact(clob.length()));
        }
        if (o instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        if (o instanceof Array a) {
            return readArray(a);
        }
        if (o instanceof Object[] nested) { // multi-dimensional arrays (PgJDBC returns Integer[][] for int[][])
            Object[] out = new Object[nested.length];
            for (int i = 0; i < nested.length; i++) {
                out[i] = normalize(nested[i]);
            }
            return out;
        }
        Object vendor = VendorTypes.normalize(o);
        if (vendor != null) {
            return vendor;
        }
        throw new UnsupportedColumnException(column, typeName.isEmpty() ? o.getClass().getName() : typeName,
                "no mapping for Java class " + o.getClass().getName());
    }
}
