package io.querycast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariDataSource;
import io.querycast.api.Redactor;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.QuerycastProperties;
import io.querycast.job.ConfigurationFiles;
import io.querycast.job.ExportJob;
import io.querycast.query.DatabasePools;
import io.querycast.query.QueryLibrary;
import io.querycast.tooling.JobPreview;
import io.querycast.tooling.PreviewJson;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code describe JOB [--rows=N] [--param=NAME=VALUE ...] [--json]}: the records a job would send, sent nowhere. */
final class DescribeCommand {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;

    DescribeCommand(PrintStream out) {
        this.out = out;
    }

    int run(Arguments args) throws Arguments.UsageException {
        if (args.positional().size() != 1) {
            throw new Arguments.UsageException("describe takes one job id, got " + args.positional());
        }
        String jobId = args.positional().get(0);
        int rows = args.integer("rows", 5, 1, JobPreview.MAX_ROWS);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String p : args.options().getOrDefault("param", List.of())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new Arguments.UsageException("--param takes NAME=VALUE, got '" + p + "'");
            }
            overrides.put(p.substring(0, eq).trim().toUpperCase(java.util.Locale.ROOT), p.substring(eq + 1));
        }
        try (ToolEnvironment env = new ToolEnvironment(args.springArguments())) {
            QuerycastProperties props = env.properties();
            ConfigurationFiles.Loaded files = ConfigurationFiles.read(props, env.placeholders());
            ExportJob job = files.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst().orElse(null);
            if (job == null) {
                out.println("querycast describe: no valid job '" + jobId + "' in " + props.jobsDir() + " (jobs: "
                        + files.jobs().stream().map(ExportJob::id).toList() + ")");
                files.errors().forEach(e -> out.println("error: " + e));
                return Cli.ERRORS;
            }
            DatabaseConnection db = files.usableConnections().database(job.dbConnection()).orElseThrow();
            Redactor redactor = new Redactor(files.usableConnections());
            JobPreview.Result result;
            try (HikariDataSource ds = DatabasePools.single(db, Duration.ofSeconds(30))) {
                result = new JobPreview(new QueryLibrary(props.queriesDir()), Clock.systemDefaultZone()).preview(job, db, ds, rows, overrides);
            } catch (SQLException | RuntimeException e) {
                out.println("querycast describe: job " + jobId + ": " + redactor.redact(String.valueOf(e.getMessage())));
                return Cli.ERRORS;
            }
            if (args.flags().contains("json")) {
                out.println(PreviewJson.of(result).toPrettyString());
            } else {
                printText(result);
            }
            return Cli.OK;
        }
    }

    private void printText(JobPreview.Result r) {
        ExportJob job = r.job();
        out.println("Job " + job.id() + " (" + job.file() + "): query " + job.queryFile() + " on database " + job.dbConnection()
                + ", parameters " + r.parameters());
        out.println("Would send to topic " + job.topic() + " on Kafka connection " + job.kafkaConnection()
                + " (dry run: nothing is sent). " + r.records().size() + " record(s)"
                + (r.more() ? ", the first " + r.limit() + " of more" : ", the whole result") + ".");
        for (JobPreview.Record rec : r.records()) {
            out.println();
            out.println("Record " + rec.row() + (rec.deadLetter() == null ? "" : " -> dead-letter topic " + job.delivery().deadLetterTopic()
                    + ": " + rec.deadLetter()));
            out.println("  key:     " + (rec.key() == null ? "(null)" : rec.key()));
            out.println("  headers: " + (rec.headers().isEmpty() ? "(none)" : ""));
            rec.headers().forEach((k, v) -> out.println("    " + k + ": " + v));
            out.println("  value:   " + rec.value());
        }
        r.warnings().forEach(w -> out.println("warning: " + w));
        out.println();
        out.println("JSON Schema of the value:");
        try {
            out.println(JSON.writeValueAsString(r.schema()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
