package io.querycast.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code validate}: exit code 0/1 (2 for a wrong call), every error of a set of broken files with file:line:
 * field and its fix, and online checks against a real database (H2) and a real broker: a key column the
 * prepared statement does not have, a topic missing on the cluster, a database and a cluster that do not answer.
 */
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_VALIDATE_KAFKA",
        topics = {"qc.validate.ok", "qc.validate.ok.DLT"}, brokerProperties = "auto.create.topics.enable=false")
class ValidateCommandTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private String[] args(String... extra) {
        String[] base = {"validate", "--querycast.connections-file=" + dir.resolve("connections.yaml"),
                "--querycast.jobs-dir=" + dir.resolve("jobs"), "--querycast.queries-dir=" + dir.resolve("queries")};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private String f(String name) {
        return dir.resolve(name).toString();
    }

    private void typesQuery() throws IOException {
        Files.createDirectories(dir.resolve("queries"));
        Files.copy(Path.of("src/test/queries/all-types.sql"), dir.resolve("queries/all-types.sql"));
    }

    @Test
    void everyBrokenFileIsReportedWithFileLineFieldAndFixAndTheExitCodeIsOne() throws IOException {
        write("connections.yaml", """
                databases:
                  shop:
                    url: jdbc:h2:mem:qc-validate-offline
                    fetch_size: lots
                  dwh:
                    url: jdbc:h2:mem:qc-validate-dwh
                    password: ${QC_SURELY_UNSET_DWH_PASSWORD}
                kafka:
                  default:
                    bootstrap_servers: 127.0.0.1:1
                """);
        typesQuery();
        write("queries/broken.sql", "SELECT * FROM T\nWHERE D = '&DATA 00:00'\n");
        write("queries/needs-day.sql", "define DAY='2026-01-17'  --Obbligatorio: export day\nSELECT 1 AS ID FROM DUAL WHERE '&DAY' IS NOT NULL\n");
        write("jobs/a-cron.yaml", """
                query: all-types.sql
                db_connection: dwh
                schedule: "0 25 * * *"
                topic: shop.a
                """);
        write("jobs/b-connection.yaml", """
                query: all-types.sql
                db_connection: crm
                schedule: "0 5 * * *"
                topic: shop.b
                kafka_connection: analytics
                """);
        write("jobs/c-parameter.yaml", """
                query: needs-day.sql
                db_connection: dwh
                schedule: "*/5 * * * *"
                topic: shop.c
                batchsize: 10
                """);
        write("jobs/d-yaml.yaml", "query: all-types.sql\ndb_connection dwh\n");

        CliRun run = CliRun.of(args("--offline"));

        assertThat(run.exit()).isEqualTo(Cli.ERRORS);
        assertThat(run.lines("error: ")).containsExactly(
                "error: " + f("connections.yaml") + ":4: databases.shop.fetch_size: expected a whole number, got 'lots'",
                "error: " + f("connections.yaml") + ":7: databases.dwh.password: environment variable ${QC_SURELY_UNSET_DWH_PASSWORD} is not set and has no default",
                "error: " + f("jobs/a-cron.yaml") + ":3: schedule: '0 25 * * *' is not a valid cron expression (as Quartz: '0 0 25 * * ?'): Hour values must be between 0 and 23",
                "error: " + f("jobs/b-connection.yaml") + ":2: db_connection: unknown database connection 'crm' (declared in " + f("connections.yaml") + ": [])",
                "error: " + f("jobs/b-connection.yaml") + ":5: kafka_connection: unknown Kafka connection 'analytics' (declared in " + f("connections.yaml") + ": [default])",
                "error: " + f("jobs/c-parameter.yaml") + ":5: batchsize: unknown field; did you mean `batch_size`? valid fields here are ["
                        + "batch_size, bound, db_connection, dead_letter_topic, description, email_notification, enabled, envelope, exactly_once, export_mode, id, include_metadata, incrementing_column, json_columns, kafka_connection, key_column, key_columns, key_separator, lowercase_columns, max_redeliveries, max_retries, misfire_grace_s, misfire_policy, mode, output, overlap_ids, overlap_s, parameters, progress_every, query, recover, redelivery_delay_ms, retry_backoff_ms, safety_lag_s, schedule, steps, success_threshold, timestamp_column, timezone, topic]",
                "error: " + f("jobs/c-parameter.yaml") + ": parameters: 'DAY' is required by needs-day.sql (line 1) and has no value here — export day",
                "error: " + f("jobs/d-yaml.yaml") + ":1: not valid YAML: while scanning a simple key; could not find expected ':'",
                "error: " + f("queries/broken.sql") + ":2: a substitution inside a longer literal ('&DATA 00:00') cannot be a bound value;"
                        + " write the whole literal as '&NAME' and concatenate with ||");
        assertThat(run.out()).contains("       fix: set the environment variable QC_SURELY_UNSET_DWH_PASSWORD before starting, or give a default: ${QC_SURELY_UNSET_DWH_PASSWORD:value}")
                .contains("       fix: rename it to `batch_size`")
                .contains("       fix: add it under `parameters:`, e.g. DAY: \"2026-01-17\"")
                .contains("       fix: write 5 crontab fields")
                .contains("checked: offline: no database or Kafka cluster asked")
                .endsWith("9 error(s), 0 warning(s): INVALID\n");
        assertThat(run.lines("warning: ")).isEmpty();
    }

    @Test
    void onlineTheKeyColumnIsPreparedOnTheDatabaseAndTheTopicsAskedOfTheCluster() throws IOException {
        String kafka = System.getProperty("QC_VALIDATE_KAFKA");
        write("connections.yaml", """
                databases:
                  types:
                    url: "jdbc:h2:mem:qc-validate-online;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'src/test/config/h2/types.sql'"
                    username: sa
                  down:
                    url: jdbc:postgresql://127.0.0.1:1/nowhere
                    username: qc
                kafka:
                  default:
                    bootstrap_servers: %s
                  gone:
                    bootstrap_servers: 127.0.0.1:1
                """.formatted(kafka));
        typesQuery();
        String job = """
                query: all-types.sql
                db_connection: %s
                schedule: "0 8 * * *"
                kafka_connection: %s
                topic: %s
                key_column: %s
                """;
        write("jobs/good.yaml", job.formatted("types", "default", "qc.validate.ok", "id"));
        write("jobs/bad-key.yaml", job.formatted("types", "default", "qc.validate.ok", "BARCODE"));
        write("jobs/no-topic.yaml", job.formatted("types", "default", "qc.validate.missing", "ID"));
        write("jobs/db-down.yaml", job.formatted("down", "default", "qc.validate.ok", "ID"));
        write("jobs/cluster-gone.yaml", job.formatted("types", "gone", "qc.validate.ok", "ID"));

        CliRun run = CliRun.of(args("--timeout=2"));

        assertThat(run.exit()).as(run.out()).isEqualTo(Cli.ERRORS);
        assertThat(run.lines("error: ")).satisfiesExactly(
                l -> assertThat(l).isEqualTo("error: " + f("jobs/bad-key.yaml") + ":6: key_column: the result of all-types.sql: key_column 'BARCODE'"
                        + " is not a column of the query result (columns: ID, CATEGORY, D, TS, TSTZ, T, AMOUNT, PRICE, QTY, BIG, RATIO, FLAG, NOTE, CODE, TEXT, BIN, RAWB)"),
                l -> assertThat(l).startsWith("error: " + f("jobs/no-topic.yaml") + ":5: topic: topic(s) [qc.validate.missing, qc.validate.missing.DLT]"
                        + " do not exist on Kafka connection 'default'"));
        assertThat(run.lines("warning: ")).satisfiesExactly(
                l -> assertThat(l).startsWith("warning: " + f("connections.yaml") + ": databases.down: did not answer within 2 s:")
                        .endsWith("the key columns of [db-down] were not checked"),
                l -> assertThat(l).startsWith("warning: " + f("connections.yaml") + ": kafka.gone: did not answer within 2 s")
                        .endsWith("the topics of [cluster-gone] were not checked"));
        assertThat(run.out()).contains("       fix: set key_column to one of the result's columns, or add the column to all-types.sql")
                .contains("checked: database types: 4 queries prepared, key columns checked")
                .contains("checked: Kafka connection default: topics of 4 job(s) checked")
                .endsWith("2 error(s), 2 warning(s): INVALID\n");

        Files.delete(dir.resolve("jobs/bad-key.yaml"));
        Files.delete(dir.resolve("jobs/no-topic.yaml"));
        CliRun fixed = CliRun.of(args("--timeout=2"));
        // unreachable systems are warnings: the files are valid, CI can go on
        assertThat(fixed.exit()).as(fixed.out()).isEqualTo(Cli.OK);
        assertThat(fixed.out()).endsWith("0 error(s), 2 warning(s): VALID\n");
    }

    @Test
    void aWrongCallIsExitCodeTwo() {
        CliRun run = CliRun.of("validate", "--ofline");
        assertThat(run.exit()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).startsWith("querycast validate: unknown option --ofline").contains("Usage: java -jar querycast.jar");
        assertThat(CliRun.of("validate", "--timeout=0").exit()).isEqualTo(Cli.USAGE);
        assertThat(CliRun.of("frobnicate").exit()).isEqualTo(Cli.USAGE);
        assertThat(CliRun.of("help").exit()).isEqualTo(Cli.OK);
    }
}
