package io.querycast.job;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A text with placeholders, for an output's file name and a mailed export's subject and body:
 * {@code {name}} for a value of the run, {@code {date}} / {@code {date:PATTERN}} for the run's date and time
 * (the schedule's fire time, in the job's time zone) with a {@link DateTimeFormatter} pattern.
 */
public final class OutputTemplate {

    /** The placeholders a file name may use. */
    public static final Set<String> FILE_NAME_VALUES = Set.of("job", "query", "run_id");
    /** The placeholders a mail's subject and body may use. */
    public static final Set<String> MAIL_VALUES = Set.of("job", "query", "run_id", "rows", "file_name", "file_path", "file_size",
            "attachment");

    private sealed interface Part permits Literal, Value, Date {
    }

    private record Literal(String text) implements Part {
    }

    private record Value(String name) implements Part {
    }

    private record Date(DateTimeFormatter format) implements Part {
    }

    private final String text;
    private final List<Part> parts;

    private OutputTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException naming the placeholder that is unknown or the date pattern that is wrong */
    public static OutputTemplate parse(String text, Set<String> names) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                parts.add(new Literal(text.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Literal(text.substring(i, open)));
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at position " + (open + 1) + " is not closed by '}'");
            }
            String name = text.substring(open + 1, close);
            if (name.equals("date") || name.startsWith("date:")) {
                String pattern = name.equals("date") ? "yyyy-MM-dd" : name.substring(5);
                try {
                    parts.add(new Date(DateTimeFormatter.ofPattern(pattern, Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("{" + name + "}: '" + pattern + "' is not a date pattern (" + e.getMessage() + ")");
                }
            } else if (names.contains(name)) {
                parts.add(new Value(name));
            } else {
                throw new IllegalArgumentException("{" + name + "} is not a placeholder here; use " + placeholders(names));
            }
            i = close + 1;
        }
        return new OutputTemplate(text, List.copyOf(parts));
    }

    private static String placeholders(Set<String> names) {
        List<String> all = new ArrayList<>();
        new TreeSet<>(names).forEach(n -> all.add("{" + n + "}"));
        all.add("{date:PATTERN}");
        return String.join(", ", all);
    }

    /**
     * A file name template, refused when its result could name anything but a file in the output directory:
     * a path separator, {@code .} or {@code ..}, a NUL, or nothing at all.
     */
    public static OutputTemplate fileName(String text) {
        OutputTemplate t = parse(text, FILE_NAME_VALUES);
        for (Part p : t.parts) {
            if (p instanceof Literal l && (l.text().indexOf('/') >= 0 || l.text().indexOf('\\') >= 0 || l.text().indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("'" + text + "' has a path separator: it must name a file in the directory,"
                        + " not a path (put the path in `directory`)");
            }
        }
        // a sample render catches date patterns that write a separator ({date:yyyy/MM}) and names like ".."
        String sample = t.render(Map.of("job", "job", "query", "query", "run_id", "query-20260101-000000"), LocalDateTime.of(2026, 12, 31, 23, 59, 59));
        checkFileName(sample);
        return t;
    }

    /** @throws IllegalArgumentException when {@code name} is not the plain name of a file */
    public static void checkFileName(String name) {
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not the name of a file in the output directory (no path separators,"
                    + " not '.' or '..', not empty)");
        }
    }

    public String render(Map<String, String> values, LocalDateTime date) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                sb.append(l.text());
            } else if (p instanceof Value v) {
                sb.append(values.getOrDefault(v.name(), ""));
            } else if (p instanceof Date d) {
                sb.append(d.format().format(date));
            }
        }
        return sb.toString();
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
