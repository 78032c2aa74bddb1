package io.querycast.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: its flags ({@code --offline}), its options ({@code --rows=5} or {@code --rows 5},
 * repeatable), its positional arguments, and the {@code --name=value} settings handed to Spring as they are.
 * An unknown {@code --option} without a dot is refused: a misspelt flag must not be silently ignored.
 */
record Arguments(String command, Set<String> flags, Map<String, List<String>> options, List<String> positional, String[] all) {

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static Arguments parse(String[] args, Set<String> knownFlags, Set<String> knownOptions) {
        Set<String> flags = new java.util.HashSet<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String body = a.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (knownFlags.contains(name) && eq < 0) {
                flags.add(name);
            } else if (knownOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (!isSetting(name, eq >= 0)) {
                // a --querycast.x or --spring.x setting has a dot, a --VARIABLE=value is upper case; anything else is a mistake
                throw new UsageException("unknown option --" + name);
            }
        }
        return new Arguments(args[0], flags, options, positional, args);
    }

    private static boolean isSetting(String name, boolean hasValue) {
        return name.contains(".") || hasValue && name.matches("[A-Z][A-Z0-9_]*");
    }

    String option(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    String required(String name) {
        String v = option(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int defaultValue, int min, int max) {
        String v = option(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number (got '" + v + "')");
        }
    }

    /** The arguments Spring reads its settings from: everything but this command's own options. */
    String[] springArguments() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < all.length; i++) {
            String a = all[i];
            int eq = a.indexOf('=');
            if (a.startsWith("--") && isSetting(eq < 0 ? a.substring(2) : a.substring(2, eq), eq >= 0)) {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }
}
