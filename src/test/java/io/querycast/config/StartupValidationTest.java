package io.querycast.config;

import io.querycast.QuerycastApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/** The application refuses to start on a broken job or connection, saying which file, line and field to fix. */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Throwable startFailure() {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> new SpringApplicationBuilder(QuerycastApplication.class)
                .web(WebApplicationType.NONE)
                .run("--querycast.connections-file=" + dir.resolve("connections.yaml"),
                        "--querycast.jobs-dir=" + dir.resolve("jobs"),
                        "--querycast.queries-dir=" + dir.resolve("queries"))
                .close())
                .satisfies(t -> caught[0] = t);
        Throwable root = caught[0];
        while (root.getCause() != null && !(root instanceof ConfigException)) {
            root = root.getCause();
        }
        return root;
    }

    private void validConnectionsAndQuery() throws Exception {
        write("connections.yaml", """
                databases:
                  cdg:
                    url: jdbc:h2:mem:startup
                kafka:
                  default:
                    bootstrap_servers: localhost:1
                """);
        write("queries/q.sql", "define DATA='2026-01-17'  --Obbligatorio: day\nSELECT 1 AS ID FROM DUAL WHERE '&DATA' IS NOT NULL;\n");
    }

    @Test
    void invalidCronStopsTheStartNamingFileLineAndField() throws Exception {
        validConnectionsAndQuery();
        write("jobs/nightly.yaml", """
                query: q.sql
                db_connection: cdg
                schedule: "0 25 * * *"
                parameters:
                  DATA: "{date-1}"
                topic: t
                """);
        Throwable root = startFailure();
        assertThat(root).isInstanceOf(ConfigException.class);
        assertThat(root.getMessage()).contains("nightly.yaml:3: schedule:").contains("'0 25 * * *' is not a valid cron expression");
    }

    @Test
    void unknownKafkaConnectionStopsTheStart() throws Exception {
        validConnectionsAndQuery();
        write("jobs/nightly.yaml", """
                query: q.sql
                db_connection: cdg
                schedule: "0 5 * * *"
                parameters:
                  DATA: "{date-1}"
                topic: t
                kafka_connection: analytics
                """);
        Throwable root = startFailure();
        assertThat(root.getMessage()).contains("nightly.yaml:7: kafka_connection: unknown Kafka connection 'analytics'")
                .contains("[default]");
    }

    @Test
    void unsetEnvironmentVariableStopsTheStartNamingItButNoValue() throws Exception {
        write("connections.yaml", """
                databases:
                  cdg:
                    url: jdbc:h2:mem:startup
                    password: ${QC_SURELY_UNSET_PASSWORD_VARIABLE}
                kafka:
                  default:
                    bootstrap_servers: localhost:1
                """);
        Files.createDirectories(dir.resolve("jobs"));
        Throwable root = startFailure();
        assertThat(root.getMessage()).contains("connections.yaml:4: databases.cdg.password:")
                .contains("${QC_SURELY_UNSET_PASSWORD_VARIABLE} is not set");
    }

    @Test
    void everyMistakeOfEveryFileIsPrintedAsOneBlockWithTheFixAndNoStackTrace(CapturedOutput output) throws Exception {
        write("connections.yaml", """
                databases:
                  cdg:
                    url: jdbc:h2:mem:startup
                    pool_size: 0
                kafka:
                  default:
                    bootstrap_servers: localhost:1
                    sasl_password: x
                """);
        write("queries/q.sql", "define DATA='2026-01-17'  --Obbligatorio: day\nSELECT 1 AS ID FROM DUAL WHERE '&DATA' IS NOT NULL;\n");
        write("jobs/nightly.yaml", """
                query: q.sql
                db_connection: cdg
                schedule: "0 25 * * *"
                batch-size: 500
                topic: t
                """);
        write("jobs/orders.yaml", """
                query: q.sql
                db_connection: dwh
                schedule: "*/5 * * * *"
                parameters:
                  DATA: "{date}"
                topic: shop.orders
                """);

        Throwable root = startFailure();

        String c = dir.resolve("connections.yaml").toString();
        String nightly = dir.resolve("jobs/nightly.yaml").toString();
        String orders = dir.resolve("jobs/orders.yaml").toString();
        String expected = """
                Querycast found 6 configuration errors:

                  %1$s:4: databases.cdg.pool_size
                      must be between 1 and 200 (got 0)

                  %1$s:8: kafka.default.sasl_password
                      unknown field; did you mean `password`? valid fields here are [bootstrap_servers, description, password, producer, sasl_mechanism, security_protocol, ssl, username]
                      fix: rename it to `password`

                  %2$s:3: schedule
                      '0 25 * * *' is not a valid cron expression (as Quartz: '0 0 25 * * ?'): Hour values must be between 0 and 23
                      fix: write 5 crontab fields (minute hour day month weekday, e.g. "0 8 * * *") or 6-7 Quartz fields (second minute hour day month weekday [year], e.g. "0 0 8 * * ?")

                  %2$s:4: batch-size
                      unknown field; did you mean `batch_size`? valid fields here are [batch_size, bound, db_connection, dead_letter_topic, description, email_notification, enabled, envelope, exactly_once, export_mode, id, include_metadata, incrementing_column, json_columns, kafka_connection, key_column, key_columns, key_separator, lowercase_columns, max_redeliveries, max_retries, misfire_grace_s, misfire_policy, mode, output, overlap_ids, overlap_s, parameters, progress_every, query, recover, redelivery_delay_ms, retry_backoff_ms, safety_lag_s, schedule, steps, success_threshold, timestamp_column, timezone, topic]
                      fix: rename it to `batch_size`

                  %2$s: parameters
                      'DATA' is required by q.sql (line 1) and has no value here — day
                      fix: add it under `parameters:`, e.g. DATA: "2026-01-17"

                  %3$s:2: db_connection
                      unknown database connection 'dwh' (declared in %1$s: [])
                      fix: use one of the declared names, or declare 'dwh' under `databases:` in %1$s

                """.formatted(c, nightly, orders);
        assertThat(root).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) root).errors()).hasSize(6);
        String printed = output.getOut();
        assertThat(printed).contains("APPLICATION FAILED TO START");
        String description = printed.substring(printed.indexOf("Description:\n\n") + "Description:\n\n".length(), printed.indexOf("\nAction:"));
        assertThat(description).isEqualTo(expected);
        assertThat(printed).contains("Action:\n\nFix the files above and start again. To check them without starting the server:"
                + " java -jar querycast.jar validate (docs/local-run.md).");
        // nothing was started before the files were read, and no bean-creation chain or stack trace was printed
        assertThat(printed).doesNotContain("UnsatisfiedDependencyException", "BeanCreationException", "\tat ", "Tomcat");
    }
}
