package io.querycast.config;

/**
 * One mistake in a configuration file: where it is (file, line, dotted field path), what is wrong, and
 * how to fix it when the problem text alone does not say. Never carries a secret value.
 *
 * @param file    the file as the user named it, or null for a mistake in the application properties
 * @param line    1-based line, 0 when unknown
 * @param field   dotted field path, e.g. {@code databases.cdg.password}; null or empty for the whole file
 * @param problem what is wrong
 * @param fix     what to do about it, or null when the problem says so itself
 */
public record ConfigError(String file, int line, String field, String problem, String fix) {

    public static ConfigError of(String problem) {
        return new ConfigError(null, 0, null, problem, null);
    }

    public ConfigError withFix(String newFix) {
        return new ConfigError(file, line, field, problem, newFix);
    }

    /** {@code file:line: field}, leaving out the parts that are unknown; empty when nothing is known. */
    public String location() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
        }
        if (field != null && !field.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(field);
        }
        return sb.toString();
    }

    /** {@code file:line: field: problem}: the one-line form logs, API answers and the validate command print. */
    @Override
    public String toString() {
        String where = location();
        return where.isEmpty() ? problem : where + ": " + problem;
    }
}
