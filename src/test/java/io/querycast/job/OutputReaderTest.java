package io.querycast.job;

import io.querycast.config.ConfigException;
import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.query.QueryLibrary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code export_mode} and {@code output:} of job files: what is read, and every mistake with file:line: field. */
class OutputReaderTest {

    @TempDir
    Path root;

    private Path jobsDir;
    private JobsReader withMail;
    private JobsReader withoutMail;

    @BeforeEach
    void setUp() throws IOException {
        Path queries = Files.createDirectories(root.resolve("queries"));
        Files.writeString(queries.resolve("orders.sql"), "SELECT 1 AS ID;\n");
        jobsDir = Files.createDirectories(root.resolve("jobs"));
        PlaceholderResolver placeholders = new PlaceholderResolver(Map.of("EXPORTS", root.resolve("out").toString())::get);
        Connections mail = new ConnectionsReader(placeholders).read(Files.writeString(root.resolve("mail.yaml"), """
                databases:
                  cdg:
                    url: jdbc:h2:mem:cdg
                kafka:
                  default:
                    bootstrap_servers: localhost:9092
                mail:
                  host: smtp.example.com
                  security: starttls
                  from: querycast@example.com
                """));
        Connections noMail = new ConnectionsReader(placeholders).read(Files.writeString(root.resolve("plain.yaml"), """
                databases:
                  cdg:
                    url: jdbc:h2:mem:cdg
                """));
        withMail = new JobsReader(placeholders, mail, new QueryLibrary(queries));
        withoutMail = new JobsReader(placeholders, noMail, new QueryLibrary(queries));
    }

    private static final String HEAD = """
            query: orders.sql
            db_connection: cdg
            schedule: "0 8 * * *"
            """;

    private Path job(String yaml) throws IOException {
        return Files.writeString(jobsDir.resolve("j.yaml"), HEAD + yaml);
    }

    private String errorOf(JobsReader reader, String yaml) throws IOException {
        Path file = job(yaml);
        Throwable t = catchThrowable(() -> reader.read(file));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage().replace(file.toString(), "j.yaml");
    }

    @Test
    void exactlyOnceIsReadForKafkaExportsAndOffByDefault() throws IOException {
        assertThat(withMail.read(job("topic: t\n")).exactlyOnce()).isFalse();
        assertThat(withMail.read(job("topic: t\nexactly_once: true\n")).exactlyOnce()).isTrue();
        assertThat(errorOf(withMail, "topic: t\nexactly_once: maybe\n")).startsWith("j.yaml:5: exactly_once: ");
    }

    @Test
    void exactlyOnceIsRefusedOnFileExportsWithFileLineAndField() throws IOException {
        assertThat(errorOf(withoutMail, """
                export_mode: filesystem
                exactly_once: true
                output:
                  directory: /tmp/qc
                """)).startsWith("j.yaml:5: exactly_once: applies to export_mode kafka only");
    }

    @Test
    void aJobWithoutExportModeSendsToKafka() throws IOException {
        ExportJob job = withMail.read(job("topic: t\n"));
        assertThat(job.output()).isSameAs(JobOutput.KAFKA);
        assertThat(job.output().toKafka()).isTrue();
    }

    @Test
    void filesystemNeedsNoKafkaFieldsAndGetsTheDefaults() throws IOException {
        ExportJob job = withoutMail.read(job("""
                export_mode: filesystem
                output:
                  directory: ${EXPORTS}
                """));
        JobOutput o = job.output();
        assertThat(o.mode()).isEqualTo(JobOutput.ExportMode.FILESYSTEM);
        assertThat(o.format()).isEqualTo(JobOutput.Format.CSV);
        assertThat(o.directory()).isEqualTo(root.resolve("out"));
        assertThat(o.fileName()).isEqualTo("{query}-{date:yyyyMMdd-HHmmss}.csv");
        assertThat(o.csv()).isEqualTo(new JobOutput.Csv(',', true, false));
        assertThat(o.compression()).isEqualTo(JobOutput.Compression.NONE);
        assertThat(o.overwrite()).isFalse();
        assertThat(o.email()).isNull();
        assertThat(job.topic()).isEmpty();
        assertThat(job.kafkaConnection()).isEmpty();
    }

    @Test
    void everyFieldIsRead() throws IOException {
        ExportJob job = withMail.read(job("""
                export_mode: email
                output:
                  format: csv
                  directory: ${EXPORTS}/daily
                  file_name: "{job}-{query}-{date:yyyyMMdd}-{run_id}.csv"
                  csv: {separator: tab, header: false, bom: true}
                  compression: gzip
                  overwrite: true
                  email:
                    recipients: [a@example.com, "Finance <f@example.com>"]
                    subject: "{job} {rows}"
                    body: "{attachment}"
                    attach_zip_above: 512KB
                    attach_max: 10MB
                    link_base_url: https://files.example.com/x/
                """));
        JobOutput o = job.output();
        assertThat(o.mode()).isEqualTo(JobOutput.ExportMode.EMAIL);
        assertThat(o.directory()).isEqualTo(root.resolve("out/daily"));
        assertThat(o.csv()).isEqualTo(new JobOutput.Csv('\t', false, true));
        assertThat(o.compression()).isEqualTo(JobOutput.Compression.GZIP);
        assertThat(o.overwrite()).isTrue();
        assertThat(o.email()).isEqualTo(new JobOutput.Email(List.of("a@example.com", "Finance <f@example.com>"), "{job} {rows}",
                "{attachment}", 512 * 1024, 10 * 1024 * 1024, "https://files.example.com/x/"));
        assertThat(OutputTemplate.fileName(o.fileName()).render(Map.of("job", "j", "query", "orders", "run_id", "orders-1"),
                LocalDateTime.of(2026, 12, 1, 8, 0))).isEqualTo("j-orders-20261201-orders-1.csv");
    }

    @Test
    void templatesThatLeaveTheDirectoryAreRefused() throws IOException {
        for (String name : List.of("../x.csv", "sub/x.csv", "..\\\\x.csv", "/etc/passwd", "..", "{date:yyyy/MM}.csv", "{date:'..'}")) {
            assertThat(errorOf(withoutMail, """
                    export_mode: filesystem
                    output:
                      directory: /tmp/qc
                      file_name: "%s"
                    """.formatted(name))).as(name).startsWith("j.yaml:7: output.file_name: ")
                    .containsAnyOf("has a path separator", "is not the name of a file in the output directory");
        }
    }

    @Test
    void unknownPlaceholdersAndBadPatternsAreRefused() throws IOException {
        assertThat(errorOf(withoutMail, """
                export_mode: filesystem
                output:
                  directory: /tmp/qc
                  file_name: "{table}.csv"
                """)).startsWith("j.yaml:7: output.file_name: {table} is not a placeholder here; use {job}, {query}, {run_id}, {date:PATTERN}");
        assertThat(errorOf(withoutMail, """
                export_mode: filesystem
                output:
                  directory: /tmp/qc
                  file_name: "{date:yyyyMMddQQQQQQ}.csv"
                """)).startsWith("j.yaml:7: output.file_name: {date:yyyyMMddQQQQQQ}: 'yyyyMMddQQQQQQ' is not a date pattern");
        assertThat(errorOf(withMail, """
                export_mode: email
                output:
                  directory: /tmp/qc
                  email:
                    recipients: [a@example.com]
                    subject: "{rows} {password}"
                """)).startsWith("j.yaml:9: output.email.subject: {password} is not a placeholder here");
    }

    @Test
    void kafkaFieldsAreRefusedOnFileExportsAndOutputOnKafkaJobs() throws IOException {
        assertThat(errorOf(withoutMail, """
                export_mode: filesystem
                topic: t
                output:
                  directory: /tmp/qc
                """)).startsWith("j.yaml:5: topic: applies to export_mode kafka only");
        assertThat(errorOf(withoutMail, """
                topic: t
                output:
                  directory: /tmp/qc
                """)).contains("j.yaml:5: output: applies to export_mode filesystem or email only");
        assertThat(errorOf(withoutMail, "export_mode: ftp\n")).contains("j.yaml:4: export_mode: 'ftp' is not one of [kafka, filesystem, email]");
    }

    @Test
    void mistakesInsideOutputNameTheirLine() throws IOException {
        String error = errorOf(withoutMail, """
                export_mode: filesystem
                output:
                  format: pdf
                  directory: /tmp/qc
                  compression: rar
                  overwrite: maybe
                  csv:
                    separator: "::"
                  colour: blue
                """);
        assertThat(error)
                .contains("j.yaml:6: output.format: 'pdf' is not one of [csv, xlsx]")
                .contains("j.yaml:8: output.compression: 'rar' is not one of [none, gzip, zip]")
                .contains("j.yaml:9: output.overwrite: expected true or false")
                .contains("j.yaml:11: output.csv.separator: '::' is not one character")
                .contains("j.yaml:12: output.colour: unknown field");
        assertThat(errorOf(withoutMail, "export_mode: filesystem\n")).startsWith("j.yaml:4: export_mode: filesystem needs an `output:` section");
        assertThat(errorOf(withoutMail, "export_mode: filesystem\noutput:\n  format: csv\n")).contains("output.directory: is required");
        assertThat(errorOf(withoutMail, "export_mode: filesystem\noutput:\n  format: xlsx\n  directory: /tmp/qc\n  csv: {bom: true}\n"))
                .contains("output.csv: applies to format csv only");
    }

    @Test
    void aDirectoryThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-dir"), "x");
        assertThat(errorOf(withoutMail, "export_mode: filesystem\noutput:\n  directory: " + file + "\n"))
                .startsWith("j.yaml:6: output.directory: '" + file + "' exists and is not a directory");
    }

    @Test
    void emailNeedsRecipientsValidSizesAndAMailServer() throws IOException {
        String base = "export_mode: email\noutput:\n  directory: /tmp/qc\n  email:\n";
        assertThat(errorOf(withMail, "export_mode: email\noutput:\n  directory: /tmp/qc\n")).contains("output.email: is required with export_mode email");
        assertThat(errorOf(withMail, base + "    subject: x\n")).contains("output.email.recipients: is required");
        assertThat(errorOf(withMail, base + "    recipients: [not an address]\n")).contains("output.email.recipients[0]: 'not an address' is not a valid mail address");
        assertThat(errorOf(withMail, base + "    recipients: [a@example.com]\n    attach_max: lots\n"))
                .contains("j.yaml:9: output.email.attach_max: 'lots' is not a size");
        assertThat(errorOf(withMail, base + "    recipients: [a@example.com]\n    link_base_url: ftp://x\n"))
                .contains("output.email.link_base_url: 'ftp://x' is not an http(s) URL");
        assertThat(errorOf(withoutMail, base + "    recipients: [a@example.com]\n")).contains("output.email: needs a mail server: add a mail: section");
        assertThat(errorOf(withMail, "export_mode: filesystem\noutput:\n  directory: /tmp/qc\n  email:\n    recipients: [a@example.com]\n"))
                .contains("output.email: applies to export_mode email only");
    }

    @Test
    void renderedNamesAreCheckedAgainAtRunTime() {
        assertThatThrownBy(() -> OutputTemplate.checkFileName("../x")).hasMessageContaining("is not the name of a file in the output directory");
        assertThatThrownBy(() -> OutputTemplate.checkFileName("")).hasMessageContaining("not empty");
        OutputTemplate.checkFileName("orders 2026-12-01.csv");
    }
}
