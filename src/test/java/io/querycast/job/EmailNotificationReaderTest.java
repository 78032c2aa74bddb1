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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A job's {@code email_notification}: read with its defaults, each mistake with file, line and field. */
class EmailNotificationReaderTest {

    @TempDir
    Path root;

    private Path jobs;
    private QueryLibrary queries;
    private final PlaceholderResolver placeholders = new PlaceholderResolver(Map.of("OWNER", "owner@example.com")::get);

    @BeforeEach
    void setUp() throws IOException {
        Path q = Files.createDirectories(root.resolve("queries"));
        Files.writeString(q.resolve("q.sql"), "SELECT 1 AS ID");
        queries = new QueryLibrary(q);
        jobs = Files.createDirectories(root.resolve("jobs"));
    }

    private Connections connections(boolean withMail) throws IOException {
        return new ConnectionsReader(placeholders).read(Files.writeString(root.resolve("connections.yaml"), """
                databases:
                  db: {url: "jdbc:h2:mem:x"}
                kafka:
                  default: {bootstrap_servers: "localhost:9092"}
                """ + (withMail ? "mail: {host: smtp.example.com, from: q@example.com}\n" : "")));
    }

    private Path job(String notification) throws IOException {
        return Files.writeString(jobs.resolve("j.yaml"), """
                query: q.sql
                db_connection: db
                schedule: "0 8 * * *"
                topic: t
                """ + notification);
    }

    private ExportJob read(String notification) throws IOException {
        return new JobsReader(placeholders, connections(true), queries).read(job(notification));
    }

    private String errorOf(String notification, boolean withMail) throws IOException {
        Path file = job(notification);
        JobsReader reader = new JobsReader(placeholders, connections(withMail), queries);
        Throwable t = catchThrowable(() -> reader.read(file));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage().replace(file.toString(), "j.yaml");
    }

    @Test
    void aJobWithoutItGetsNoMail() throws IOException {
        ExportJob job = read("");
        assertThat(job.emailNotification()).isEqualTo(EmailNotification.NONE);
        assertThat(job.emailNotification().wanted(false)).isFalse();
    }

    @Test
    void failuresOnlyByDefault() throws IOException {
        EmailNotification n = read("email_notification:\n  recipients: [a@example.com, \"${OWNER}\"]\n").emailNotification();
        assertThat(n.recipients()).isEqualTo(List.of("a@example.com", "owner@example.com"));
        assertThat(n.wanted(false)).isTrue();
        assertThat(n.wanted(true)).isFalse();
        EmailNotification both = read("email_notification:\n  on_success: true\n  recipients: a@example.com\n").emailNotification();
        assertThat(both.wanted(true)).isTrue();
        assertThat(both.recipients()).containsExactly("a@example.com");
    }

    @Test
    void mistakesNameTheFileLineAndField() throws IOException {
        assertThat(errorOf("email_notification:\n  on_failure: true\n", true))
                .isEqualTo("j.yaml:5: email_notification.recipients: is required: the mail addresses to notify");
        assertThat(errorOf("email_notification:\n  recipients:\n    - a@example.com\n    - not-an-address@\n", true))
                .startsWith("j.yaml:8: email_notification.recipients[1]: 'not-an-address@' is not a valid mail address");
        assertThat(errorOf("email_notification:\n  on_sucess: true\n  recipients: [a@example.com]\n", true))
                .isEqualTo("j.yaml:6: email_notification.on_sucess: unknown field; did you mean `on_success`? valid fields here are [on_failure, on_success, recipients]");
        assertThat(errorOf("email_notification:\n  on_success: maybe\n  recipients: [a@example.com]\n", true))
                .isEqualTo("j.yaml:6: email_notification.on_success: expected true or false, got 'maybe'");
        assertThat(errorOf("email_notification:\n  recipients: [a@example.com]\n", false))
                .isEqualTo("j.yaml:5: email_notification: needs a mail server: add a mail: section to " + root.resolve("connections.yaml"));
    }
}
