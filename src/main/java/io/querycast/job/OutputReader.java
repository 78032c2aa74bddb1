package io.querycast.job;

import io.querycast.config.ConfigErrors;
import io.querycast.config.ConfigNode;
import io.querycast.config.Connections;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a job file's {@code export_mode} and {@code output:} section into a {@link JobOutput}, every mistake
 * collected with its file, line and field.
 */
final class OutputReader {

    static final Set<String> OUTPUT_FIELDS = Set.of("format", "directory", "file_name", "csv", "compression", "overwrite", "email");
    static final Set<String> CSV_FIELDS = Set.of("separator", "header", "bom");
    static final Set<String> EMAIL_FIELDS = Set.of("recipients", "subject", "body", "attach_zip_above", "attach_max", "link_base_url");
    /** Fields a file export does not read: set on one, they would be silently ignored. */
    static final List<String> KAFKA_ONLY = List.of("topic", "kafka_connection", "dead_letter_topic", "max_retries", "retry_backoff_ms",
            "max_redeliveries", "redelivery_delay_ms",
            "key_columns", "key_separator", "envelope", "steps", "incrementing_column", "timestamp_column", "bound", "safety_lag_s",
            "overlap_s", "overlap_ids", "exactly_once");
    private static final Map<String, Character> SEPARATORS = Map.of("comma", ',', "semicolon", ';', "tab", '\t', "pipe", '|');

    private final Connections connections;

    OutputReader(Connections connections) {
        this.connections = connections;
    }

    /** The export mode alone, so the Kafka fields are required only when the job sends to Kafka. */
    static JobOutput.ExportMode mode(ConfigNode job) {
        return job.enumValue("export_mode", JobOutput.ExportMode.class, JobOutput.ExportMode.KAFKA);
    }

    JobOutput read(ConfigNode job, JobOutput.ExportMode mode, ConfigErrors e) {
        Optional<ConfigNode> section = e.collect(() -> job.child("output"), Optional.empty());
        if (mode == JobOutput.ExportMode.KAFKA) {
            if (section.isPresent()) {
                e.addAll(job.error("output", "applies to export_mode filesystem or email only; this job sends to Kafka",
                        "remove `output:` or set `export_mode: filesystem`"));
            }
            return JobOutput.KAFKA;
        }
        for (String field : KAFKA_ONLY) {
            if (job.has(field)) {
                e.addAll(job.error(field, "applies to export_mode kafka only; this job writes files (export_mode " + mode + ")",
                        "remove `" + field + "`"));
            }
        }
        // a watermark moves with acknowledged records: a file export has none, so it exports the whole result
        String feedMode = e.collect(() -> job.string("mode", "bulk"), "bulk");
        if (!feedMode.equals("bulk")) {
            e.addAll(job.error("mode", "'" + feedMode + "' (an incremental feed) applies to export_mode kafka only; a file export"
                    + " writes the whole result each run", "remove `mode` or set `export_mode: kafka`"));
        }
        if (section.isEmpty()) {
            // the line to fix is the mode's: the section is missing
            e.addAll(job.error("export_mode", mode + " needs an `output:` section with at least `directory:`",
                    "add e.g.\noutput:\n  format: csv\n  directory: /var/lib/querycast/exports"));
            return null;
        }
        ConfigNode n = section.get();
        e.check(() -> n.rejectUnknown(OUTPUT_FIELDS));
        JobOutput.Format format = e.collect(() -> n.enumValue("format", JobOutput.Format.class, JobOutput.Format.CSV), JobOutput.Format.CSV);
        Path directory = e.collect(() -> directory(n), null);
        JobOutput.Compression compression = e.collect(() -> n.enumValue("compression", JobOutput.Compression.class,
                JobOutput.Compression.NONE), JobOutput.Compression.NONE);
        String defaultName = "{query}-{date:yyyyMMdd-HHmmss}." + format.extension();
        String fileName = e.collect(() -> {
            String text = n.string("file_name", defaultName);
            try {
                OutputTemplate.fileName(text);
                return text;
            } catch (IllegalArgumentException ex) {
                throw n.error("file_name", ex.getMessage(), "a name such as \"{query}-{date:yyyyMMdd}." + format.extension()
                        + "\"; placeholders {job}, {query}, {run_id}, {date:PATTERN}");
            }
        }, null);
        JobOutput.Csv csv = e.collect(() -> n.child("csv").map(c -> csv(c, format)).orElse(JobOutput.Csv.STANDARD), JobOutput.Csv.STANDARD);
        boolean overwrite = e.collect(() -> n.bool("overwrite", false), false);
        JobOutput.Email email = null;
        if (mode == JobOutput.ExportMode.EMAIL) {
            email = e.collect(() -> n.child("email").map(this::email)
                    .orElseThrow(() -> n.error("email", "is required with export_mode email: at least `recipients:`")), null);
        } else if (n.has("email")) {
            e.addAll(n.error("email", "applies to export_mode email only", "remove it or set `export_mode: email`"));
        }
        return new JobOutput(mode, format, directory, fileName, csv, compression, overwrite, email);
    }

    private static Path directory(ConfigNode n) {
        String text = n.requiredString("directory");
        Path dir;
        try {
            dir = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException ex) {
            throw n.error("directory", "'" + text + "' is not a path: " + ex.getMessage());
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw n.error("directory", "'" + dir + "' exists and is not a directory");
        }
        return dir;
    }

    private static JobOutput.Csv csv(ConfigNode c, JobOutput.Format format) {
        if (format != JobOutput.Format.CSV) {
            throw c.error(null, "applies to format csv only (this output is " + format + ")");
        }
        c.rejectUnknown(CSV_FIELDS);
        char separator = separator(c);
        return new JobOutput.Csv(separator, c.bool("header", true), c.bool("bom", false));
    }

    private static char separator(ConfigNode c) {
        Optional<String> raw = c.string("separator");
        if (raw.isEmpty()) {
            return JobOutput.Csv.STANDARD.separator();
        }
        String s = raw.get();
        Character named = SEPARATORS.get(s.trim().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (s.equals("\\t")) {
            return '\t';
        }
        if (s.length() != 1 || s.charAt(0) == '"' || s.charAt(0) == '\r' || s.charAt(0) == '\n') {
            throw c.error("separator", "'" + s + "' is not one character (nor a quote or line break)",
                    "one character such as ';', or comma, semicolon, tab, pipe");
        }
        return s.charAt(0);
    }

    private JobOutput.Email email(ConfigNode n) {
        n.rejectUnknown(EMAIL_FIELDS);
        List<String> recipients = n.stringList("recipients");
        if (recipients.isEmpty()) {
            throw n.error("recipients", "is required: the mail addresses the file goes to");
        }
        for (int i = 0; i < recipients.size(); i++) {
            try {
                new jakarta.mail.internet.InternetAddress(recipients.get(i), true);
            } catch (jakarta.mail.internet.AddressException ex) {
                throw n.error("recipients[" + i + "]", "'" + recipients.get(i) + "' is not a valid mail address: " + ex.getMessage());
            }
        }
        String subject = template(n, "subject", JobOutput.Email.DEFAULT_SUBJECT);
        String body = template(n, "body", JobOutput.Email.DEFAULT_BODY);
        long zipAbove = size(n, "attach_zip_above", JobOutput.Email.DEFAULT_ZIP_ABOVE);
        long max = size(n, "attach_max", JobOutput.Email.DEFAULT_MAX);
        String link = n.string("link_base_url").orElse(null);
        if (link != null && !link.matches("(?i)https?://\\S+")) {
            throw n.error("link_base_url", "'" + link + "' is not an http(s) URL");
        }
        if (connections.mailConnection().isEmpty()) {
            throw n.error(null, "needs a mail server: add a mail: section to " + connections.file());
        }
        return new JobOutput.Email(recipients, subject, body, zipAbove, max, link);
    }

    private static String template(ConfigNode n, String field, String fallback) {
        String text = n.string(field, fallback);
        try {
            OutputTemplate.parse(text, OutputTemplate.MAIL_VALUES);
            return text;
        } catch (IllegalArgumentException ex) {
            throw n.error(field, ex.getMessage());
        }
    }

    private static long size(ConfigNode n, String field, long fallback) {
        Optional<String> raw = n.string(field);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long bytes = DataSize.parse(raw.get().trim().replace(" ", "").toUpperCase(Locale.ROOT)).toBytes();
            if (bytes < 0) {
                throw new IllegalArgumentException("negative");
            }
            return bytes;
        } catch (IllegalArgumentException ex) {
            throw n.error(field, "'" + raw.get() + "' is not a size", "bytes, or a number with KB, MB or GB (e.g. 10MB)");
        }
    }
}
