package io.querycast.query;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.time.Duration;
import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expected strings are PostgreSQL 14's own output of the same intervals with {@code SET intervalstyle =
 * iso_8601} (PostgresTypesExportTest checks the two agree on a real server).
 */
class IsoDurationTest {

    @Test
    void postgresIntervalsAsPostgresWritesThemInIso8601() throws Exception {
        assertThat(IsoDuration.of(new PGInterval("1 year 2 mons 3 days 04:05:06.789"))).isEqualTo("P1Y2M3DT4H5M6.789S");
        assertThat(IsoDuration.of(new PGInterval("-1 years -2 mons +3 days -04:05:06.5"))).isEqualTo("P-1Y-2M3DT-4H-5M-6.5S");
        assertThat(IsoDuration.of(new PGInterval("00:00:00"))).isEqualTo("PT0S");
        assertThat(IsoDuration.of(new PGInterval("1 day -00:00:00.000001"))).isEqualTo("P1DT-0.000001S");
        assertThat(IsoDuration.of(new PGInterval("-3 days"))).isEqualTo("P-3D");
        assertThat(IsoDuration.of(new PGInterval("25:00:00"))).isEqualTo("PT25H");
        assertThat(IsoDuration.of(new PGInterval("00:00:00.000001"))).isEqualTo("PT0.000001S");
    }

    @Test
    void oracleYearToMonthFromTheDriversPeriod() {
        assertThat(IsoDuration.of(new oracle.sql.INTERVALYM("1-2").getPeriod())).isEqualTo("P1Y2M");
        assertThat(IsoDuration.of(new oracle.sql.INTERVALYM("-1-2").getPeriod())).isEqualTo("P-1Y-2M");
        assertThat(IsoDuration.of(new oracle.sql.INTERVALYM("0-11").getPeriod())).isEqualTo("P11M");
        assertThat(IsoDuration.of(Period.ZERO)).isEqualTo("PT0S");
    }

    @Test
    void oracleDayToSecondKeepsDaysApartAndEveryPartSigned() {
        assertThat(IsoDuration.of(new oracle.sql.INTERVALDS("1 2:3:4.5").getDuration())).isEqualTo("P1DT2H3M4.5S");
        assertThat(IsoDuration.of(new oracle.sql.INTERVALDS("-1 2:3:4.5").getDuration())).isEqualTo("P-1DT-2H-3M-4.5S");
        assertThat(IsoDuration.of(new oracle.sql.INTERVALDS("0 0:0:0.123456789").getDuration())).isEqualTo("PT0.123456789S");
        assertThat(IsoDuration.of(Duration.ofMillis(-500))).isEqualTo("PT-0.5S");
        assertThat(IsoDuration.of(Duration.ZERO)).isEqualTo("PT0S");
    }

    @Test
    void javaReadsTheDayTimeHalfBack() {
        assertThat(Duration.parse(IsoDuration.of(new oracle.sql.INTERVALDS("-1 2:3:4.5").getDuration())))
                .isEqualTo(Duration.parse("-P1DT2H3M4.5S"));
        assertThat(Period.parse(IsoDuration.of(Period.of(-1, -2, 0)))).isEqualTo(Period.of(-1, -2, 0));
    }
}
