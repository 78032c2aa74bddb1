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
    void unknownObjectsAreNotVendorTypes() throws Exception {
        assertThat(VendorTypes.normalize(new StringBuilder("x"))).isNull();
        assertThat(VendorTypes.normalize(new Object())).isNull();
    }
}
