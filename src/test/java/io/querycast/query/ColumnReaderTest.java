package io.querycast.query;

import io.querycast.config.DatabaseType;
import io.querycast.query.ColumnReader.Kind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ColumnReaderTest {

    private static final OffsetDateTime ODT = OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000, ZoneOffset.ofHours(1));

    @Nested
    class KindOf {

        @Test
        void oracleVendorTypeCodes() {
            assertThat(ColumnReader.kindOf(-101, "")).isEqualTo(Kind.TIMESTAMP_TZ);
            assertThat(ColumnReader.kindOf(-102, "")).isEqualTo(Kind.TIMESTAMP_LTZ);
            assertThat(ColumnReader.kindOf(100, "")).isEqualTo(Kind.FLOAT);
            assertThat(ColumnReader.kindOf(101, "")).isEqualTo(Kind.DOUBLE);
        }

        @Test
        void oracleVendorTypeCodesWithTheNamesOracleReports() {
            assertThat(ColumnReader.kindOf(-101, "timestamp with time zone")).isEqualTo(Kind.TIMESTAMP_TZ);
            assertThat(ColumnReader.kindOf(-102, "timestamp with local time zone")).isEqualTo(Kind.TIMESTAMP_LTZ);
            assertThat(ColumnReader.kindOf(100, "binary_float")).isEqualTo(Kind.FLOAT);
            assertThat(ColumnReader.kindOf(101, "binary_double")).isEqualTo(Kind.DOUBLE);
            assertThat(ColumnReader.kindOf(Types.NUMERIC, "number")).isEqualTo(Kind.DECIMAL);
            // Oracle reports DATE as TIMESTAMP (it has a time of day)
            assertThat(ColumnReader.kindOf(Types.TIMESTAMP, "date")).isEqualTo(Kind.TIMESTAMP);
            assertThat(ColumnReader.kindOf(Types.VARBINARY, "raw")).isEqualTo(Kind.BYTES);
            assertThat(ColumnReader.kindOf(Types.CLOB, "clob")).isEqualTo(Kind.STRING);
            assertThat(ColumnReader.kindOf(Types.BLOB, "blob")).isEqualTo(Kind.BYTES);
        }

        @Test
        void sqlServerTypes() {
            assertThat(ColumnReader.kindOf(-155, "")).isEqualTo(Kind.TIMESTAMP_TZ);
            assertThat(ColumnReader.kindOf(-155, "datetimeoffset")).isEqualTo(Kind.TIMESTAMP_TZ);
            assertThat(ColumnReader.kindOf(Types.CHAR, "uniqueidentifier")).isEqualTo(Kind.STRING);
            assertThat(ColumnReader.kindOf(Types.DECIMAL, "money")).isEqualTo(Kind.DECIMAL);
            assertThat(ColumnReader.kindOf(Types.BIT, "bit")).isEqualTo(Kind.BOOLEAN);
            assertThat(ColumnReader.kindOf(Types.TINYINT, "tinyint")).isEqualTo(Kind.INT);
            assertThat(ColumnReader.kindOf(Types.TIMESTAMP, "datetime2")).isEqualTo(Kind.TIMESTAMP);
        }

        @Test
        void postgresTypes() {
            assertThat(ColumnReader.kindOf(Types.TIMESTAMP, "timestamptz")).isEqualTo(Kind.TIMESTAMP_TZ);
            assertThat(ColumnReader.kindOf(Types.TIMESTAMP, "timestamp")).isEqualTo(Kind.TIMESTAMP);
            assertThat(ColumnReader.kindOf(Types.OTHER, "uuid")).isEqualTo(Kind.STRING);
            assertThat(ColumnReader.kindOf(Types.BIGINT, "int8")).isEqualTo(Kind.LONG);
            assertThat(ColumnReader.kindOf(Types.BINARY, "bytea")).isEqualTo(Kind.BYTES);
            assertThat(ColumnReader.kindOf(Types.ARRAY, "_int4")).isEqualTo(Kind.ARRAY);
            assertThat(ColumnReader.kindOf(Types.OTHER, "jsonb")).isEqualTo(Kind.JSON);
        }
    }

    @Nested
    class ReadOracle {

        @Test
        void timestampTzIsReadAsOffsetDateTime() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(3, OffsetDateTime.class)).thenReturn(ODT);
            when(rs.wasNull()).thenReturn(false);

            Object v = new ColumnReader("TSTZ", -101, "TIMESTAMP WITH TIME ZONE").read(rs, 3);

            assertThat(v).isEqualTo(ODT);
            verify(rs).getObject(3, OffsetDateTime.class);
            verify(rs, never()).getObject(anyInt());
            verify(rs, never()).getTimestamp(anyInt());
        }

        @Test
        void nullTimestampTzIsNull() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(1, OffsetDateTime.class)).thenReturn(null);
            when(rs.wasNull()).thenReturn(true);

            assertThat(new ColumnReader("TSTZ", -101, "TIMESTAMP WITH TIME ZONE").read(rs, 1)).isNull();
        }

        @Test
        void timestampTzFallsBackToTheDriverObject() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(2, OffsetDateTime.class)).thenThrow(new SQLFeatureNotSupportedException("no"));
            when(rs.getObject(2)).thenReturn(new oracle.sql.TIMESTAMPTZ(ODT));

            assertThat(new ColumnReader("TSTZ", -101, "TIMESTAMP WITH TIME ZONE").read(rs, 2)).isEqualTo(ODT);
        }

        @Test
        void sqlServerDateTimeOffsetFallsBackToTheDriverObject() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            OffsetDateTime odt = OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneOffset.ofHours(1));
            when(rs.getObject(1, OffsetDateTime.class)).thenThrow(new UnsupportedOperationException());
            when(rs.getObject(1)).thenReturn(microsoft.sql.DateTimeOffset.valueOf(odt));

            assertThat(new ColumnReader("DTO", -155, "datetimeoffset").read(rs, 1)).isEqualTo(odt);
        }

        @Test
        void numberIsReadExactly() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getBigDecimal(1)).thenReturn(new BigDecimal("1234567890.123456789"));

            Object v = new ColumnReader("AMOUNT", Types.NUMERIC, "NUMBER").read(rs, 1);

            assertThat(v).isInstanceOf(BigDecimal.class);
            assertThat(((BigDecimal) v).toPlainString()).isEqualTo("1234567890.123456789");
            verify(rs, never()).getDouble(anyInt());
        }

        @Test
        void nullPrimitivesAreNullNotZero() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getInt(1)).thenReturn(0);
            when(rs.getLong(2)).thenReturn(0L);
            when(rs.getDouble(3)).thenReturn(0d);
            when(rs.getBoolean(4)).thenReturn(false);
            when(rs.wasNull()).thenReturn(true);

            assertThat(new ColumnReader("I", Types.INTEGER, "NUMBER").read(rs, 1)).isNull();
            assertThat(new ColumnReader("L", Types.BIGINT, "NUMBER").read(rs, 2)).isNull();
            assertThat(new ColumnReader("D", 101, "BINARY_DOUBLE").read(rs, 3)).isNull();
            assertThat(new ColumnReader("B", Types.BIT, "bit").read(rs, 4)).isNull();
        }

        @Test
        void zeroIsNotNull() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getInt(1)).thenReturn(0);
            when(rs.wasNull()).thenReturn(false);

            assertThat(new ColumnReader("I", Types.INTEGER, "INTEGER").read(rs, 1)).isEqualTo(0);
        }

        @Test
        void binaryDoubleIsReadAsDouble() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getDouble(1)).thenReturn(Double.NaN);

            assertThat(new ColumnReader("F", 101, "BINARY_DOUBLE").read(rs, 1)).isEqualTo(Double.NaN);
        }

        @Test
        void dateColumnReportedAsTimestampKeepsItsTime() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(1, LocalDateTime.class)).thenReturn(LocalDateTime.of(2026, 1, 16, 8, 15, 30));

            assertThat(new ColumnReader("TRKDATE", Types.TIMESTAMP, "DATE").read(rs, 1))
                    .isEqualTo(LocalDateTime.of(2026, 1, 16, 8, 15, 30));
        }

        @Test
        void timestampLtzIsAnInstantInTheSystemZone() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            Instant instant = Instant.parse("2026-01-16T07:15:00.5Z");
            when(rs.getTimestamp(1)).thenReturn(Timestamp.from(instant));

            Object v = new ColumnReader("LTZ", -102, "TIMESTAMP WITH LOCAL TIME ZONE").read(rs, 1);

            assertThat(v).isInstanceOf(OffsetDateTime.class);
            assertThat(((OffsetDateTime) v).toInstant()).isEqualTo(instant);
            assertThat(((OffsetDateTime) v).getOffset()).isEqualTo(ZoneId.systemDefault().getRules().getOffset(instant));
        }

        @Test
        void clobIsReadWholeAndFreed() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            Clob clob = mock(Clob.class);
            when(clob.length()).thenReturn(9L);
            when(clob.getSubString(1, 9)).thenReturn("long text");
            when(rs.getClob(1)).thenReturn(clob);

            assertThat(new ColumnReader("NOTE", Types.CLOB, "CLOB").read(rs, 1)).isEqualTo("long text");
            verify(clob).free();
        }

        @Test
        void blobAndRawAreReadAsBytes() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getBytes(1)).thenReturn(new byte[] {1, 2, 3});
            when(rs.getBytes(2)).thenReturn(new byte[] {(byte) 0xCA, (byte) 0xFE});

            assertThat((byte[]) new ColumnReader("DOC", Types.BLOB, "BLOB").read(rs, 1)).containsExactly(1, 2, 3);
            assertThat((byte[]) new ColumnReader("R", Types.VARBINARY, "RAW").read(rs, 2))
                    .containsExactly((byte) 0xCA, (byte) 0xFE);
        }

        @Test
        void vendorObjectInAnOtherColumnIsNormalised() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(1)).thenReturn(new oracle.sql.NUMBER(new BigDecimal("42.125")));

            assertThat(new ColumnReader("X", Types.OTHER, "ANYDATA").read(rs, 1)).isEqualTo(new BigDecimal("42.125"));
        }

        @Test
        void sqlServerUniqueIdentifierIsReadAsString() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getString(1)).thenReturn("123E4567-E89B-12D3-A456-426614174000");

            assertThat(new ColumnReader("ID", Types.CHAR, "UNIQUEIDENTIFIER").read(rs, 1))
                    .isEqualTo("123E4567-E89B-12D3-A456-426614174000");
        }

        @Test
        void postgresUuidIsReadAsString() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
            when(rs.getObject(1)).thenReturn(uuid);

            assertThat(new ColumnReader("ID", Types.OTHER, "uuid").read(rs, 1)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        }
    }

    @Nested
    class Arrays {

        @Test
        void arrayElementsAreNormalisedAndTheArrayFreed() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            Array array = mock(Array.class);
            when(array.getArray()).thenReturn(new Object[] {
                    new BigDecimal("1.50"), null, Timestamp.valueOf("2026-01-16 08:15:00"), (short) 7});
            when(rs.getArray(1)).thenReturn(array);

            Object v = new ColumnReader("A", Types.ARRAY, "_numeric").read(rs, 1);

            assertThat((Object[]) v).containsExactly(new BigDecimal("1.50"), null, LocalDateTime.of(2026, 1, 16, 8, 15), 7);
            verify(array).free();
        }

        @Test
        void nullArrayIsNull() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getArray(1)).thenReturn(null);
            when(rs.wasNull()).thenReturn(true);

            assertThat(new ColumnReader("A", Types.ARRAY, "_int4").read(rs, 1)).isNull();
        }

        @Test
        void multiDimensionalArrayBecomesNestedArrays() throws Exception {
            // PgJDBC's getArray() of an int[][] column returns an Integer[][], not nested java.sql.Arrays
            ResultSet rs = mock(ResultSet.class);
            Array array = mock(Array.class);
            when(array.getArray()).thenReturn(new Integer[][] {{1, 2}, {3}});
            when(rs.getArray(1)).thenReturn(array);

            Object v = new ColumnReader("M", Types.ARRAY, "_int4").read(rs, 1);

            Object[] outer = (Object[]) v;
            assertThat(outer).hasSize(2);
            assertThat((Object[]) outer[0]).containsExactly(1, 2);
            assertThat((Object[]) outer[1]).containsExactly(3);
        }
    }

    @Nested
    class Normalize {

        private final ColumnReader reader = new ColumnReader("C", Types.OTHER, "");

        @Test
        void javaTypesBecomeQuerycastValueTypes() throws Exception {
            assertThat(reader.normalize((short) 7)).isEqualTo(7);
            assertThat(reader.normalize((byte) -3)).isEqualTo(-3);
            assertThat(reader.normalize(2.5f)).isEqualTo(2.5f);
            assertThat(reader.normalize(new BigInteger("123456789012345678901234567890")))
                    .isEqualTo(new BigDecimal("123456789012345678901234567890"));
            assertThat(reader.normalize(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                    .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
            assertThat(reader.normalize('Y')).isEqualTo("Y");
            assertThat(reader.normalize(Timestamp.valueOf("2026-01-16 08:15:00.123456")))
                    .isEqualTo(LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000));
            assertThat(reader.normalize(java.sql.Date.valueOf("2026-01-16"))).isEqualTo(LocalDate.of(2026, 1, 16));
            assertThat(reader.normalize(java.sql.Time.valueOf("08:15:30"))).isEqualTo(LocalTime.of(8, 15, 30));
            assertThat(reader.normalize(ZonedDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneId.of("Europe/Rome"))))
                    .isEqualTo(OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneOffset.ofHours(1)));
            assertThat(reader.normalize(Instant.parse("2026-01-16T07:15:00Z")))
                    .isEqualTo(OffsetDateTime.of(2026, 1, 16, 7, 15, 0, 0, ZoneOffset.UTC));
        }

        @Test
        void vendorTypesAreNormalised() throws Exception {
            assertThat(reader.normalize(new oracle.sql.NUMBER(new BigDecimal("1234567890.123456789"))))
                    .isEqualTo(new BigDecimal("1234567890.123456789"));
            assertThat(reader.normalize(new oracle.sql.TIMESTAMPTZ(ODT))).isEqualTo(ODT);
            assertThat(reader.normalize(new oracle.sql.TIMESTAMP(LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000))))
                    .isEqualTo(LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000));
            assertThat(reader.normalize(new oracle.sql.DATE(LocalDateTime.of(2026, 1, 16, 8, 15, 30))))
                    .isEqualTo(LocalDateTime.of(2026, 1, 16, 8, 15, 30));
            assertThat(reader.normalize(new oracle.sql.BINARY_DOUBLE(-0.25d))).isEqualTo(-0.25d);
            assertThat((byte[]) reader.normalize(new oracle.sql.RAW(new byte[] {9, 8}))).containsExactly(9, 8);
            assertThat(reader.normalize(microsoft.sql.DateTimeOffset.valueOf(ODT))).isEqualTo(ODT);
        }

        @Test
        void unsupportedObjectNamesColumnAndType() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(4)).thenReturn(new StringBuilder("geometry"));

            assertThatThrownBy(() -> new ColumnReader("SHAPE", Types.STRUCT, "MDSYS.SDO_GEOMETRY").read(rs, 4))
                    .isInstanceOf(UnsupportedColumnException.class)
                    .hasMessage("column SHAPE of type MDSYS.SDO_GEOMETRY cannot be converted to JSON: no mapping for Java class"
                            + " java.lang.StringBuilder; cast it in the query (e.g. to VARCHAR)");
        }

        @Test
        void unsupportedObjectWithoutTypeNameNamesTheJavaClass() {
            assertThatThrownBy(() -> new ColumnReader("X", Types.OTHER, null).normalize(new StringBuilder()))
                    .isInstanceOf(UnsupportedColumnException.class)
                    .hasMessageStartingWith("column X of type java.lang.StringBuilder cannot be converted to JSON");
        }
    }

    @Nested
    class TypesThatNeedNoCast {

        @Test
        void postgresTypesPgJdbcHandsBackAsObjectsAreReadAsTheServersText() {
            DatabaseType pg = DatabaseType.POSTGRESQL;
            assertThat(ColumnReader.kindOf(Types.OTHER, "inet", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.OTHER, "cidr", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.OTHER, "macaddr", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.OTHER, "tsvector", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.OTHER, "varbit", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.OTHER, "int4range", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.STRUCT, "pair", pg)).isEqualTo(Kind.TEXT);
            // PostGIS geometry is no SQL Server geometry
            assertThat(ColumnReader.kindOf(Types.OTHER, "geometry", pg)).isEqualTo(Kind.TEXT);
            // PgJDBC reports money as DOUBLE but its text ($1,234.56) is no double; bit(n) is a bit string
            assertThat(ColumnReader.kindOf(Types.DOUBLE, "money", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.BIT, "bit", pg)).isEqualTo(Kind.TEXT);
            assertThat(ColumnReader.kindOf(Types.BIT, "bool", pg)).isEqualTo(Kind.BOOLEAN);
            assertThat(ColumnReader.kindOf(Types.OTHER, "interval", pg)).isEqualTo(Kind.OBJECT);
            assertThat(ColumnReader.kindOf(Types.OTHER, "uuid", pg)).isEqualTo(Kind.STRING);
            assertThat(ColumnReader.kindOf(Types.VARCHAR, "mood", pg)).isEqualTo(Kind.STRING);
            assertThat(ColumnReader.kindOf(Types.SQLXML, "xml", pg)).isEqualTo(Kind.XML);
            assertThat(ColumnReader.kindOf(Types.OTHER, "json", pg)).isEqualTo(Kind.JSON);
            assertThat(ColumnReader.kindOf(Types.OTHER, "jsonb", pg)).isEqualTo(Kind.JSON);
        }

        @Test
        void sqlServerKeepsItsBooleanBitAndExactMoney() {
            assertThat(ColumnReader.kindOf(Types.BIT, "bit", DatabaseType.SQLSERVER)).isEqualTo(Kind.BOOLEAN);
            assertThat(ColumnReader.kindOf(Types.BIT, "bit", null)).isEqualTo(Kind.BOOLEAN);
            assertThat(ColumnReader.kindOf(Types.DECIMAL, "money", DatabaseType.SQLSERVER)).isEqualTo(Kind.DECIMAL);
            assertThat(ColumnReader.kindOf(-158, "geography", DatabaseType.SQLSERVER)).isEqualTo(Kind.SPATIAL);
            assertThat(ColumnReader.kindOf(-157, "geometry", DatabaseType.SQLSERVER)).isEqualTo(Kind.SPATIAL);
            assertThat(ColumnReader.kindOf(Types.VARBINARY, "geography", DatabaseType.SQLSERVER)).isEqualTo(Kind.SPATIAL);
            assertThat(ColumnReader.kindOf(Types.VARBINARY, "hierarchyid", DatabaseType.SQLSERVER)).isEqualTo(Kind.HIERARCHY_ID);
            assertThat(ColumnReader.kindOf(Types.VARBINARY, "varbinary", DatabaseType.SQLSERVER)).isEqualTo(Kind.BYTES);
            assertThat(ColumnReader.kindOf(-156, "sql_variant", DatabaseType.SQLSERVER)).isEqualTo(Kind.OBJECT);
        }

        @Test
        void oracleIntervalsAndXmlType() {
            assertThat(ColumnReader.kindOf(-103, "interval year to month", DatabaseType.ORACLE)).isEqualTo(Kind.OBJECT);
            assertThat(ColumnReader.kindOf(-104, "interval day to second", DatabaseType.ORACLE)).isEqualTo(Kind.OBJECT);
            assertThat(ColumnReader.kindOf(2007, "sys.xmltype", DatabaseType.ORACLE)).isEqualTo(Kind.XML);
            assertThat(ColumnReader.kindOf(Types.SQLXML, "sys.xmltype", DatabaseType.ORACLE)).isEqualTo(Kind.XML);
        }

        @Test
        void postgresMoneyAndBitStringsAreTheirText() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getString(1)).thenReturn("$1,234.56");
            when(rs.getString(2)).thenReturn("10101010");

            assertThat(new ColumnReader("MO", Types.DOUBLE, "money", 0, DatabaseType.POSTGRESQL).read(rs, 1)).isEqualTo("$1,234.56");
            assertThat(new ColumnReader("B", Types.BIT, "bit", 0, DatabaseType.POSTGRESQL).read(rs, 2)).isEqualTo("10101010");
            verify(rs, never()).getDouble(anyInt());
            verify(rs, never()).getBoolean(anyInt());
        }

        @Test
        void postgresIntervalObjectIsAnIsoDuration() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(1)).thenReturn(new org.postgresql.util.PGInterval("-1 years -2 mons +3 days -04:05:06.5"));

            assertThat(new ColumnReader("IV", Types.OTHER, "interval", 6, DatabaseType.POSTGRESQL).read(rs, 1))
                    .isEqualTo("P-1Y-2M3DT-4H-5M-6.5S");
        }

        @Test
        void jsonIsJsonTextAndOnlyJsonbCountsAsWellFormed() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getString(1)).thenReturn("{\"a\": [1, 2.50]}");
            when(rs.getString(2)).thenReturn("{\"a\": [1, 2.50]}");

            assertThat(new ColumnReader("J", Types.OTHER, "json", 0, DatabaseType.POSTGRESQL).read(rs, 1))
                    .isEqualTo(new JsonText("{\"a\": [1, 2.50]}", false));
            assertThat(new ColumnReader("JB", Types.OTHER, "jsonb", 0, DatabaseType.POSTGRESQL).read(rs, 2))
                    .isEqualTo(new JsonText("{\"a\": [1, 2.50]}", true));
        }

        @Test
        void jsonArrayElementsAreJsonTextAndOtherArraysNormalised() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            Array jsonb = mock(Array.class);
            when(jsonb.getArray()).thenReturn(new String[] {"{\"a\": 1}", null, "[]"});
            when(rs.getArray(1)).thenReturn(jsonb);
            Array intervals = mock(Array.class);
            when(intervals.getArray()).thenReturn(new Object[] {new org.postgresql.util.PGInterval("1 day"), null});
            when(rs.getArray(2)).thenReturn(intervals);

            assertThat((Object[]) new ColumnReader("JA", Types.ARRAY, "_jsonb", 0, DatabaseType.POSTGRESQL).read(rs, 1))
                    .containsExactly(new JsonText("{\"a\": 1}", true), null, new JsonText("[]", true));
            assertThat((Object[]) new ColumnReader("IA", Types.ARRAY, "_interval", 0, DatabaseType.POSTGRESQL).read(rs, 2))
                    .containsExactly("P1D", null);
        }

        @Test
        void sqlServerGeographyAndGeometryColumnsAreWellKnownTextFromTheDriversBytes() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getBytes(1)).thenReturn(com.microsoft.sqlserver.jdbc.Geography
                    .STGeomFromText("POINT(-122.349 47.651 10 5)", 4326).serialize());
            when(rs.getBytes(2)).thenReturn(com.microsoft.sqlserver.jdbc.Geometry
                    .STGeomFromText("POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))", 0).serialize());

            assertThat(new ColumnReader("LOC", -158, "geography", 0, DatabaseType.SQLSERVER).read(rs, 1))
                    .isEqualTo("POINT(-122.349 47.651 10 5)");
            assertThat(new ColumnReader("AREA", Types.VARBINARY, "geometry", 0, DatabaseType.SQLSERVER).read(rs, 2))
                    .isEqualTo("POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))");
        }

        @Test
        void sqlServerHierarchyIdIsItsPath() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getBytes(1)).thenReturn(new byte[] {0x59, (byte) 0xFB, 0x05, 0x40});
            when(rs.getBytes(2)).thenReturn(new byte[0]);

            ColumnReader node = new ColumnReader("NODE", Types.VARBINARY, "hierarchyid", 0, DatabaseType.SQLSERVER);

            assertThat(node.read(rs, 1)).isEqualTo("/1/-2.18/");
            assertThat(node.read(rs, 2)).isEqualTo("/");
        }

        @Test
        void sqlServerSqlVariantIsTheValueOfItsBaseType() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            OffsetDateTime odt = OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneOffset.ofHours(1));
            when(rs.getObject(1)).thenReturn(42);
            when(rs.getObject(2)).thenReturn("forty-two");
            when(rs.getObject(3)).thenReturn(new BigDecimal("42.50"));
            when(rs.getObject(4)).thenReturn(microsoft.sql.DateTimeOffset.valueOf(odt));
            ColumnReader variant = new ColumnReader("V", -156, "sql_variant", 0, DatabaseType.SQLSERVER);

            assertThat(variant.read(rs, 1)).isEqualTo(42);
            assertThat(variant.read(rs, 2)).isEqualTo("forty-two");
            assertThat(variant.read(rs, 3)).isEqualTo(new BigDecimal("42.50"));
            assertThat(variant.read(rs, 4)).isEqualTo(odt);
        }

        @Test
        void oracleIntervalColumnsAreIsoDurations() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getObject(1)).thenReturn(new oracle.sql.INTERVALYM("1-6"));
            when(rs.getObject(2)).thenReturn(new oracle.sql.INTERVALDS("3 4:05:06.7"));

            assertThat(new ColumnReader("YM", -103, "INTERVAL YEAR TO MONTH", 0, DatabaseType.ORACLE).read(rs, 1)).isEqualTo("P1Y6M");
            assertThat(new ColumnReader("DS", -104, "INTERVAL DAY TO SECOND", 0, DatabaseType.ORACLE).read(rs, 2)).isEqualTo("P3DT4H5M6.7S");
        }

        @Test
        void oracleXmlTypeIsReadAsSqlXmlOrElseAsText() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            java.sql.SQLXML xml = mock(java.sql.SQLXML.class);
            when(xml.getString()).thenReturn("<a>x</a>");
            when(rs.getSQLXML(1)).thenReturn(xml);
            when(rs.getSQLXML(2)).thenThrow(new java.sql.SQLException("xdb not found"));
            when(rs.getString(2)).thenReturn("<b/>");

            assertThat(new ColumnReader("X", Types.SQLXML, "SYS.XMLTYPE", 0, DatabaseType.ORACLE).read(rs, 1)).isEqualTo("<a>x</a>");
            assertThat(new ColumnReader("X", 2007, "SYS.XMLTYPE", 0, DatabaseType.ORACLE).read(rs, 2)).isEqualTo("<b/>");
        }

        @Test
        void oracleXmlTypeTheDriverCannotReadNamesColumnAndTheWayOut() throws Exception {
            ResultSet rs = mock(ResultSet.class);
            when(rs.getSQLXML(1)).thenThrow(new java.sql.SQLException("ORA-17004: Invalid column type"));
            when(rs.getString(1)).thenThrow(new java.sql.SQLException("ORA-17004: Invalid column type"));

            assertThatThrownBy(() -> new ColumnReader("DOC", 2007, "SYS.XMLTYPE", 0, DatabaseType.ORACLE).read(rs, 1))
                    .isInstanceOf(UnsupportedColumnException.class)
                    .hasMessageContaining("column DOC of type SYS.XMLTYPE")
                    .hasMessageContaining("XMLSERIALIZE(CONTENT DOC AS CLOB)");
        }

        @Test
        void h2JsonIsJsonTextNotBase64() throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:crjson" + System.nanoTime());
                 ResultSet rs = c.createStatement().executeQuery("SELECT JSON '{\"a\":[1,2.50]}' AS J")) {
                rs.next();
                ColumnReader reader = new ColumnReader("J", rs.getMetaData().getColumnType(1), rs.getMetaData().getColumnTypeName(1),
                        0, DatabaseType.H2);

                assertThat(reader.read(rs, 1)).isEqualTo(new JsonText("{\"a\":[1,2.50]}", false));
            }
        }
    }

    @Nested
    class H2TimeWithTimeZone {

        @Test
        void timeWithTimeZoneIsNotGivenADate() throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:crtz" + System.nanoTime());
                 ResultSet rs = c.createStatement().executeQuery("SELECT TIME WITH TIME ZONE '08:15:00+01:00' AS T")) {
                rs.next();
                assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(Types.TIME_WITH_TIMEZONE);

                Object v = new ColumnReader("T", Types.TIME_WITH_TIMEZONE, "TIME WITH TIME ZONE").read(rs, 1);

                assertThat(v).isEqualTo(OffsetTime.of(8, 15, 0, 0, ZoneOffset.ofHours(1)));
            }
        }
    }
}
