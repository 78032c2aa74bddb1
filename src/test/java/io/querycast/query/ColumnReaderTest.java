package io.querycast.query;

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
