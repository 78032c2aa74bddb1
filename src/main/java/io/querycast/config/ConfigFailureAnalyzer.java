package io.querycast.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.List;

/**
 * Turns a start stopped by configuration mistakes into one block that names each of them (file:line:
 * field, what is wrong, the fix) instead of Spring's nested bean-creation errors. Registered in
 * META-INF/spring.factories; Spring Boot prints it under "APPLICATION FAILED TO START".
 */
public final class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        return new FailureAnalysis(describe(cause.errors()),
                "Fix the files above and start again. To check them without starting the server:"
                        + " java -jar querycast.jar validate (docs/local-run.md).",
                cause);
    }

    /** The block: a heading, then each error as its location, the problem and the fix, indented. */
    public static String describe(List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append("Querycast found ").append(errors.size()).append(errors.size() == 1 ? " configuration error" : " configuration errors")
                .append(":\n");
        for (ConfigError e : errors) {
            sb.append('\n');
            String where = e.location();
            if (!where.isEmpty()) {
                sb.append("  ").append(where).append('\n');
            }
            sb.append("      ").append(e.problem()).append('\n');
            if (e.fix() != null) {
                sb.append("      fix: ").append(e.fix()).append('\n');
            }
        }
        return sb.toString();
    }
}
