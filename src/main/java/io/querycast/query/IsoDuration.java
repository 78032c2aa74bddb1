package io.querycast.query;

import java.time.Duration;
import java.time.Period;

/**
 * Writes database intervals as ISO-8601 durations the way PostgreSQL does with {@code intervalstyle =
 * iso_8601}: {@code P1Y2M3DT4H5M6.789S}, each part with its own sign ({@code P-1Y-2M3DT-4H}), zero parts
 * left out, {@code PT0S} for an empty interval. Years, months and days stay apart from hours because a
 * month or a day has no fixed length in seconds; {@link Duration#parse} and {@link Period#parse} read
 * the day-time and year-month halves.
 */
final class IsoDuration {

    private IsoDuration() {
    }

    /** PostgreSQL's interval: months, days and microseconds, each signed on its own. */
    static String of(org.postgresql.util.PGInterval i) {
        return format(i.getYears(), i.getMonths(), i.getDays(), i.getHours(), i.getMinutes(), i.getWholeSeconds(),
                i.getMicroSeconds() * 1_000L);
    }

    /** Oracle's INTERVAL YEAR TO MONTH. */
    static String of(Period p) {
        return format(p.getYears(), p.getMonths(), p.getDays(), 0, 0, 0, 0);
    }

    /** Oracle's INTERVAL DAY TO SECOND: every part carries the sign of the whole. */
    static String of(Duration d) {
        int sign = d.isNegative() ? -1 : 1;
        Duration abs = d.abs();
        return format(0, 0, sign * abs.toDays(), sign * abs.toHoursPart(), sign * abs.toMinutesPart(),
                sign * abs.toSecondsPart(), sign * (long) abs.toNanosPart());
    }

    /** @param seconds and {@code nanos} have the same sign (or are zero) */
    static String format(long years, long months, long days, long hours, long minutes, long seconds, long nanos) {
        if ((years | months | days | hours | minutes | seconds | nanos) == 0) {
            return "PT0S";
        }
        StringBuilder s = new StringBuilder("P");
        part(s, years, 'Y');
        part(s, months, 'M');
        part(s, days, 'D');
        if ((hours | minutes | seconds | nanos) != 0) {
            s.append('T');
            part(s, hours, 'H');
            part(s, minutes, 'M');
            if ((seconds | nanos) != 0) {
                if (seconds < 0 || nanos < 0) {
                    s.append('-');
                }
                s.append(Math.abs(seconds));
                if (nanos != 0) {
                    String fraction = String.format("%09d", Math.abs(nanos)).replaceFirst("0+$", "");
                    s.append('.').append(fraction);
                }
                s.append('S');
            }
        }
        return s.toString();
    }

    private static void part(StringBuilder s, long value, char unit) {
        if (value != 0) {
            s.append(value).append(unit);
        }
    }
}
