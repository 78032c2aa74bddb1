package io.querycast.config;

import io.querycast.mail.JavaMailProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The {@code mail:} section of the connections file: defaults, every field, and each mistake with file, line and field. */
class MailConnectionReaderTest {

    private static final String PASSWORD = "smtp-Pa55-word";

    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("SMTP_PASSWORD", PASSWORD, "SMTP_USER", "querycast");

    private Connections read(String mail) throws IOException {
        Path file = Files.writeString(dir.resolve("connections.yaml"), "databases: {}\nkafka: {}\nmail:\n" + mail);
        return new ConnectionsReader(new PlaceholderResolver(env::get)).read(file);
    }

    private String errorOf(String mail) {
        Throwable t = catchThrowable(() -> read(mail));
        assertThat(t).isInstanceOf(ConfigException.class);
        assertThat(t.getMessage()).doesNotContain(PASSWORD);
        return t.getMessage();
    }

    private String file() {
        return dir.resolve("connections.yaml").toString();
    }

    @Test
    void defaultsAreStarttlsOnPort587WithoutAuthentication() throws IOException {
        MailConnection m = read("""
                  host: smtp.example.com
                  from: querycast@example.com
                """).mailConnection().orElseThrow();
        assertThat(m.host()).isEqualTo("smtp.example.com");
        assertThat(m.security()).isEqualTo(MailConnection.Security.STARTTLS);
        assertThat(m.port()).isEqualTo(587);
        assertThat(m.scheme()).isEqualTo("smtp");
        assertThat(m.authenticates()).isFalse();
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(30));
        // STARTTLS is required, never a fallback to plain text; the server's name is checked
        assertThat(JavaMailProperties.of(m)).containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true").containsEntry("mail.smtp.ssl.checkserveridentity", "true");
    }

    @Test
    void readsEveryField() throws IOException {
        MailConnection m = read("""
                  host: smtp.example.com
                  port: 2465
                  security: ssl
                  username: ${SMTP_USER}
                  password: ${SMTP_PASSWORD}
                  from: "Querycast <querycast@example.com>"
                  timeout_s: 12
                  properties:
                    mail.smtps.ssl.trust: smtp.example.com
                """).mailConnection().orElseThrow();
        assertThat(m.port()).isEqualTo(2465);
        assertThat(m.scheme()).isEqualTo("smtps");
        assertThat(m.username()).isEqualTo("querycast");
        assertThat(m.password().reveal()).isEqualTo(PASSWORD);
        assertThat(m.password().toString()).isEqualTo("******");
        assertThat(m.from()).isEqualTo("Querycast <querycast@example.com>");
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(12));
        // the file's own properties win over what the fields set
        assertThat(JavaMailProperties.of(m)).containsEntry("mail.smtps.ssl.trust", "smtp.example.com")
                .containsEntry("mail.smtps.writetimeout", "12000").doesNotContainKey("mail.smtps.starttls.enable");
    }

    @Test
    void noneIsPlainSmtpOnPort25() throws IOException {
        MailConnection m = read("  host: relay.internal\n  from: q@example.com\n  security: none\n").mailConnection().orElseThrow();
        assertThat(m.port()).isEqualTo(25);
        assertThat(JavaMailProperties.of(m)).doesNotContainKeys("mail.smtp.starttls.enable", "mail.smtp.ssl.checkserveridentity");
    }

    @Test
    void aFileWithoutMailHasNone() throws IOException {
        Path file = Files.writeString(dir.resolve("connections.yaml"), "databases: {}\n");
        assertThat(new ConnectionsReader(new PlaceholderResolver(env::get)).read(file).mailConnection()).isEmpty();
    }

    @Test
    void mistakesNameTheFileLineAndField() {
        assertThat(errorOf("  from: q@example.com\n")).isEqualTo(file() + ":3: mail.host: is required");
        assertThat(errorOf("  host: h\n")).isEqualTo(file() + ":3: mail.from: is required");
        assertThat(errorOf("  host: h\n  from: not an address\n")).startsWith(file() + ":5: mail.from: 'not an address' is not a valid mail address");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  security: tls\n"))
                .isEqualTo(file() + ":6: mail.security: 'tls' is not one of [none, starttls, ssl]");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  port: 70000\n"))
                .isEqualTo(file() + ":6: mail.port: must be between 1 and 65535 (got 70000)");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  username: u\n")).isEqualTo(file() + ":3: mail.password: is required with username");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  password: ${SMTP_PASSWORD}\n"))
                .isEqualTo(file() + ":3: mail.username: is required with password");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  security: none\n  username: u\n  password: ${SMTP_PASSWORD}\n"))
                .isEqualTo(file() + ":6: mail.security: none would send the username and password in clear: use starttls or ssl");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  password: ${SMTP_PASSWORDS}\n  username: u\n"))
                .isEqualTo(file() + ":6: mail.password: environment variable ${SMTP_PASSWORDS} is not set and has no default");
        assertThat(errorOf("  host: h\n  from: q@example.com\n  starttls: true\n"))
                .startsWith(file() + ":6: mail.starttls: unknown field; valid fields here are [from, host, password, port, properties, security, timeout_s, username]");
    }
}
