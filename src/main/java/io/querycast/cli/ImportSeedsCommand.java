package io.querycast.cli;

import io.querycast.config.ConfigError;
import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import io.querycast.job.ConfigurationFiles;
import io.querycast.tooling.SeedsImport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code import-seeds --connections=F --schedules=F --out=DIR}: writes the connections and job files, prints
 * what was and was not carried over and the variables to set, then checks the written files offline (the
 * variables it introduced count as set for that check). Exit 0 when they validate, 1 otherwise.
 */
final class ImportSeedsCommand {

    private final PrintStream out;

    ImportSeedsCommand(PrintStream out) {
        this.out = out;
    }

    int run(Arguments args) {
        Path out = Path.of(args.required("out"));
        SeedsImport.Options options = new SeedsImport.Options(Path.of(args.required("connections")), Path.of(args.required("schedules")),
                out, args.option("db-connection") == null ? "default" : args.option("db-connection"), args.flags().contains("force"));
        try (ToolEnvironment env = new ToolEnvironment(args.springArguments())) {
            QuerycastProperties props = env.properties();
            Path queries = args.option("queries") == null ? props.queriesDir() : Path.of(args.option("queries"));
            SeedsImport.Report report;
            try {
                report = new SeedsImport().run(options);
            } catch (IOException | RuntimeException e) {
                this.out.println("querycast import-seeds: " + e.getMessage());
                return Cli.ERRORS;
            }
            this.out.println("querycast import-seeds: " + options.connectionsJson() + " + " + options.schedulesJson() + " -> " + out);
            this.out.println();
            report.written().forEach(f -> this.out.println("wrote: " + f));
            report.carried().forEach(c -> this.out.println("carried over: " + c));
            report.notCarried().forEach(n -> this.out.println("NOT carried over: " + n));
            this.out.println();
            this.out.println("Set these environment variables before validate or start (no secret was written to the files):");
            report.environment().stream().sorted().forEach(v -> this.out.println("  " + v));
            this.out.println();

            // the variables just introduced count as set: the check is about the files
            PlaceholderResolver placeholders = new PlaceholderResolver(name -> {
                String value = env.placeholders().resolve("${" + name + ":}");
                if (!value.isEmpty() || !report.environment().contains(name)) {
                    return value.isEmpty() ? null : value;
                }
                return name.endsWith("_DB_URL") ? "jdbc:h2:mem:import-check" : "set-later";
            });
            QuerycastProperties written = new QuerycastProperties(out.resolve("connections.yaml"), out.resolve("jobs"), queries,
                    props.defaults(), props.state(), props.history(), props.metrics());
            ConfigurationFiles.Loaded loaded = ConfigurationFiles.read(written, placeholders);
            if (loaded.errors().isEmpty()) {
                this.out.println("The written files validate (offline, queries from " + queries + "): " + loaded.jobs().size() + " job(s).");
                this.out.println("Next: set the variables above, then java -jar querycast.jar validate --querycast.connections-file="
                        + out.resolve("connections.yaml") + " --querycast.jobs-dir=" + out.resolve("jobs"));
                return Cli.OK;
            }
            this.out.println("The written files do not validate yet (queries from " + queries + "):");
            for (ConfigError e : loaded.errors()) {
                this.out.println("error: " + e);
                if (e.fix() != null) {
                    this.out.println("       fix: " + e.fix());
                }
            }
            return Cli.ERRORS;
        }
    }
}
