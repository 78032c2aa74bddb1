package io.querycast.job;

import io.querycast.config.JobDefaults;

import io.querycast.config.ConfigException;
import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.message.JsonColumns;
import io.querycast.query.QueryLibrary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class JobsReaderTest {

    private static final String QUERY = "CDG-KAFKA-001--Tracce.sql";

    @TempDir
    Path root;

    private Path jobsDir;
    private Path queriesDir;
    private JobsReader reader;
    private final Map<String, String> env = new HashMap<>(Map.of("TOPIC_PREFIX", "cdg"));

    @BeforeEach
    void setUp() throws IOException {
        Path connectionsFile = Files.writeString(root.resolve("connections.yaml"), """
                databases:
                  cdg:
                    url: jdbc:h2:mem:cdg
                kafka:
                  default:
                    bootstrap_servers: localhost:9092
                  audit:
                    bootstrap_servers: audit:9092
                """);
        queriesDir = Files.createDirectories(root.resolve("queries"));
        Files.writeString(queriesDir.resolve(QUERY), """
                define DATA='2026-01-17'  --Obbligatorio: Data estrazione (YYYY-MM-DD)
                define STATO='OK'  --Opzionale: Stato
                SELECT * FROM EXPORT_TABLE
                WHERE TRUNC(TRKDATE) = TO_DATE('&DATA', 'YYYY-MM-DD') AND STATUS = '&STATO';
                """);
        jobsDir = Files.createDirectories(root.resolve("jobs"));
        PlaceholderResolver placeholders = new PlaceholderResolver(env::get);
        Connections connections = new ConnectionsReader(placeholders).read(connectionsFile);
        reader = new JobsReader(placeholders, connections, new QueryLibrary(queriesDir));
    }

    private Path job(String name, String yaml) throws IOException {
        return Files.writeString(jobsDir.resolve(name), yaml);
    }

    /** A valid job with {@code replace} applied, so each test changes one thing. */
    private static String validJob(String from, String to) {
        String yaml = """
                description: Daily events
                query: %s
                db_connection: cdg
                schedule: "0 8 * * *"
                parameters:
                  DATA: "{date-1}"
                topic: cdg.tracking.events
                """.formatted(QUERY);
        if (!yaml.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return yaml.replace(from, to);
    }

    private String errorOf(String yaml) throws IOException {
        Path file = job("broken.yaml", yaml);
        Throwable t = catchThrowable(() -> reader.read(file));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    private String file() {
        return jobsDir.resolve("broken.yaml").toString();
    }

    // ---- valid jobs -----------------------------------------------------------------------------

    @Test
    void readsAValidJobWithDefaults() throws IOException {
        Path file = job("cdg-kafka-001.yaml", validJob("", ""));

        ExportJob job = reader.read(file);

        assertThat(job.id()).isEqualTo("cdg-kafka-001");
        assertThat(job.file()).isEqualTo(file.toString());
        assertThat(job.description()).isEqualTo("Daily events");
        assertThat(job.enabled()).isTrue();
        assertThat(job.queryFile()).isEqualTo(QUERY);
        assertThat(job.dbConnection()).isEqualTo("cdg");
        assertThat(job.schedule()).isEqualTo(new CronSchedule("0 8 * * *", "0 0 8 * * ?"));
        assertThat(job.timezone()).isEqualTo(ZoneId.systemDefault());
        assertThat(job.parameters()).isEqualTo(Map.of("DATA", "{date-1}"));
        assertThat(job.kafkaConnection()).isEqualTo("default");
        assertThat(job.topic()).isEqualTo("cdg.tracking.events");
        assertThat(job.keyColumn()).isEqualTo("id");
        assertThat(job.batchSize()).isEqualTo(100);
        assertThat(job.includeMetadata()).isTrue();
        assertThat(job.lowercaseColumns()).isFalse();
        assertThat(job.jsonColumns()).isEqualTo(JsonColumns.EMBED);
        assertThat(job.progressEvery()).isEqualTo(10_000);
    }

    @Test
    void readsEveryFieldOfAJob() throws IOException {
        Path file = job("x.yml", """
                id: cdg.daily_v2
                description: All fields
                enabled: no
                query: %s
                db_connection: cdg
                schedule: "0 0 6 ? * MON-FRI"
                timezone: Europe/Rome
                parameters:
                  data: "{date-1:yyyy-MM-dd}"
                  STATO: KO
                kafka_connection: audit
                topic: ${TOPIC_PREFIX}.events
                key_column: BARCODE
                batch_size: 500
                include_metadata: false
                lowercase_columns: true
                json_columns: string
                progress_every: 50
                """.formatted(QUERY));

        ExportJob job = reader.read(file);

        assertThat(job.id()).isEqualTo("cdg.daily_v2");
        assertThat(job.enabled()).isFalse();
        assertThat(job.schedule().quartz()).isEqualTo("0 0 6 ? * MON-FRI");
        assertThat(job.timezone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(job.parameters()).isEqualTo(Map.of("DATA", "{date-1:yyyy-MM-dd}", "STATO", "KO"));
        assertThat(job.kafkaConnection()).isEqualTo("audit");
        assertThat(job.topic()).isEqualTo("cdg.events");
        assertThat(job.keyColumn()).isEqualTo("BARCODE");
        assertThat(job.batchSize()).isEqualTo(500);
        assertThat(job.includeMetadata()).isFalse();
        assertThat(job.lowercaseColumns()).isTrue();
        assertThat(job.jsonColumns()).isEqualTo(JsonColumns.STRING);
        assertThat(job.progressEvery()).isEqualTo(50);
    }

    @Test
    void jsonColumnsAcceptsEmbedAndStringInAnyCase() throws IOException {
        assertThat(reader.read(job("a.yaml", validJob("topic:", "json_columns: EMBED\ntopic:"))).jsonColumns()).isEqualTo(JsonColumns.EMBED);
        assertThat(reader.read(job("b.yaml", validJob("topic:", "json_columns: String\ntopic:"))).jsonColumns()).isEqualTo(JsonColumns.STRING);
    }

    @Test
    void jsonColumnsOtherThanEmbedOrStringNamesFileLineAndValidValues() throws IOException {
        assertThat(errorOf(validJob("topic:", "json_columns: text\ntopic:")))
                .isEqualTo(file() + ":7: json_columns: 'text' is not one of [embed, string]");
        assertThat(errorOf(validJob("topic:", "json_columns: [embed]\ntopic:")))
                .isEqualTo(file() + ":7: json_columns: expected a single value, not a list");
    }

    @Test
    void batchSizeBoundsAreAccepted() throws IOException {
        assertThat(reader.read(job("a.yaml", validJob("topic:", "batch_size: 1\ntopic:"))).batchSize()).isEqualTo(1);
        assertThat(reader.read(job("b.yaml", validJob("topic:", "batch_size: 10000\ntopic:"))).batchSize()).isEqualTo(10_000);
    }

    @Test
    void readAllReadsYamlYmlAndJsonFilesInNameOrder() throws IOException {
        job("b.yaml", validJob("", ""));
        job("a.yml", validJob("", ""));
        job("c.json", """
                {"query": "%s", "db_connection": "cdg", "schedule": "0 0 8 * * ?",
                 "parameters": {"DATA": "2026-01-01"}, "topic": "t"}
                """.formatted(QUERY));
        Files.writeString(jobsDir.resolve("README.md"), "not a job");
        Files.writeString(jobsDir.resolve("old.yaml.bak"), "not: a job");

        List<ExportJob> jobs = reader.readAll(jobsDir);

        assertThat(jobs).extracting(ExportJob::id).containsExactly("a", "b", "c");
    }

    @Test
    void sampleJobOfTheProjectIsValid() throws IOException {
        Files.copy(Path.of("queries/CDG-KAFKA-001--SelezioneTracceGiornaliere.sql"),
                queriesDir.resolve("CDG-KAFKA-001--SelezioneTracceGiornaliere.sql"));
        Files.copy(Path.of("config/jobs/cdg-kafka-001.yaml"), jobsDir.resolve("cdg-kafka-001.yaml"));

        ExportJob job = reader.read(jobsDir.resolve("cdg-kafka-001.yaml"));

        assertThat(job.schedule().quartz()).isEqualTo("0 0 8 * * ?");
        assertThat(job.parameters()).isEqualTo(Map.of("DATA", "{date-1}"));
        assertThat(job.keyColumn()).isEqualTo("BARCODE");
        assertThat(job.batchSize()).isEqualTo(500);
    }

    // ---- each broken input: file, line and field ------------------------------------------------

    @Test
    void unknownDbConnection() throws IOException {
        assertThat(errorOf(validJob("db_connection: cdg", "db_connection: dwh")))
                .isEqualTo(file() + ":3: db_connection: unknown database connection 'dwh' (declared in "
                        + root.resolve("connections.yaml") + ": [cdg])");
    }

    @Test
    void unknownKafkaConnection() throws IOException {
        assertThat(errorOf(validJob("topic:", "kafka_connection: prod\ntopic:")))
                .startsWith(file() + ":7: kafka_connection: unknown Kafka connection 'prod' (declared in "
                        + root.resolve("connections.yaml") + ": [")
                .contains("default", "audit");
    }

    @Test
    void missingTopic() throws IOException {
        assertThat(errorOf(validJob("topic: cdg.tracking.events\n", "")))
                .isEqualTo(file() + ": topic: is required");
    }

    @Test
    void illegalTopicName() throws IOException {
        assertThat(errorOf(validJob("topic: cdg.tracking.events", "topic: \"cdg tracking/events\"")))
                .isEqualTo(file() + ":7: topic: 'cdg tracking/events' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
        assertThat(errorOf(validJob("topic: cdg.tracking.events", "topic: \"..\"")))
                .isEqualTo(file() + ":7: topic: '..' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
    }

    @Test
    void invalidCron() throws IOException {
        assertThat(errorOf(validJob("\"0 8 * * *\"", "\"61 * * * *\"")))
                .startsWith(file() + ":4: schedule: '61 * * * *' is not a valid cron expression (as Quartz: '0 61 * * * ?'): ");
        assertThat(errorOf(validJob("\"0 8 * * *\"", "daily")))
                .startsWith(file() + ":4: schedule: 'daily' has 1 fields; expected 5");
    }

    @Test
    void invalidTimezone() throws IOException {
        assertThat(errorOf(validJob("topic:", "timezone: Europe/Atlantis\ntopic:")))
                .isEqualTo(file() + ":7: timezone: Unknown time-zone ID: Europe/Atlantis");
    }

    @Test
    void batchSizeOutOfRange() throws IOException {
        assertThat(errorOf(validJob("topic:", "batch_size: 0\ntopic:")))
                .isEqualTo(file() + ":7: batch_size: must be between 1 and 10000 (got 0)");
        assertThat(errorOf(validJob("topic:", "batch_size: 10001\ntopic:")))
                .isEqualTo(file() + ":7: batch_size: must be between 1 and 10000 (got 10001)");
    }

    @Test
    void missingQueryFile() throws IOException {
        assertThat(errorOf(validJob("query: " + QUERY, "query: nope.sql")))
                .isEqualTo(file() + ":2: query: query file 'nope.sql' not found in " + queriesDir.toAbsolutePath().normalize());
    }

    @Test
    void queryPathTraversal() throws IOException {
        assertThat(errorOf(validJob("query: " + QUERY, "query: ../../etc/passwd")))
                .isEqualTo(file() + ":2: query: query file '../../etc/passwd' points outside " + queriesDir.toAbsolutePath().normalize());
        assertThat(errorOf(validJob("query: " + QUERY, "query: /etc/passwd")))
                .isEqualTo(file() + ":2: query: query file '/etc/passwd' must be a name inside "
                        + queriesDir.toAbsolutePath().normalize() + ", not an absolute path");
    }

    @Test
    void brokenQueryFileIsReportedAgainstTheJob() throws IOException {
        Files.writeString(queriesDir.resolve("bad.sql"), "SELECT * FROM T\nWHERE D = '&DATA 00:00'");

        assertThat(errorOf(validJob("query: " + QUERY, "query: bad.sql")))
                .startsWith(file() + ":2: query: bad.sql:2: a substitution inside a longer literal ('&DATA 00:00')");
    }

    @Test
    void requiredParameterWithoutValue() throws IOException {
        assertThat(errorOf(validJob("DATA: \"{date-1}\"", "DATA: \"\"")))
                .isEqualTo(file() + ":5: parameters: 'DATA' is required by " + QUERY
                        + " (line 1) and has no value here — Data estrazione (YYYY-MM-DD)");
    }

    @Test
    void requiredParameterWithoutAnyParameters() throws IOException {
        // no 'parameters' field at all, so there is no line to point at
        assertThat(errorOf(validJob("parameters:\n  DATA: \"{date-1}\"\n", "")))
                .isEqualTo(file() + ": parameters: 'DATA' is required by " + QUERY
                        + " (line 1) and has no value here — Data estrazione (YYYY-MM-DD)");
    }

    @Test
    void parameterNotDeclaredByTheQuery() throws IOException {
        assertThat(errorOf(validJob("DATA: \"{date-1}\"", "DATA: \"{date-1}\"\n  CODICE: X")))
                .startsWith(file() + ":5: parameters: 'CODICE' is not a parameter of " + QUERY + " (it declares [")
                .contains("DATA", "STATO");
    }

    @Test
    void unknownDateExpressionInAParameter() throws IOException {
        assertThat(errorOf(validJob("{date-1}", "{dat-1}")))
                .isEqualTo(file() + ":5: parameters: DATA: '{dat-1}' has an unknown expression;"
                        + " use {date}, {date-N} or {date+N}, optionally with :format");
    }

    @Test
    void unresolvableEnvironmentVariable() throws IOException {
        assertThat(errorOf(validJob("topic: cdg.tracking.events", "topic: ${KAFKA_TOPIC}")))
                .isEqualTo(file() + ":7: topic: environment variable ${KAFKA_TOPIC} is not set and has no default");
        assertThat(errorOf(validJob("DATA: \"{date-1}\"", "DATA: ${EXPORT_DATE}")))
                .isEqualTo(file() + ":6: parameters.DATA: environment variable ${EXPORT_DATE} is not set and has no default");
    }

    @Test
    void unknownField() throws IOException {
        assertThat(errorOf(validJob("topic:", "batch-size: 10\ntopic:")))
                .isEqualTo(file() + ":7: batch-size: unknown field; did you mean `batch_size`? valid fields here are ["
                        + "batch_size, bound, db_connection, dead_letter_topic, description, email_notification, enabled, envelope, exactly_once, export_mode, id, include_metadata, incrementing_column, json_columns, kafka_connection, key_column, key_columns, key_separator, lowercase_columns, max_redeliveries, max_retries, misfire_grace_s, misfire_policy, mode, output, overlap_ids, overlap_s, parameters, progress_every, query, recover, redelivery_delay_ms, retry_backoff_ms, safety_lag_s, schedule, steps, success_threshold, timestamp_column, timezone, topic]");
    }

    @Test
    void misfirePolicyGraceAndRecoveryDefaultToRunOnceFiveMinutesAndTrue() throws IOException {
        ExportJob standard = reader.read(job("a.yaml", validJob("", "")));
        assertThat(standard.scheduling()).isEqualTo(new ExportJob.Scheduling(ExportJob.MisfirePolicy.RUN_ONCE, java.time.Duration.ofMinutes(5), true));
        ExportJob skip = reader.read(job("b.yaml", validJob("topic:", "misfire_policy: skip\nmisfire_grace_s: 120\nrecover: false\ntopic:")));
        assertThat(skip.scheduling()).isEqualTo(new ExportJob.Scheduling(ExportJob.MisfirePolicy.SKIP, java.time.Duration.ofSeconds(120), false));
    }

    @Test
    void anUnknownMisfirePolicyOrANegativeGraceStopsTheStartNamingTheField() throws IOException {
        assertThat(errorOf(validJob("topic:", "misfire_policy: later\ntopic:")))
                .isEqualTo(file() + ":7: misfire_policy: 'later' is not a misfire policy; use run_once or skip");
        assertThat(errorOf(validJob("topic:", "misfire_grace_s: -1\ntopic:"))).startsWith(file() + ":7: misfire_grace_s: ");
    }

    @Test
    void illegalJobId() throws IOException {
        assertThat(errorOf(validJob("description:", "id: \"daily export\"\ndescription:")))
                .isEqualTo(file() + ":1: id: 'daily export' must be 1-100 letters, digits, '.', '_' or '-'");
    }

    @Test
    void wrongBooleanValue() throws IOException {
        assertThat(errorOf(validJob("topic:", "enabled: sometimes\ntopic:")))
                .isEqualTo(file() + ":7: enabled: expected true or false, got 'sometimes'");
    }

    @Test
    void duplicateJobIdsAcrossTwoFiles() throws IOException {
        Path first = job("a.yaml", validJob("description:", "id: daily\ndescription:"));
        Path second = job("b.yaml", validJob("description:", "id: daily\ndescription:"));

        assertThatThrownBy(() -> reader.readAll(jobsDir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(second + ": job id 'daily' is already used by " + first);
    }

    @Test
    void idFromFileNameClashesWithExplicitId() throws IOException {
        Path first = job("a.yaml", validJob("description:", "id: b\ndescription:"));
        Path second = job("b.yaml", validJob("", ""));

        assertThatThrownBy(() -> reader.readAll(jobsDir))
                .hasMessage(second + ": job id 'b' is already used by " + first);
    }

    @Test
    void missingJobsDirectory() {
        Path missing = root.resolve("nope");
        assertThatThrownBy(() -> reader.readAll(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": jobs directory not found (set querycast.jobs-dir)");
    }

    @Test
    void readAllReportsEveryMistakeOfEveryFile() throws IOException {
        job("a.yaml", validJob("", ""));
        Path broken = job("b.yaml", validJob("topic: cdg.tracking.events", "topic: a b\nkafka_batch_size: 5"));
        Path worse = job("c.yaml", validJob("\"0 8 * * *\"", "\"0 25 * * *\"").replace("db_connection: cdg", "db_connection: dwh"));

        ConfigException e = (ConfigException) catchThrowable(() -> reader.readAll(jobsDir));

        assertThat(e.errors()).extracting(io.querycast.config.ConfigError::toString).satisfiesExactly(
                m -> assertThat(m).startsWith(broken + ":7: topic: 'a b' is not a legal Kafka topic name"),
                m -> assertThat(m).startsWith(broken + ":8: kafka_batch_size: unknown field; did you mean `batch_size`?"),
                m -> assertThat(m).startsWith(worse + ":3: db_connection: unknown database connection 'dwh'"),
                m -> assertThat(m).startsWith(worse + ":4: schedule: '0 25 * * *' is not a valid cron expression"));

        io.querycast.config.ConfigErrors errors = new io.querycast.config.ConfigErrors();
        assertThat(reader.readAll(jobsDir, errors)).extracting(ExportJob::id).containsExactly("a");
        assertThat(errors.size()).isEqualTo(4);
    }

    @Test
    void aJobNamingABrokenConnectionIsNotAlsoToldTheNameIsUnknown() throws IOException {
        Path connectionsFile = Files.writeString(root.resolve("broken-connections.yaml"), """
                databases:
                  cdg:
                    url: jdbc:h2:mem:cdg
                    pool_size: none
                kafka:
                  default:
                    bootstrap_servers: localhost:9092
                """);
        PlaceholderResolver placeholders = new PlaceholderResolver(env::get);
        io.querycast.config.ConfigErrors errors = new io.querycast.config.ConfigErrors();
        ConnectionsReader.Read read = new ConnectionsReader(placeholders).read(connectionsFile, errors);
        JobsReader lenient = new JobsReader(placeholders, read, new QueryLibrary(queriesDir), JobDefaults.STANDARD);
        job("a.yaml", validJob("", ""));
        job("b.yaml", validJob("db_connection: cdg", "db_connection: dwh"));

        lenient.readAll(jobsDir, errors);

        assertThat(errors.all()).extracting(io.querycast.config.ConfigError::toString).satisfiesExactly(
                m -> assertThat(m).endsWith(":4: databases.cdg.pool_size: expected a whole number, got 'none'"),
                m -> assertThat(m).contains("b.yaml:3: db_connection: unknown database connection 'dwh'"));
    }

    @Test
    void deliveryFieldsHaveDefaultsAndBounds() throws IOException {
        ExportJob job = reader.read(job("daily.yaml", validJob("topic: cdg.tracking.events", "topic: cdg.tracking.events")));
        assertThat(job.delivery().maxRedeliveries()).isEqualTo(3);
        assertThat(job.delivery().redeliveryDelay()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(job.delivery().deadLetterTopic()).isEqualTo("cdg.tracking.events.DLT");
        assertThat(job.delivery().successThreshold()).isEqualTo(95.0);

        ExportJob custom = reader.read(job("custom.yaml", validJob("topic: cdg.tracking.events",
                "topic: cdg.tracking.events\nmax_redeliveries: 5\nredelivery_delay_ms: 250\ndead_letter_topic: cdg.errors\nsuccess_threshold: 99.5")));
        assertThat(custom.delivery()).isEqualTo(new ExportJob.Delivery(5, java.time.Duration.ofMillis(250), "cdg.errors", 99.5));

        // the old names still work, with a warning naming file and line; both names at once is a mistake
        io.querycast.support.ConsoleCapture log = io.querycast.support.ConsoleCapture.start();
        try {
            ExportJob old = reader.read(job("old.yaml", validJob("topic: cdg.tracking.events",
                    "topic: cdg.tracking.events\nmax_retries: 4\nretry_backoff_ms: 300")));
            assertThat(old.delivery().maxRedeliveries()).isEqualTo(4);
            assertThat(old.delivery().redeliveryDelay()).isEqualTo(java.time.Duration.ofMillis(300));
        } finally {
            log.stop();
        }
        assertThat(log.text()).contains("old.yaml:8: max_retries: is deprecated: rename it max_redeliveries")
                .contains("old.yaml:9: retry_backoff_ms: is deprecated: rename it redelivery_delay_ms");
        assertThat(catchThrowable(() -> reader.read(job("both.yaml", validJob("topic: cdg.tracking.events",
                "topic: cdg.tracking.events\nmax_retries: 4\nmax_redeliveries: 2")))))
                .hasMessageContaining("both.yaml:8: max_retries: is the deprecated name of max_redeliveries, which is set too");

        assertThat(catchThrowable(() -> reader.read(job("same.yaml", validJob("topic: cdg.tracking.events",
                "topic: cdg.tracking.events\ndead_letter_topic: cdg.tracking.events")))))
                .hasMessageContaining("same.yaml:8: dead_letter_topic: must differ from topic 'cdg.tracking.events'");
        assertThat(catchThrowable(() -> reader.read(job("pct.yaml", validJob("topic: cdg.tracking.events",
                "topic: cdg.tracking.events\nsuccess_threshold: 120")))))
                .hasMessageContaining("pct.yaml:8: success_threshold: must be between 0.0 and 100.0 (got 120)");
        assertThat(catchThrowable(() -> reader.read(job("retries.yaml", validJob("topic: cdg.tracking.events",
                "topic: cdg.tracking.events\nmax_redeliveries: 21")))))
                .hasMessageContaining("retries.yaml:8: max_redeliveries: must be between 0 and 20 (got 21)");
    }

    @Test
    void defaultsComeFromTheApplicationSettings() throws IOException {
        JobsReader withDefaults = new JobsReader(new PlaceholderResolver(env::get),
                new ConnectionsReader(new PlaceholderResolver(env::get)).read(root.resolve("connections.yaml")),
                new QueryLibrary(queriesDir), new JobDefaults(500, 1, 1000, 90.0));
        ExportJob job = withDefaults.read(job("daily.yaml", validJob("topic: cdg.tracking.events", "topic: cdg.tracking.events")));
        assertThat(job.batchSize()).isEqualTo(500);
        assertThat(job.delivery()).isEqualTo(new ExportJob.Delivery(1, java.time.Duration.ofMillis(1000), "cdg.tracking.events.DLT", 90.0));
    }

    // ---- record shape (key_columns, key_separator, envelope, steps) ---------------------------------

    @Test
    void recordShapeFieldsAreRead() throws IOException {
        ExportJob job = reader.read(job("shaped.yaml", validJob("topic:",
                "key_columns: [TRKDATE, BARCODE]\nkey_separator: \"/\"\nenvelope: wrapped\nsteps: [drop-null-key, tag-origin]\ntopic:")));
        assertThat(job.keyColumns()).containsExactly("TRKDATE", "BARCODE");
        assertThat(job.shape().keySeparator()).isEqualTo("/");
        assertThat(job.shape().envelope()).isEqualTo(io.querycast.message.Envelope.WRAPPED);
        assertThat(job.shape().steps()).containsExactly("drop-null-key", "tag-origin");

        ExportJob plain = reader.read(job("plain.yaml", validJob("", "")));
        assertThat(plain.shape()).isEqualTo(ExportJob.Shape.STANDARD);
        assertThat(plain.keyColumns()).containsExactly("id");
    }

    @Test
    void recordShapeMistakesNameFileLineAndField() throws IOException {
        assertThat(errorOf(validJob("topic:", "key_column: ID\nkey_columns: [A, B]\ntopic:")))
                .startsWith(file() + ":8: key_columns: cannot be used together with key_column");
        assertThat(errorOf(validJob("topic:", "key_columns: [A, a]\ntopic:"))).startsWith(file() + ":7: key_columns[1]: 'a' is named twice");
        assertThat(errorOf(validJob("topic:", "key_separator: \"\"\ntopic:"))).startsWith(file() + ":7: key_separator: must not be blank");
        assertThat(errorOf(validJob("topic:", "envelope: nested\ntopic:"))).startsWith(file() + ":7: envelope: 'nested' is not one of [flat, wrapped]");
        assertThat(errorOf(validJob("topic:", "steps:\n  - tag-origin\n  - drop-nul-key\ntopic:")))
                .startsWith(file() + ":9: steps[1]: unknown step 'drop-nul-key' (route templates in routes/steps: [")
                .contains("drop-null-key");
    }
}
