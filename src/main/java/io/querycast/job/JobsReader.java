package io.querycast.job;

import io.querycast.config.ConfigDocument;
import io.querycast.config.ConfigException;
import io.querycast.config.ConfigNode;
import io.querycast.config.Connections;
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
            "lowercase_columns", "json_columns", "progress_every", "max_retries", "retry_backoff_ms", "dead_letter_topic", "success_threshold",
            "email_notification", "misfire_policy", "misfire_grace_s", "recover");
    private static final Set<String> NOTIFICATION_FIELDS = Set.of("on_success", "on_failure", "recipients");

    private final PlaceholderResolver placeholders;
    private final Connections connections;
    private final QueryLibrary queries;
    private final JobDefaults defaults;

    public JobsReader(PlaceholderResolver placeholders, Connections connections, QueryLibrary queries) {
        this(placeholders, connections, queries, JobDefaults.STANDARD);
    }

    public JobsReader(PlaceholderResolver placeholders, Connections connections, QueryLibrary queries, JobDefaults defaults) {
        this.placeholders = placeholders;
        this.connections = connections;
        this.queries = queries;
        this.defaults = defaults;
    }

    public List<ExportJob> readAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(directory + ": jobs directory not found (set querycast.jobs-dir)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(p -> p.getFileName().toString().matches("(?i).+\\.(ya?ml|json)"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(directory + ": cannot list jobs: " + e.getMessage(), e);
        }
        Map<String, ExportJob> byId = new LinkedHashMap<>();
        for (Path file : files) {
            ExportJob job = read(file);
            ExportJob previous = byId.put(job.id(), job);
            if (previous != null) {
                throw new ConfigException(file + ": job id '" + job.id() + "' is already used by " + previous.file());
            }
        }
        return new ArrayList<>(byId.values());
    }

    public ExportJob read(Path file) {
        ConfigNode n = ConfigDocument.read(file, file.toString(), placeholders).root();
        n.rejectUnknown(FIELDS);

        String baseName = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String id = n.string("id", baseName);
        if (!JOB_ID.matcher(id).matches()) {
            throw n.error("id", "'" + id + "' must be 1-100 letters, digits, '.', '_' or '-'");
        }

        String dbConnection = n.requiredString("db_connection");
        if (connections.database(dbConnection).isEmpty()) {
            throw n.error("db_connection", "unknown database connection '" + dbConnection + "' (declared in "
                    + connections.file() + ": " + connections.databases().keySet() + ")");
        }
        String kafkaConnection = n.string("kafka_connection", ExportJob.DEFAULT_KAFKA_CONNECTION);
        if (connections.kafka(kafkaConnection).isEmpty()) {
            throw n.error("kafka_connection", "unknown Kafka connection '" + kafkaConnection + "' (declared in "
                    + connections.file() + ": " + connections.kafkaClusters().keySet() + ")");
        }
        String topic = n.requiredString("topic");
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw n.error("topic", "'" + topic + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
        }

        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(n.requiredString("schedule"));
        } catch (IllegalArgumentException e) {
            throw n.error("schedule", e.getMessage());
        }
        ZoneId zone;
        try {
            zone = n.string("timezone").map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (DateTimeException e) {
            throw n.error("timezone", e.getMessage());
        }

        String queryName = n.requiredString("query");
        QueryFile query;
        try {
            query = queries.load(queryName);
        } catch (ConfigException e) {
            throw n.error("query", e.getMessage());
        }
        Map<String, String> parameters = upperCaseKeys(n.stringMap("parameters"));
        checkParameters(n, query, parameters);

        String deadLetterTopic = n.string("dead_letter_topic", topic + ".DLT");
        if (!TOPIC.matcher(deadLetterTopic).matches()) {
            throw n.error("dead_letter_topic", "'" + deadLetterTopic + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
        }
        if (deadLetterTopic.equals(topic)) {
            throw n.error("dead_letter_topic", "must differ from topic '" + topic + "'");
        }
        ExportJob.Delivery delivery = new ExportJob.Delivery(
                n.integer("max_retries", defaults.maxRetries(), 0, 20),
                java.time.Duration.ofMillis(n.integer("retry_backoff_ms", defaults.retryBackoffMs(), 1, 600_000)),
                deadLetterTopic,
                n.decimal("success_threshold", defaults.successThreshold(), 0.0, 100.0));

        return new ExportJob(
                id,
                file.toString(),
                n.string("description", ""),
                n.bool("enabled", true),
                queryName,
                dbConnection,
                schedule,
                zone,
                Map.copyOf(parameters),
                kafkaConnection,
                topic,
                n.string("key_column", ExportJob.DEFAULT_KEY_COLUMN),
                n.integer("batch_size", defaults.batchSize(), 1, 10_000),
                n.bool("include_metadata", true),
                n.bool("lowercase_columns", false),
                n.enumValue("json_columns", JsonColumns.class, JsonColumns.EMBED),
                n.integer("progress_every", 10_000, 1, Integer.MAX_VALUE),
                delivery,
                n.child("email_notification").map(this::emailNotification).orElse(EmailNotification.NONE),
                scheduling(n));
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

    private static void checkParameters(ConfigNode n, QueryFile query, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (query.parameter(e.getKey()).isEmpty()) {
                throw n.error("parameters", "'" + e.getKey() + "' is not a parameter of " + query.name()
                        + " (it declares " + query.parameters().keySet() + ")");
            }
            try {
                DynamicValues.validate(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw n.error("parameters", e.getKey() + ": " + ex.getMessage());
            }
        }
        for (QueryParameter p : query.parameters().values()) {
            if (p.required() && (values.get(p.name()) == null || values.get(p.name()).isBlank())) {
                throw n.error("parameters", "'" + p.name() + "' is required by " + query.name()
                        + (p.line() > 0 ? " (line " + p.line() + ")" : "") + " and has no value here"
                        + (p.description().isEmpty() ? "" : " — " + p.description()));
            }
        }
    }
}
