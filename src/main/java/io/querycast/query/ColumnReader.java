package io.querycast.query;

import io.querycast.config.DatabaseType;

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
    static final int SQLSERVER_GEOMETRY = -157;
    static final int SQLSERVER_GEOGRAPHY = -158;

    private final String column;
    private final int sqlType;
    private final String typeName;
    private final Kind kind;
    private final int scale;
    /** PostgreSQL {@code jsonb} text comes from the parsed value: it needs no check before it is embedded. */
    private final boolean jsonWellFormed;

    /** What a column's values become; public so the value's JSON Schema (message.ValueSchema) follows the same mapping. */
    public enum Kind {
        BOOLEAN, INT, LONG, DECIMAL, FLOAT, DOUBLE, STRING, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, TIME_TZ, TIMESTAMP_LTZ, BYTES,
        ARRAY, OBJECT,
        /** the database's own text form of the value (PostgreSQL inet, money, bit, tsvector, ranges, composites...) */
        TEXT,
        /** JSON text, embedded as a JSON value by the message writer */
        JSON,
        /** XML, Oracle XMLTYPE included */
        XML,
        /** SQL Server geography/geometry, written as their well-known text */
        SPATIAL,
        /** SQL Server hierarchyid, written as its path /1/2/ */
        HIERARCHY_ID
    }

    public ColumnReader(String column, int sqlType, String typeName) {
        this(column, sqlType, typeName, 0);
    }

    public ColumnReader(String column, int sqlType, String typeName, int scale) {
        this(column, sqlType, typeName, scale, null);
    }

    /** @param database the product the result comes from, where the same type name means different things; null when unknown */
    public ColumnReader(String column, int sqlType, String typeName, int scale, DatabaseType database) {
        this.scale = scale;
        this.column = column;
        this.sqlType = sqlType;
        this.typeName = typeName == null ? "" : typeName;
        String lower = this.typeName.toLowerCase(Locale.ROOT);
        this.kind = kindOf(sqlType, lower, database);
        this.jsonWellFormed = lower.equals("jsonb") || lower.equals("_jsonb");
    }

    public Kind kind() {
        return kind;
    }

    static Kind kindOf(int sqlType, String typeName) {
        return kindOf(sqlType, typeName, null);
    }

    static Kind kindOf(int sqlType, String typeName, DatabaseType database) {
        if (typeName.equals("json") || typeName.equals("jsonb")) {
            return Kind.JSON;
        }
        if (database == DatabaseType.POSTGRESQL) {
            Kind pg = postgresKind(sqlType, typeName);
            if (pg != null) {
                return pg;
            }
        }
        if (typeName.endsWith("xmltype") || sqlType == Types.SQLXML) {
            // Oracle reports XMLTYPE as SQLXML or, depending on driver and settings, as OPAQUE (2007) named SYS.XMLTYPE
            return Kind.XML;
        }
        // mssql-jdbc reports its CLR types as binary with their names (or geography/geometry by their own codes)
        if (sqlType == SQLSERVER_GEOGRAPHY || sqlType == SQLSERVER_GEOMETRY
                || (typeName.equals("geography") || typeName.equals("geometry")) && isBinary(sqlType)) {
            return Kind.SPATIAL;
        }
        if (typeName.equals("hierarchyid") && isBinary(sqlType)) {
            return Kind.HIERARCHY_ID;
        }
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
                 Types.CLOB, Types.NCLOB, Types.ROWID -> Kind.STRING;
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

    private static boolean isBinary(int sqlType) {
        return sqlType == Types.VARBINARY || sqlType == Types.BINARY || sqlType == Types.LONGVARBINARY;
    }

    /**
     * PostgreSQL types PgJDBC hands back as PGobject or misreads: their server text is the value. Its
     * {@code bit(n)} is a bit string, not SQL Server's boolean {@code bit} (same name, same JDBC type), and its
     * {@code money} is text formatted by lc_monetary ({@code $1,234.56}) that getDouble cannot read.
     */
    private static Kind postgresKind(int sqlType, String typeName) {
        if (typeName.equals("interval") || typeName.equals("uuid")) {
            return null; // PGInterval becomes an ISO-8601 duration in normalize; uuid is a string already
        }
        if (typeName.equals("money") || typeName.equals("bit") || typeName.equals("varbit")) {
            return Kind.TEXT;
        }
        if (sqlType == Types.OTHER || sqlType == Types.STRUCT || sqlType == Types.DISTINCT) {
            return Kind.TEXT;
        }
        return null;
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
            case TEXT -> rs.getString(index);
            case JSON -> json(rs.getString(index));
            case XML -> readXml(rs, index);
            case SPATIAL -> readSpatial(rs.getBytes(index));
            case HIERARCHY_ID -> readHierarchyId(rs.getBytes(index));
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

    private JsonText json(String text) {
        return text == null ? null : new JsonText(text, jsonWellFormed);
    }

    private String readXml(ResultSet rs, int index) throws SQLException {
        try {
            SQLXML xml = rs.getSQLXML(index);
            return xml == null ? null : xml.getString();
        } catch (SQLException | LinkageError e) {
            // ojdbc reads XMLTYPE as SQLXML only with Oracle's optional xdb and xmlparserv2 jars on the classpath
            try {
                return rs.getString(index);
            } catch (SQLException e2) {
                throw new UnsupportedColumnException(column, typeName, "the driver cannot read it as text (" + e.getMessage()
                        + "); put Oracle's xdb and xmlparserv2 jars on the classpath, or select XMLSERIALIZE(CONTENT "
                        + column + " AS CLOB)");
            }
        }
    }

    private String readSpatial(byte[] bytes) throws SQLException {
        if (bytes == null) {
            return null;
        }
        boolean geography = sqlType == SQLSERVER_GEOGRAPHY || typeName.equalsIgnoreCase("geography");
        // mssql-jdbc's own decoder of SQL Server's serialisation; toString keeps Z and M, as SQL Server's ToString() does
        return geography ? com.microsoft.sqlserver.jdbc.Geography.deserialize(bytes).toString()
                : com.microsoft.sqlserver.jdbc.Geometry.deserialize(bytes).toString();
    }

    private static String readHierarchyId(byte[] bytes) {
        return bytes == null ? null : HierarchyIdText.of(bytes);
    }

    private String readString(ResultSet rs, int index) throws SQLException {
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
            return elements((Object[]) array.getArray());
        } finally {
            array.free();
        }
    }

    /** PgJDBC gives json[]/jsonb[] elements as plain strings: they are JSON text all the same. */
    private Object[] elements(Object[] elements) throws SQLException {
        boolean jsonArray = typeName.equalsIgnoreCase("_json") || typeName.equalsIgnoreCase("_jsonb");
        Object[] out = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            Object e = elements[i];
            out[i] = jsonArray && e instanceof String s ? new JsonText(s, jsonWellFormed) : normalize(e);
        }
        return out;
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
            return elements(nested);
        }
        if (o instanceof SQLXML xml) {
            return xml.getString();
        }
        if (o instanceof java.time.Period p) {
            return IsoDuration.of(p);
        }
        if (o instanceof java.time.Duration d) {
            return IsoDuration.of(d);
        }
        Object vendor = VendorTypes.normalize(o);
        if (vendor != null) {
            return vendor;
        }
        throw new UnsupportedColumnException(column, typeName.isEmpty() ? o.getClass().getName() : typeName,
                "no mapping for Java class " + o.getClass().getName());
    }
}
