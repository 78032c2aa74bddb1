package io.querycast.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} in configuration values with environment
 * variables (or any property the lookup knows). A missing variable without default is an error
 * that names the variable, never the value of anything.
 */
public final class PlaceholderResolver {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.\\-]*)(?::([^}]*))?}");

    private final Function<String, String> lookup;

    public PlaceholderResolver(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** @throws IllegalArgumentException naming the unresolved variable */
    public String resolve(String value) {
        if (value == null || value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = lookup.apply(name);
            if (resolved == null) {
                resolved = m.group(2);
            }
            if (resolved == null) {
                throw new UnsetVariableException(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A {@code ${NAME}} without default whose variable is not set; names the variable only. */
    public static final class UnsetVariableException extends IllegalArgumentException {

        private final String variable;

        UnsetVariableException(String variable) {
            super("environment variable ${" + variable + "} is not set and has no default");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
