package io.querycast.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Configuration mistakes, reported with the file, line and field each concerns so an integrator can fix
 * them without reading code. Holds every mistake found, not only the first; never carries a secret value.
 */
public class ConfigException extends RuntimeException {

    private final transient List<ConfigError> errors;

    public ConfigException(String message) {
        this(message, (Throwable) null);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.errors = List.of(ConfigError.of(message));
    }

    public ConfigException(ConfigError error) {
        super(error.toString());
        this.errors = List.of(error);
    }

    /** @param errors at least one */
    public ConfigException(List<ConfigError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    private static String message(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + " configuration errors:\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }

    /** Every mistake found, in the order the files were read. */
    public List<ConfigError> errors() {
        return errors;
    }

    /** Formats {@code file:line: field: problem}, leaving out the parts that are unknown. */
    public static ConfigException at(String file, int line, String field, String problem) {
        return at(file, line, field, problem, null);
    }

    public static ConfigException at(String file, int line, String field, String problem, String fix) {
        return new ConfigException(new ConfigError(file, line, field, problem, fix));
    }
}
