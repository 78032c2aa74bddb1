package io.querycast.job;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // day of week open: '?' goes in the day-of-week field, day of month kept
            "0 8 * * *       | 0 0 8 * * ?",
            "0 0 1 * *       | 0 0 0 1 * ?",
            "*/15 * * * *    | 0 */15 * * * ?",
            "0 8 1,15 * ?    | 0 0 8 1,15 * ?",
            // day of week set: '?' goes in the day-of-month field, numbers shifted by one
            "30 6 * * 1-5    | 0 30 6 ? * 2-6",
            "0 8 * * 0       | 0 0 8 ? * 1",
            "0 8 * * 7       | 0 0 8 ? * 1",
            "0 8 * * 6       | 0 0 8 ? * 7",
            "0 8 * * 0-6     | 0 0 8 ? * 1-7",
            "0 8 * * 1,3,5   | 0 0 8 ? * 2,4,6",
            "0 8 ? * 1       | 0 0 8 ? * 2",
            "0 8 * * */2     | 0 0 8 ? * */2",
            "0 8 * * 1-5/2   | 0 0 8 ? * 2-6/2",
            "0 8 * * MON-FRI | 0 0 8 ? * MON-FRI",
            "0 22 * 1-6 5    | 0 0 22 ? 1-6 6",
    })
    void crontabFormIsConvertedToQuartz(String crontab, String quartz) {
        CronSchedule s = CronSchedule.parse(crontab);

        assertThat(s.quartz()).isEqualTo(quartz);
        assertThat(s.original()).isEqualTo(crontab);
    }

    @Test
    void sundayAtTheEndOfARangeWrapsAroundToQuartzSunday() throws Exception {
        CronSchedule s = CronSchedule.parse("0 8 * * 5-7"); // crontab: Friday to Sunday

        assertThat(s.quartz()).isEqualTo("0 0 8 ? * 6-1");
        CronExpression cron = new CronExpression(s.quartz());
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        Date t = Date.from(LocalDate.of(2026, 1, 12).atStartOfDay(ZoneOffset.UTC).toInstant()); // a Monday
        List<DayOfWeek> days = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            t = cron.getNextValidTimeAfter(t);
            days.add(t.toInstant().atZone(ZoneOffset.UTC).getDayOfWeek());
        }
        assertThat(days).containsExactly(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.FRIDAY);
    }

    @Test
    void convertedWeekdaysFireOnTheSameDaysAsCrontab() throws Exception {
        CronExpression cron = new CronExpression(CronSchedule.parse("30 6 * * 1-5").quartz());
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        Date t = Date.from(LocalDate.of(2026, 1, 10).atStartOfDay(ZoneOffset.UTC).toInstant()); // a Saturday
        Date first = cron.getNextValidTimeAfter(t);

        assertThat(first.toInstant()).isEqualTo("2026-01-12T06:30:00Z"); // Monday
    }

    @Test
    void extraWhitespaceIsNormalised() {
        CronSchedule s = CronSchedule.parse("  30   6 *  * 1-5 ");

        assertThat(s.quartz()).isEqualTo("0 30 6 ? * 2-6");
        assertThat(s.original()).isEqualTo("  30   6 *  * 1-5 ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 0 8 * * ?",
            "0 0 8 ? * MON-FRI",
            "0 0 8 ? * 2-6",
            "0 0/5 * * * ? 2030",
            "0 0 12 L * ?",
    })
    void quartzFormPassesThroughUnchanged(String quartz) {
        assertThat(CronSchedule.parse(quartz).quartz()).isEqualTo(quartz);
    }

    @Test
    void minuteOutOfRangeIsRejected() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'61 * * * *' is not a valid cron expression (as Quartz: '0 61 * * * ?'): ")
                .hasMessageContaining("Minute and Second values must be between 0 and 59");
    }

    @Test
    void invalidQuartzExpressionIsRejectedWithoutConversionNote() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 25 * * ?"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'0 0 25 * * ?' is not a valid cron expression: ")
                .hasMessageNotContaining("as Quartz");
    }

    @Test
    void wrongNumberOfFieldsIsRejected() {
        String expected = " fields; expected 5 (crontab: min hour day month weekday) or 6-7 (Quartz: sec min hour day month weekday [year])";
        assertThatThrownBy(() -> CronSchedule.parse("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'abc' has 1" + expected);
        assertThatThrownBy(() -> CronSchedule.parse("0 8 * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0 8 * *' has 4" + expected);
        assertThatThrownBy(() -> CronSchedule.parse("0 0 8 * * ? 2030 x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0 0 8 * * ? 2030 x' has 8" + expected);
    }

    @Test
    void garbageInFiveFieldsIsRejected() {
        assertThatThrownBy(() -> CronSchedule.parse("a b * d *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'a b * d *' is not a valid cron expression (as Quartz: '0 a b * d ?'): ");
    }

    @Test
    void dayOfMonthTogetherWithDayOfWeekIsRejected() {
        assertThatThrownBy(() -> CronSchedule.parse("0 8 1 * 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0 8 1 * 1': Quartz cannot combine a day of month (1) with a day of week (1); set one of them to *");
    }
}
