package io.querycast.alerts;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations as alert texts write them: {@code 75.0 %}, {@code 5m}, {@code 1m30s}, {@code 250ms}. */
final class Texts {

    private Texts() {
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    static String duration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long s = d.toSeconds();
        if (s >= 86_400) {
            sb.append(s / 86_400).append('d');
            s %= 86_400;
        }
        if (s >= 3_600) {
            sb.append(s / 3_600).append('h');
            s %= 3_600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || sb.length() == 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }

    static String count(double n) {
        return String.format(Locale.ROOT, "%,d", (long) n);
    }
}
