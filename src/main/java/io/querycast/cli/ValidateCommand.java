package io.querycast.cli;

import io.querycast.api.Redactor;
import io.querycast.config.ConfigError;
import io.querycast.config.ConfigErrors;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.QuerycastProperties;
import io.querycast.tooling.Validation;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/** {@code validate [--offline] [--timeout=SECONDS]}: every error with file:line: field; exit 0 or 1. */
final class ValidateCommand {

    private final PrintStream out;

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    int run(Arguments args) {
        if (!args.positional().isEmpty()) {
            throw new Arguments.UsageException("validate takes no arguments, got " + args.positional());
        }
        boolean offline = args.flags().contains("offline");
        Duration timeout = Duration.ofSeconds(args.integer("timeout", 10, 1, 600));
        try (ToolEnvironment env = new ToolEnvironment(args.springArguments())) {
            QuerycastProperties props = env.properties();
            // masks the configured passwords wherever a driver or client quotes them
            Redactor redactor = new Redactor(new ConnectionsReader(env.placeholders())
                    .read(props.connectionsFile(), new ConfigErrors()).connections());
            Validation.Report report = new Validation(props, env.placeholders(), timeout, redactor::redact, Clock.systemDefaultZone())
                    .run(offline);
            print(report, props, offline);
            return report.ok() ? Cli.OK : Cli.ERRORS;
        }
    }

    private void print(Validation.Report report, QuerycastProperties props, boolean offline) {
        out.println("querycast validate: " + props.connectionsFile() + ", " + props.jobsDir() + ", " + props.queriesDir()
                + (offline ? " (offline)" : " (online: databases and Kafka clusters asked)"));
        out.println();
        for (ConfigError e : report.errors()) {
            out.println("error: " + e);
            if (e.fix() != null) {
                out.println("       fix: " + e.fix());
            }
        }
        for (ConfigError w : report.warnings()) {
            out.println("warning: " + w);
        }
        if (!report.errors().isEmpty() || !report.warnings().isEmpty()) {
            out.println();
        }
        report.checked().forEach(c -> out.println("checked: " + c));
        out.println();
        out.println(report.errors().size() + " error(s), " + report.warnings().size() + " warning(s): "
                + (report.ok() ? "VALID" : "INVALID"));
    }
}
