package io.querycast.message;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 text of dates and date-times, the same characters as {@link DateTimeFormatter#ISO_LOCAL_DATE} and
 * {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} give, written into a char buffer. The formatters' generic printer
 * (field lookups, a StringBuilder and a String per value) was about 5 % of the export's CPU with three temporal
 * columns a row (docs/performance.md); years outside 0000-9999, which ISO writes with a sign, still go through it.
 */
final class IsoText {

    /** Long enough for +999999999-12-31T23:59:59.999999999 (LocalDateTime.MAX). */
    static final int MAX_LENGTH = 40;

    private IsoText() {
    }

    /** @return the length written into {@code out} (at least {@link #MAX_LENGTH} chars) */
    static int localDate(LocalDate d, char[] out) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return copy(DateTimeFormatter.ISO_LOCAL_DATE.format(d), out);
        }
        return date(year, d.getMonthValue(), d.getDayOfMonth(), out);
    }

    static int localDateTime(LocalDateTime t, char[] out) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return copy(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t), out);
        }
        int at = date(year, t.getMonthValue(), t.getDayOfMonth(), out);
        out[at++] = 'T';
        return time(t.toLocalTime(), out, at);
    }

    private static int date(int year, int month, int day, char[] out) {
        out[0] = (char) ('0' + year / 1000);
        out[1] = (char) ('0' + year / 100 % 10);
        out[2] = (char) ('0' + year / 10 % 10);
        out[3] = (char) ('0' + year % 10);
        out[4] = '-';
        two(month, out, 5);
        out[7] = '-';
        two(day, out, 8);
        return 10;
    }

    /** HH:mm:ss, then the fraction without its trailing zeros, none when it is zero (ISO_LOCAL_TIME's rule). */
    private static int time(LocalTime t, char[] out, int at) {
        two(t.getHour(), out, at);
        out[at + 2] = ':';
        two(t.getMinute(), out, at + 3);
        out[at + 5] = ':';
        two(t.getSecond(), out, at + 6);
        at += 8;
        int nano = t.getNano();
        if (nano != 0) {
            out[at++] = '.';
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            for (int i = digits - 1; i >= 0; i--) {
                out[at + i] = (char) ('0' + nano % 10);
                nano /= 10;
            }
            at += digits;
        }
        return at;
    }

    private static void two(int v, char[] out, int at) {
        out[at] = (char) ('0' + v / 10);
        out[at + 1] = (char) ('0' + v % 10);
    }

    private static int copy(String s, char[] out) {
        s.getChars(0, s.length(), out, 0);
        return s.length();
    }
}
