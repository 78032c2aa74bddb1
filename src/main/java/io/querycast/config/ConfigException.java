package io.querycast.config;

/**
 * A configuration mistake, reported with the file, line and field it concerns so an integrator can
 * fix it without reading code. Never carries a secret value.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Formats {@code file:line: field: problem}, leaving out the parts that are unknown. */
    public static ConfigException at(String file, int line, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        sb.append(problem);
        return new ConfigException(sb.toString());
    }
}
