package io.querycast.api;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.DatabaseType;
import io.querycast.config.KafkaConnection;
import io.querycast.config.Secret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @Test
    void credentialsInJdbcUrlsAreMasked() {
        assertThat(Redactor.maskUrl("jdbc:postgresql://db:5432/x?user=u&password=p4ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=u&password=******&ssl=true");
        assertThat(Redactor.maskUrl("jdbc:sqlserver://db:1433;databaseName=x;user=u;password=p4ss;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=x;user=u;password=******;encrypt=true");
        assertThat(Redactor.maskUrl("jdbc:postgresql://u:p4ss@db:5432/x")).isEqualTo("jdbc:postgresql://u:******@db:5432/x");
        assertThat(Redactor.maskUrl("jdbc:oracle:thin:scott/tiger@//db:1521/CDG")).isEqualTo("jdbc:oracle:thin:scott/******@//db:1521/CDG");
        assertThat(Redactor.maskUrl("jdbc:oracle:thin:@//db:1521/CDG")).isEqualTo("jdbc:oracle:thin:@//db:1521/CDG");
        assertThat(Redactor.maskUrl("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
    }

    @Test
    void everyConfiguredSecretIsMaskedInAnyText() {
        DatabaseConnection db = new DatabaseConnection("cdg", DatabaseType.H2, "jdbc:h2:mem:x", "sa", Secret.of("db-Secret-1"), 1, 10,
                Duration.ofSeconds(1), true, Map.of("oracle.net.wallet_password", "wallet-Secret-2"));
        KafkaConnection kafka = new KafkaConnection("k", "b:9092", KafkaConnection.SecurityProtocol.SASL_PLAINTEXT,
                KafkaConnection.SaslMechanism.PLAIN, "u", Secret.of("kafka-Secret-3"), null,
                Map.of("sasl.jaas.config", "org.x.Login required password=\"jaas-Secret-4\";", "linger.ms", "10"));
        Redactor redactor = new Redactor(new Connections("c.yaml", Map.of("cdg", db), Map.of("k", kafka)));
        assertThat(redactor.redact("a db-Secret-1 b wallet-Secret-2 c kafka-Secret-3 d password=\"jaas-Secret-4\""))
                .doesNotContain("Secret-");
        assertThat(Redactor.maskProperties(kafka.producerProperties()))
                .containsEntry("sasl.jaas.config", "******").containsEntry("linger.ms", "10");
        assertThat(Redactor.maskProperties(db.properties())).containsEntry("oracle.net.wallet_password", "******");
    }

    @Test
    void sqlServersBracedPasswordIsMaskedWhole() {
        // SQL Server quotes a value holding ';' in braces, a '}' in it written '}}'
        assertThat(Redactor.maskUrl("jdbc:sqlserver://db:1433;user=u;password={p4;ss};encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db:1433;user=u;password=******;encrypt=true");
        assertThat(Redactor.maskUrl("jdbc:sqlserver://db:1433;password={a}}b;c};user=u"))
                .isEqualTo("jdbc:sqlserver://db:1433;password=******;user=u");
        assertThat(Redactor.maskUrl("jdbc:sqlserver://db;PWD={x;y}")).isEqualTo("jdbc:sqlserver://db;PWD=******");
    }

    @Test
    void theStateStorePasswordAndKafkasPemKeyAreSecretsToo() {
        String pemKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        KafkaConnection kafka = new KafkaConnection("k", "b:9093", KafkaConnection.SecurityProtocol.SSL, null, null, null, null,
                Map.of("ssl.keystore.type", "PEM", "ssl.keystore.key", pemKey, "ssl.keystore.certificate.chain", "-----BEGIN CERTIFICATE-----"));
        Redactor redactor = new Redactor(new Connections("c.yaml", Map.of(), Map.of("k", kafka)), java.util.List.of(Secret.of("state-Secret-5")));
        assertThat(redactor.redact("state store: login failed for state-Secret-5; key " + pemKey))
                .isEqualTo("state store: login failed for ******; key ******");
        assertThat(Redactor.maskProperties(kafka.producerProperties()))
                .containsEntry("ssl.keystore.key", "******").containsEntry("ssl.keystore.type", "PEM")
                .containsEntry("ssl.keystore.certificate.chain", "-----BEGIN CERTIFICATE-----");
    }

    @Test
    void theMailServersPasswordIsASecretToo() {
        io.querycast.config.MailConnection mail = new io.querycast.config.MailConnection("smtp.example", 465,
                io.querycast.config.MailConnection.Security.SSL, "alerts", Secret.of("mail-Secret-6"), "qc@example", Duration.ofSeconds(5), Map.of());
        Redactor redactor = new Redactor(new Connections("c.yaml", Map.of(), Map.of(), mail));
        assertThat(redactor.redact("535 authentication failed for alerts/mail-Secret-6")).isEqualTo("535 authentication failed for alerts/******");
    }
}
