package io.querycast.config;

import io.querycast.delivery.ProducerSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A client certificate and key as two PEM files (the seeds' ssl_certfile / ssl_keyfile): read from
 * connections.yaml, handed to kafka-clients as contents with ssl.keystore.type=PEM, and accepted by the
 * client's own SSL engine factory (a KafkaProducer builds its SSL context when it is created, no broker needed).
 */
class SeparatePemKeyTest {

    private static final Path SSL = Path.of("src/test/config/seeds/ssl").toAbsolutePath();

    @TempDir
    Path dir;

    private Connections read(String yaml) throws IOException {
        return new ConnectionsReader(new PlaceholderResolver(Map.<String, String>of()::get)).read(Files.writeString(dir.resolve("c.yaml"), yaml));
    }

    private String connections(String key) {
        return """
                kafka:
                  secure:
                    bootstrap_servers: [localhost:9093]
                    security_protocol: SSL
                    ssl:
                      truststore_location: %1$s/ca.pem
                      truststore_type: PEM
                      certificate_location: %1$s/client-cert.pem
                      key_location: %1$s/%2$s
                """.formatted(SSL, key);
    }

    @Test
    void theKafkaClientAcceptsASeparateCertificateAndPkcs8Key() throws IOException {
        KafkaConnection cluster = read(connections("client-key.pem")).kafka("secure").orElseThrow();
        Properties props = ProducerSettings.configurationFor(cluster).createProducerProperties();

        assertThat(props.getProperty("ssl.keystore.type")).isEqualTo("PEM");
        assertThat(props.getProperty("ssl.keystore.location")).isNull();
        assertThat(props.getProperty("ssl.keystore.certificate.chain")).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(props.get("ssl.keystore.key").toString()).startsWith("-----BEGIN PRIVATE KEY-----");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.put("max.block.ms", "1");
        props.put("bootstrap.servers", cluster.bootstrapServers());
        // the key store is built from the PEM contents here: a key the client cannot read fails this constructor
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            assertThat(producer.metrics()).isNotEmpty();
        }
    }

    @Test
    void aPkcs1KeyIsRefusedAtReadWithTheCommandThatConvertsIt() throws IOException {
        Throwable t = catchThrowable(() -> read(connections("client-key-pkcs1.pem")));
        assertThat(t).isInstanceOf(ConfigException.class);
        ConfigError e = ((ConfigException) t).errors().get(0);
        assertThat(e.field()).isEqualTo("kafka.secure.ssl.key_location");
        assertThat(e.problem()).contains("PKCS#1").contains("PKCS#8 keys only");
        assertThat(e.fix()).startsWith("convert it: openssl pkcs8 -topk8 -nocrypt -in " + SSL + "/client-key-pkcs1.pem");
    }

    @Test
    void theKafkaClientItselfRefusesAPkcs1Key() throws IOException {
        // what the check above saves the integrator from: the client's own error, at the first send
        String yaml = connections("client-key.pem");
        KafkaConnection cluster = read(yaml).kafka("secure").orElseThrow();
        Properties props = ProducerSettings.configurationFor(cluster).createProducerProperties();
        props.put("ssl.keystore.key", Files.readString(SSL.resolve("client-key-pkcs1.pem")));
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        assertThatThrownBy(() -> new KafkaProducer<String, byte[]>(props).close()).isInstanceOf(KafkaException.class)
                .rootCause().hasMessageContaining("algid parse error");
    }

    @Test
    void certificateAndKeyComeTogetherAndNotWithAKeyStore() throws IOException {
        assertThat(catchThrowable(() -> read(connections("client-key.pem").replace("      key_location: " + SSL + "/client-key.pem\n", ""))))
                .hasMessageContaining("ssl.certificate_location: needs key_location");
        assertThat(catchThrowable(() -> read(connections("client-key.pem") + "      keystore_location: " + SSL + "/ca.pem\n")))
                .hasMessageContaining("ssl.keystore_location: give either keystore_location or certificate_location + key_location, not both");
    }
}
