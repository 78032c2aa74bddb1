package io.querycast.job;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class CronReadingTest {

    static String read(String cron) {
        return CronReading.describe(CronSchedule.parse(cron));
    }

    @Test
    void commonShapesInWords() {
        assertThat(read("0 8 * * *")).isEqualTo("at 08:00, every day");
        assertThat(read("30 6 * * 1-5")).isEqualTo("at 06:30, Monday to Friday");
        assertThat(read("*/15 * * * *")).isEqualTo("every 15 minutes, every day");
        assertThat(read("0 */2 * * *")).isEqualTo("every 2 hours from 00:00, every day");
        assertThat(read("0 8,12,18 * * *")).isEqualTo("at 08:00, 12:00, 18:00, every day");
        assertThat(read("0 0 1 * *")).isEqualTo("at 00:00, on day 1 of the month");
        assertThat(read("0 0 8 ? * MON,WED")).isEqualTo("at 08:00, on Monday, Wednesday");
        assertThat(read("0 0 3 1 1 ? 2099")).isEqualTo("at 03:00, on day 1 of the month, in January, in 2099");
        assertThat(read("0 0 8 L * ?")).isEqualTo("at 08:00, on the last day of the month");
        assertThat(read("15 0/5 9-17 * * ?")).isEqualTo("every 5 minutes from 09:00 to 17:59 (second 15), every day");
    }

    @Test
    void nextFireTimesAreQuartzsInTheJobsZone() {
        Instant after = Instant.parse("2026-03-27T12:00:00Z");
        // Europe/Rome moves to summer time on 29 March 2026: 08:00 is 07:00Z before, 06:00Z after
        assertThat(CronReading.nextFireTimes(CronSchedule.parse("0 8 * * *"), ZoneId.of("Europe/Rome"), after, 3)).containsExactly(
                Instant.parse("2026-03-28T07:00:00Z"), Instant.parse("2026-03-29T06:00:00Z"), Instant.parse("2026-03-30T06:00:00Z"));
        // a schedule that ends gives fewer
        assertThat(CronReading.nextFireTimes(CronSchedule.parse("0 0 3 1 1 ? 2027"), ZoneId.of("UTC"), after, 5)).hasSize(1);
    }
}
