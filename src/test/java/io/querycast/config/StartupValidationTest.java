package io.querycast.config;

import io.querycast.QuerycastApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/** The application refuses to start on a broken job or connection, saying which file, line and field to fix. */
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
}
