package io.querycast.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Oracle (ojdbc11) and SQL Server (mssql-jdbc) value classes through {@link VendorTypes#normalize}. */
class VendorTypesTest {

    @Test
    void oracleNumberBecomesExactBigDecimal() throws Exception {
        Object v = VendorTypes.normalize(new oracle.sql.NUMBER(new BigDecimal("1234567890.123456789")));

        assertThat(v).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) v).toPlainString()).isEqualTo("1234567890.123456789");
    }

    @Test
    void oracleNumberHoldsNoScaleOfItsOwn() throws Exception {
        // Oracle's NUMBER format stores no trailing zeros: 12.50 comes back as 12.5 (same value)
        Object v = VendorTypes.normalize(new oracle.sql.NUMBER(new BigDecimal("12.50")));

        assertThat(v).isEqualTo(new BigDecimal("12.5"));
    }

    @Test
    void oracleNumberFromLongIsExact() throws Exception {
        Object v = VendorTypes.normalize(new oracle.sql.NUMBER(9_007_199_254_740_993L));

        assertThat(v).isEqualTo(new BigDecimal("9007199254740993"));
    }

    @Test
    void oracleTimestampTzKeepsItsOffset() throws Exception {
        OffsetDateTime odt = OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_000, ZoneOffset.ofHours(1));

        Object v = VendorTypes.normalize(new oracle.sql.TIMESTAMPTZ(odt));

        assertThat(v).isEqualTo(odt);
        assertThat(((OffsetDateTime) v).getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void oracleTimestampTzWithNegativeHalfHourOffset() throws Exception {
        OffsetDateTime odt = OffsetDateTime.of(2026, 1, 16, 23, 59, 59, 0, ZoneOffset.ofHoursMinutes(-3, -30));

        assertThat(VendorTypes.normalize(new oracle.sql.TIMESTAMPTZ(odt))).isEqualTo(odt);
    }

    @Test
    void oracleTimestampBecomesLocalDateTimeWithNanos() throws Exception {
        LocalDateTime ldt = LocalDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_789);

        assertThat(VendorTypes.normalize(new oracle.sql.TIMESTAMP(ldt))).isEqualTo(ldt);
    }

    @Test
    void oracleDateKeepsItsTimeOfDay() throws Exception {
        Object v = VendorTypes.normalize(new oracle.sql.DATE(LocalDateTime.of(2026, 1, 16, 8, 15, 30)));

        assertThat(v).isEqualTo(LocalDateTime.of(2026, 1, 16, 8, 15, 30));
    }

    @Test
    void oracleDateAtMidnightIsStillALocalDateTime() throws Exception {
        Object v = VendorTypes.normalize(new oracle.sql.DATE(LocalDateTime.of(2026, 1, 16, 0, 0)));

        assertThat(v).isEqualTo(LocalDateTime.of(2026, 1, 16, 0, 0, 0));
    }

    @Test
    void oracleBinaryDoubleBecomesDouble() throws Exception {
        assertThat(VendorTypes.normalize(new oracle.sql.BINARY_DOUBLE(2.5d))).isEqualTo(2.5d);
        assertThat(VendorTypes.normalize(new oracle.sql.BINARY_DOUBLE(Double.NaN))).isEqualTo(Double.NaN);
        assertThat(VendorTypes.normalize(new oracle.sql.BINARY_DOUBLE(Double.NEGATIVE_INFINITY)))
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void oracleBinaryFloatBecomesDouble() throws Exception {
        assertThat(VendorTypes.normalize(new oracle.sql.BINARY_FLOAT(2.5f))).isEqualTo(2.5d);
    }

    @Test
    void oracleRawBecomesBytes() throws Exception {
        Object v = VendorTypes.normalize(new oracle.sql.RAW(new byte[] {1, 2, (byte) 0xCA, (byte) 0xFE}));

        assertThat(v).isInstanceOf(byte[].class);
        assertThat((byte[]) v).containsExactly(1, 2, (byte) 0xCA, (byte) 0xFE);
    }

    @Test
    void oracleCharBecomesString() throws Exception {
        oracle.sql.CHAR c = new oracle.sql.CHAR("Forlì €", oracle.sql.CharacterSet.make(oracle.sql.CharacterSet.AL32UTF8_CHARSET));

        assertThat(VendorTypes.normalize(c)).isEqualTo("Forlì €");
    }

    @Test
    void sqlServerDateTimeOffsetKeepsItsOffset() throws Exception {
        OffsetDateTime odt = OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 0, ZoneOffset.ofHours(1));

        Object v = VendorTypes.normalize(microsoft.sql.DateTimeOffset.valueOf(odt));

        assertThat(v).isEqualTo(odt);
        assertThat(((OffsetDateTime) v).getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void sqlServerDateTimeOffsetKeepsHundredNanosecondPrecision() throws Exception {
        OffsetDateTime odt = OffsetDateTime.of(2026, 1, 16, 8, 15, 0, 123_456_700, ZoneOffset.ofHoursMinutes(-5, -30));

        assertThat(VendorTypes.normalize(microsoft.sql.DateTimeOffset.valueOf(odt))).isEqualTo(odt);
    }

    @Test
    void oracleIntervalYearToMonthIsAnIsoDuration() throws Exception {
        assertThat(VendorTypes.normalize(new oracle.sql.INTERVALYM("3-7"))).isEqualTo("P3Y7M");
        assertThat(VendorTypes.normalize(new oracle.sql.INTERVALYM("-0-1"))).isEqualTo("P-1M");
    }

    @Test
    void oracleIntervalDayToSecondIsAnIsoDuration() throws Exception {
        assertThat(VendorTypes.normalize(new oracle.sql.INTERVALDS("2 10:20:30.25"))).isEqualTo("P2DT10H20M30.25S");
        assertThat(VendorTypes.normalize(new oracle.sql.INTERVALDS("-0 0:0:1.0"))).isEqualTo("PT-1S");
    }

    @Test
    void sqlServerGeographyAndGeometryObjectsAreWellKnownText() throws Exception {
        Object point = VendorTypes.normalize(com.microsoft.sqlserver.jdbc.Geography.deserialize(
                com.microsoft.sqlserver.jdbc.Geography.point(47.651, -122.349, 4326).serialize()));
        Object line = VendorTypes.normalize(com.microsoft.sqlserver.jdbc.Geometry.deserialize(
                com.microsoft.sqlserver.jdbc.Geometry.STGeomFromText("LINESTRING(1 0, 0 1, -1 0)", 0).serialize()));

        assertThat(point).isEqualTo("POINT(-122.349 47.651)");
        assertThat(line).isEqualTo("LINESTRING(1 0, 0 1, -1 0)");
    }

    @Test
    void postgresIntervalIsAnIsoDuration() throws Exception {
        assertThat(VendorTypes.normalize(new org.postgresql.util.PGInterval("1 year 2 mons 3 days 04:05:06.789")))
                .isEqualTo("P1Y2M3DT4H5M6.789S");
    }

    @Test
    void postgresObjectsAreTheirTextAndJsonIsJsonText() throws Exception {
        assertThat(VendorTypes.normalize(pg("inet", "192.168.0.1/24"))).isEqualTo("192.168.0.1/24");
        assertThat(VendorTypes.normalize(pg("tsvector", "'cat' 'fat'"))).isEqualTo("'cat' 'fat'");
        assertThat(VendorTypes.normalize(pg("json", "{\"a\": 1}"))).isEqualTo(new JsonText("{\"a\": 1}", false));
        assertThat(VendorTypes.normalize(pg("jsonb", "{\"a\": 1}"))).isEqualTo(new JsonText("{\"a\": 1}", true));
        assertThat(VendorTypes.normalize(new org.postgresql.geometric.PGpoint(1, 2))).isEqualTo("(1.0,2.0)");
    }

    @Test
    void h2IntervalsAreIsoDurations() throws Exception {
        assertThat(VendorTypes.normalize(org.h2.api.Interval.ofYearsMonths(-1, -2))).isEqualTo("P-1Y-2M");
        assertThat(VendorTypes.normalize(org.h2.api.Interval.ofDaysHoursMinutesNanos(1, 2, 3, 4_500_000_000L))).isEqualTo("P1DT2H3M4.5S");
    }

    private static org.postgresql.util.PGobject pg(String type, String value) throws Exception {
        org.postgresql.util.PGobject o = new org.postgresql.util.PGobject();
        o.setType(type);
        o.setValue(value);
        return o;
    }

    @Test
    void unknownObjectsAreNotVendorTypes() throws Exception {
        assertThat(VendorTypes.normalize(new StringBuilder("x"))).isNull();
        assertThat(VendorTypes.normalize(new Object())).isNull();
    }
}
