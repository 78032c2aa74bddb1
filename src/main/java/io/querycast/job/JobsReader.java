package io.querycast.job;

import io.querycast.config.JobDefaults;

import io.querycast.config.ConfigDocument;
import io.querycast.config.ConfigError;
import io.querycast.config.ConfigErrors;
import io.querycast.config.ConfigException;
import io.querycast.config.ConfigNode;
import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.message.JsonColumns;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryLibrary;
import io.querycast.query.QueryParameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml}/{@code *.yml}/{@code *.json} job file of the jobs directory and checks it
 * against the connections and the query files, so that a broken job fails at start with the file, line
 * and field to fix rather than at 08:00 the next morning.
 */
public final class JobsReader {

    static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    /** Kafka's legal topic characters and length. */
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private static final Set<String> FIELDS = Set.of("id", "description", "enabled", "query", "db_connection", "schedule",
            "timezone", "parameters", "kafka_connection", "topic", "key_column", "batch_size", "include_metadata",
            "lowercase_columns", "json_columns", "progress_every", "max_redeliveries", "redelivery_delay_ms", "dead_letter_topic", "success_threshold",
            "email_notification", "misfire_policy", "misfire_grace_s", "recover",
            "mode", "incrementing_column", "timestamp_column", "bound", "safety_lag_s", "overlap_s", "overlap_ids",
            "key_columns", "key_separator", "envelope", "steps",
            "max_retries", "retry_backoff_ms",
            "export_mode", "output", "exactly_once");
    private static final Set<String> NOTIFICATION_FIELDS = Set.of("on_success", "on_failure", "recipients");

    /** The names the seeds' scheduler uses for our fields, for "did you mean". */
    private static final Map<String, String> ALIASES = Map.of("kafka_topic", "topic", "kafka_key_field", "key_column",
            "kafka_batch_size", "batch_size", "kafka_include_metadata", "include_metadata", "cron_expression", "schedule",
            "query_name", "query", "connection", "db_connection");

    /** The top-level fields a job file may have (the API's job schema names the same, io.querycast.api.ApiSchemas.JobFields). */
    public static Set<String> fields() {
        return FIELDS;
    }

    private final PlaceholderResolver placeholders;
    private final Connections connections;
    private final java.util.function.Predicate<String> canJudgeConnection;
    private final QueryLibrary queries;
    private final JobDefaults defaults;
    private final StepCatalog steps = StepCatalog.standard();

    public JobsReader(PlaceholderResolver placeholders, Connections connections, QueryLibrary queries) {
        this(placeholders, connections, queries, JobDefaults.STANDARD);
    }

    public JobsReader(PlaceholderResolver placeholders, Connections connections, QueryLibrary queries, JobDefaults defaults) {
        this(placeholders, new ConnectionsReader.Read(connections, Set.of(), true), queries, defaults);
    }

    /** Against a connections file that may have had mistakes: jobs naming a broken connection are not told it is unknown. */
    public JobsReader(PlaceholderResolver placeholders, ConnectionsReader.Read connections, QueryLibrary queries, JobDefaults defaults) {
        this.placeholders = placeholders;
        this.connections = connections.connections();
        this.canJudgeConnection = connections::canJudge;
        this.queries = queries;
        this.defaults = defaults;
    }

    /** @throws ConfigException naming every mistake of every job file */
    public List<ExportJob> readAll(Path directory) {
        ConfigErrors errors = new ConfigErrors();
        List<ExportJob> jobs = readAll(directory, errors);
        errors.throwIfAny();
        return jobs;
    }

    /** The valid jobs of the directory; every mistake of the others is added to {@code errors}. */
    public List<ExportJob> readAll(Path directory, ConfigErrors errors) {
        if (!Files.isDirectory(directory)) {
            errors.add(ConfigError.of(directory + ": jobs directory not found (set querycast.jobs-dir)"));
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(p -> p.getFileName().toString().matches("(?i).+\\.(ya?ml|json)"))
                    .sorted().toList();
        } catch (IOException e) {
            errors.add(ConfigError.of(directory + ": cannot list jobs: " + e.getMessage()));
            return List.of();
        }
        Map<String, ExportJob> byId = new LinkedHashMap<>();
        for (Path file : files) {
            ExportJob job = read(file, errors);
            if (job == null) {
                continue;
            }
            ExportJob previous = byId.putIfAbsent(job.id(), job);
            if (previous != null) {
                errors.add(new ConfigError(file.toString(), 0, null, "job id '" + job.id() + "' is already used by " + previous.file(),
                        "give one of them another file name or `id:`"));
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** @throws ConfigException naming every mistake of the file */
    public ExportJob read(Path file) {
        ConfigErrors errors = new ConfigErrors();
        ExportJob job = read(file, errors);
        errors.throwIfAny();
        return job;
    }

    /** @return the job, or null when the file has mistakes (each added to {@code errors}) */
    public ExportJob read(Path file, ConfigErrors errors) {
        ConfigErrors own = new ConfigErrors();
        ExportJob job = own.collect(() -> readFields(ConfigDocument.read(file, file.toString(), placeholders), file, own), null);
        own.byLine().forEach(errors::add);
        return own.isEmpty() ? job : null;
    }

    /**
     * Checks the text of a job file before it is written ({@code POST/PUT /api/jobs}): the errors name
     * {@code file}, with the lines of {@code text}, as they would once it is written there.
     *
     * @return the job, or null when the text has mistakes (each added to {@code errors})
     */
    public ExportJob readText(String text, Path file, ConfigErrors errors) {
        ConfigErrors own = new ConfigErrors();
        ExportJob job = own.collect(() -> readFields(ConfigDocument.parse(text, file.toString(), placeholders), file, own), null);
        own.byLine().forEach(errors::add);
        return own.isEmpty() ? job : null;
    }

    /** Whether {@code id} is a job id: also what keeps an id given to the API from naming a path. */
    public static boolean isJobId(String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    private ExportJob readFields(ConfigDocument document, Path file, ConfigErrors e) {
        ConfigNode n = document.root();
        e.check(() -> n.rejectUnknown(FIELDS, ALIASES));

        String baseName = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String id = e.collect(() -> n.string("id", baseName), baseName);
        if (!JOB_ID.matcher(id).matches()) {
            e.addAll(n.error("id", "'" + id + "' must be 1-100 letters, digits, '.', '_' or '-'"));
        }

        String dbConnection = e.collect(() -> n.requiredString("db_connection"), null);
        if (dbConnection != null && connections.database(dbConnection).isEmpty() && canJudgeConnection.test(dbConnection)) {
            e.addAll(n.error("db_connection", "unknown database connection '" + dbConnection + "' (declared in "
                    + connections.file() + ": " + new java.util.TreeSet<>(connections.databases().keySet()) + ")",
                    "use one of the declared names, or declare '" + dbConnection + "' under `databases:` in " + connections.file()));
        }
        JobOutput.ExportMode exportMode = e.collect(() -> OutputReader.mode(n), JobOutput.ExportMode.KAFKA);
        // a file or mail export has no topic: its Kafka fields stay empty and are not required
        boolean kafkaMode = exportMode == JobOutput.ExportMode.KAFKA;
        String kafkaConnection = !kafkaMode ? "" : e.collect(() -> n.string("kafka_connection", ExportJob.DEFAULT_KAFKA_CONNECTION), ExportJob.DEFAULT_KAFKA_CONNECTION);
        if (kafkaMode && connections.kafka(kafkaConnection).isEmpty() && canJudgeConnection.test(kafkaConnection)) {
            e.addAll(n.error("kafka_connection", "unknown Kafka connection '" + kafkaConnection + "' (declared in "
                    + connections.file() + ": " + new java.util.TreeSet<>(connections.kafkaClusters().keySet()) + ")",
                    "use one of the declared names, or declare '" + kafkaConnection + "' under `kafka:` in " + connections.file()));
        }
        String topic = !kafkaMode ? "" : e.collect(() -> n.requiredString("topic"), null);
        if (kafkaMode && topic != null && (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals(".."))) {
            e.addAll(n.error("topic", "'" + topic + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)"));
        }

        CronSchedule schedule = e.collect(() -> {
            String text = n.requiredString("schedule");
            try {
                return CronSchedule.parse(text);
            } catch (IllegalArgumentException ex) {
                throw n.error("schedule", ex.getMessage(), "write 5 crontab fields (minute hour day month weekday, e.g. \"0 8 * * *\")"
                        + " or 6-7 Quartz fields (second minute hour day month weekday [year], e.g. \"0 0 8 * * ?\")");
            }
        }, null);
        ZoneId zone = e.collect(() -> {
            try {
                return n.string("timezone").map(ZoneId::of).orElse(ZoneId.systemDefault());
            } catch (DateTimeException ex) {
                throw n.error("timezone", ex.getMessage(), "a zone id such as Europe/Rome or UTC");
            }
        }, ZoneId.systemDefault());

        String queryName = e.collect(() -> n.requiredString("query"), null);
        QueryFile query = queryName == null ? null : e.collect(() -> {
            try {
                return queries.load(queryName);
            } catch (ConfigException ex) {
                throw n.error("query", ex.getMessage());
            }
        }, null);
        Map<String, String> raw = e.collect(() -> n.stringMap("parameters"), null);
        Map<String, String> parameters = upperCaseKeys(raw == null ? Map.of() : raw);
        // values that could not be read are reported already: judging the rest would only add noise
        if (query != null && raw != null) {
            checkParameters(n, query, parameters, e);
        }

        String dlt = !kafkaMode ? "" : e.collect(() -> n.string("dead_letter_topic", topic + ".DLT"), null);
        // a dead-letter topic derived from an illegal topic is not a mistake of its own
        if (kafkaMode && dlt != null && topic != null && (n.has("dead_letter_topic") || TOPIC.matcher(topic).matches())) {
            if (!TOPIC.matcher(dlt).matches()) {
                e.addAll(n.error("dead_letter_topic", "'" + dlt + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)"));
            } else if (dlt.equals(topic)) {
                e.addAll(n.error("dead_letter_topic", "must differ from topic '" + topic + "'"));
            }
        }
        ExportJob.Delivery delivery = new ExportJob.Delivery(
                e.collect(() -> n.integer(renamed(n, "max_retries", "max_redeliveries"), defaults.maxRedeliveries(), 0, 20), 0),
                java.time.Duration.ofMillis(e.collect(() -> n.integer(renamed(n, "retry_backoff_ms", "redelivery_delay_ms"),
                        defaults.redeliveryDelayMs(), 1, 600_000), 1)),
                dlt,
                e.collect(() -> n.decimal("success_threshold", defaults.successThreshold(), 0.0, 100.0), 0.0));

        return new ExportJob(
                id,
                file.toString(),
                e.collect(() -> n.string("description", ""), ""),
                e.collect(() -> n.bool("enabled", true), true),
                queryName,
                dbConnection,
                schedule,
                zone,
                Map.copyOf(parameters),
                kafkaConnection,
                topic,
                e.collect(() -> n.string("key_column", ExportJob.DEFAULT_KEY_COLUMN), ExportJob.DEFAULT_KEY_COLUMN),
                e.collect(() -> n.integer("batch_size", defaults.batchSize(), 1, 10_000), 1),
                e.collect(() -> n.bool("include_metadata", true), true),
                e.collect(() -> n.bool("lowercase_columns", false), false),
                e.collect(() -> n.enumValue("json_columns", JsonColumns.class, JsonColumns.EMBED), JsonColumns.EMBED),
                e.collect(() -> n.integer("progress_every", 10_000, 1, Integer.MAX_VALUE), 1),
                delivery,
                e.collect(() -> n.child("email_notification").map(this::emailNotification).orElse(EmailNotification.NONE), EmailNotification.NONE),
                e.collect(() -> scheduling(n), ExportJob.Scheduling.STANDARD),
                feed(n, e, dbConnection == null ? null : connections.database(dbConnection).map(d -> d.type()).orElse(null)),
                ShapeReader.read(n, steps, e),
                new OutputReader(connections).read(n, exportMode, e),
                // a file export is refused the field by OutputReader (KAFKA_ONLY)
                kafkaMode && e.collect(() -> n.bool("exactly_once", false), false));
    }

    /** A column name the feed's bound conditions can name unquoted in any of the databases. */
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$#]{0,127}");

    private static ExportJob.Feed feed(ConfigNode n, ConfigErrors e, io.querycast.config.DatabaseType type) {
        ExportJob.Feed standard = ExportJob.Feed.BULK;
        String modeText = e.collect(() -> n.string("mode", "bulk"), "bulk");
        ExportJob.FeedMode mode = ExportJob.FeedMode.parse(modeText).orElse(null);
        if (mode == null) {
            e.addAll(n.error("mode", "'" + modeText + "' is not a mode; use bulk, incrementing, timestamp or timestamp+incrementing"));
            return standard;
        }
        String inc = e.collect(() -> n.string("incrementing_column").orElse(null), null);
        String ts = e.collect(() -> n.string("timestamp_column").orElse(null), null);
        ExportJob.FeedBound bound = e.collect(() -> n.enumValue("bound", ExportJob.FeedBound.class, ExportJob.FeedBound.AUTO), ExportJob.FeedBound.AUTO);
        int lag = e.collect(() -> n.integer("safety_lag_s", (int) standard.safetyLag().toSeconds(), 0, 24 * 3600), 0);
        int overlap = e.collect(() -> n.integer("overlap_s", 0, 0, 24 * 3600), 0);
        int overlapIds = e.collect(() -> n.integer("overlap_ids", 0, 0, Integer.MAX_VALUE), 0);
        ExportJob.Feed feed = new ExportJob.Feed(mode, inc, ts, bound, java.time.Duration.ofSeconds(lag), java.time.Duration.ofSeconds(overlap), overlapIds);
        if (mode == ExportJob.FeedMode.BULK) {
            for (String f : List.of("incrementing_column", "timestamp_column", "bound", "safety_lag_s", "overlap_s", "overlap_ids")) {
                if (n.has(f)) {
                    e.addAll(n.error(f, "only applies to an incremental job, and mode is bulk",
                            "set mode: incrementing, timestamp or timestamp+incrementing, or remove " + f));
                }
            }
            return standard;
        }
        checkColumn(n, e, "incrementing_column", inc, feed.usesId(), mode);
        checkColumn(n, e, "timestamp_column", ts, feed.usesTimestamp(), mode);
        if (bound == ExportJob.FeedBound.ROWVERSION && (type != io.querycast.config.DatabaseType.SQLSERVER || mode != ExportJob.FeedMode.INCREMENTING)) {
            e.addAll(n.error("bound", "rowversion needs a SQL Server database and mode: incrementing (the column being a rowversion)",
                    "use bound: auto or lag"));
        }
        if (bound == ExportJob.FeedBound.SCN && (type != io.querycast.config.DatabaseType.ORACLE || mode != ExportJob.FeedMode.INCREMENTING)) {
            e.addAll(n.error("bound", "scn needs an Oracle database and mode: incrementing (the column being ORA_ROWSCN, aliased in the query)",
                    "use bound: auto or lag"));
        }
        return feed;
    }

    private static void checkColumn(ConfigNode n, ConfigErrors e, String field, String value, boolean needed, ExportJob.FeedMode mode) {
        if (needed && (value == null || value.isBlank())) {
            // reported at the mode's line: the missing field has none
            e.addAll(n.error("mode", mode + " needs " + field + ": the result column the watermark follows", "add " + field + ": <column>"));
        } else if (!needed && value != null) {
            e.addAll(n.error(field, "does not apply to mode " + mode));
        } else if (value != null && !COLUMN.matcher(value).matches()) {
            e.addAll(n.error(field, "'" + value + "' is not a plain column name (letters, digits, _; alias the column in the query)"));
        }
    }

    private static ExportJob.Scheduling scheduling(ConfigNode n) {
        ExportJob.Scheduling standard = ExportJob.Scheduling.STANDARD;
        String policy = n.string("misfire_policy", standard.misfirePolicy().toString());
        ExportJob.MisfirePolicy misfire;
        switch (policy) {
            case "run_once" -> misfire = ExportJob.MisfirePolicy.RUN_ONCE;
            case "skip" -> misfire = ExportJob.MisfirePolicy.SKIP;
            default -> throw n.error("misfire_policy", "'" + policy + "' is not a misfire policy; use run_once or skip");
        }
        int grace = n.integer("misfire_grace_s", (int) standard.misfireGrace().toSeconds(), 0, 7 * 24 * 3600);
        return new ExportJob.Scheduling(misfire, java.time.Duration.ofSeconds(grace), n.bool("recover", standard.recover()));
    }

    private EmailNotification emailNotification(ConfigNode n) {
        n.rejectUnknown(NOTIFICATION_FIELDS);
        boolean onSuccess = n.bool("on_success", false);
        boolean onFailure = n.bool("on_failure", true);
        List<String> recipients = n.stringList("recipients");
        if ((onSuccess || onFailure) && recipients.isEmpty()) {
            throw n.error("recipients", "is required: the mail addresses to notify");
        }
        for (int i = 0; i < recipients.size(); i++) {
            try {
                new jakarta.mail.internet.InternetAddress(recipients.get(i), true);
            } catch (jakarta.mail.internet.AddressException e) {
                throw n.error("recipients[" + i + "]", "'" + recipients.get(i) + "' is not a valid mail address: " + e.getMessage());
            }
        }
        if ((onSuccess || onFailure) && connections.mailConnection().isEmpty()) {
            throw n.error(null, "needs a mail server: add a mail: section to " + connections.file());
        }
        return new EmailNotification(onSuccess, onFailure, recipients);
    }

    private static Map<String, String> upperCaseKeys(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k.toUpperCase(Locale.ROOT), v == null ? "" : v));
        return out;
    }

    private static void checkParameters(ConfigNode n, QueryFile query, Map<String, String> values, ConfigErrors errors) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (query.parameter(e.getKey()).isEmpty()) {
                errors.addAll(n.error("parameters", "'" + e.getKey() + "' is not a parameter of " + query.name()
                        + " (it declares " + query.parameters().keySet() + ")"));
                continue;
            }
            try {
                DynamicValues.validate(e.getValue());
            } catch (IllegalArgumentException ex) {
                errors.addAll(n.error("parameters", e.getKey() + ": " + ex.getMessage()));
            }
        }
        for (QueryParameter p : query.parameters().values()) {
            if (p.required() && (values.get(p.name()) == null || values.get(p.name()).isBlank())) {
                errors.addAll(n.error("parameters", "'" + p.name() + "' is required by " + query.name()
                        + (p.line() > 0 ? " (line " + p.line() + ")" : "") + " and has no value here"
                        + (p.description().isEmpty() ? "" : " — " + p.description()),
                        "add it under `parameters:`, e.g. " + p.name() + ": \"" + (p.defaultValue().isEmpty() ? "{date-1}" : p.defaultValue()) + "\""));
            }
        }
    }

    /**
     * The field to read of a renamed one: the old name still works, with a warning naming file:line; both at once is a
     * mistake. (max_retries / retry_backoff_ms looked like the producer's settings but are Camel's redelivery.)
     */
    private static String renamed(io.querycast.config.ConfigNode n, String old, String current) {
        if (!n.has(old)) {
            return current;
        }
        if (n.has(current)) {
            throw n.error(old, "is the deprecated name of " + current + ", which is set too: keep only " + current);
        }
        org.slf4j.LoggerFactory.getLogger(JobsReader.class).warn("{}", n.error(old, "is deprecated: rename it " + current
                + " (same meaning: Camel redeliveries of records that failed with a retriable Kafka error, docs/configuration.md)").getMessage());
        return old;
    }
}
