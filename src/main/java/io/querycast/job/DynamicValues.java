package io.querycast.job;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves date expressions in parameter values at the moment a run starts: {@code {date}},
 * {@code {date-1}}, {@code {date+N}}, each with an optional format, e.g. {@code {date-1:yyyyMMdd}}
 * (java.time pattern; default ISO {@code yyyy-MM-dd}). Anything else in the value is kept as written.
 */
public final class DynamicValues {

    private static final Pattern EXPR = Pattern.compile("\\{date(?:([+-])(\\d{1,5}))?(?::([^}]+))?}");

    private DynamicValues() {
    }

    public static String resolve(String value, LocalDate today) {
        if (value == null || value.indexOf('{') < 0) {
            return value;
        }
        Matcher m = EXPR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            LocalDate d = today;
            if (m.group(1) != null) {
                int n = Integer.parseInt(m.group(2));
                d = m.group(1).equals("+") ? d.plusDays(n) : d.minusDays(n);
            }
            String formatted = m.group(3) == null ? d.toString() : DateTimeFormatter.ofPattern(m.group(3)).format(d);
            m.appendReplacement(out, Matcher.quoteReplacement(formatted));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Checks the expressions of a value once, when the job is loaded, so a typo fails at start. */
    public static void validate(String value) {
        if (value == null) {
            return;
        }
        String rest = EXPR.matcher(value).replaceAll("");
        int brace = rest.indexOf('{');
        if (brace >= 0 && rest.indexOf('}', brace) > 0) {
            throw new IllegalArgumentException("'" + value + "' has an unknown expression; use {date}, {date-N} or {date+N}, optionally with :format");
        }
        Matcher m = EXPR.matcher(value);
        while (m.find()) {
            if (m.group(3) != null) {
                try {
                    DateTimeFormatter.ofPattern(m.group(3)).format(LocalDate.now());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("'" + m.group(3) + "' is not a valid date format: " + e.getMessage());
                }
            }
        }
    }
}
