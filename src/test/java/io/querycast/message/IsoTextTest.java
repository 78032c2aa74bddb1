package io.querycast.message;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast ISO printer must give exactly what java.time's ISO formatters give, for every value. */
class IsoTextTest {

    private final char[] buffer = new char[IsoText.MAX_LENGTH];

    @Test
    void dateTimesAsTheIsoFormatterWritesThem() {
        SplittableRandom random = new SplittableRandom(42);
        int[] nanos = {0, 1, 10, 100_000, 120_000_000, 123_456_000, 123_456_789, 999_999_999, 100_000_000, 5_000};
        for (int i = 0; i < 200_000; i++) {
            LocalDateTime t = LocalDateTime.of(random.nextInt(0, 10_000), random.nextInt(1, 13), random.nextInt(1, 29),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    i % 2 == 0 ? nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000));
            assertThat(new String(buffer, 0, IsoText.localDateTime(t, buffer))).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        }
    }

    @Test
    void datesAsTheIsoFormatterWritesThem() {
        for (LocalDate d = LocalDate.of(-1, 12, 25); d.isBefore(LocalDate.of(10_001, 1, 10)); d = d.plusDays(97)) {
            assertThat(new String(buffer, 0, IsoText.localDate(d, buffer))).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(d));
        }
        for (LocalDate d : new LocalDate[]{LocalDate.of(0, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(10_000, 1, 1),
                LocalDate.of(-5, 3, 1), LocalDate.MAX, LocalDate.MIN}) {
            assertThat(new String(buffer, 0, IsoText.localDate(d, buffer))).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(d));
        }
    }

    @Test
    void yearsIsoWritesWithASignAsItDoes() {
        LocalDateTime t = LocalDateTime.of(12_345, 6, 7, 8, 9, 10, 11);
        assertThat(new String(buffer, 0, IsoText.localDateTime(t, buffer))).isEqualTo("+12345-06-07T08:09:10.000000011");
        assertThat(new String(buffer, 0, IsoText.localDateTime(LocalDateTime.MIN, buffer)))
                .isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.MIN));
    }
}
