package io.querycast.delivery;

import io.querycast.config.KafkaConnection;
import io.querycast.config.KafkaConnection.KafkaSsl;
import io.querycast.config.KafkaConnection.SaslMechanism;
import io.querycast.config.KafkaConnection.SecurityProtocol;
import io.querycast.config.Secret;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerSettingsTest {

    private static KafkaConnection plaintext(Map<String, String> producer) {
        return new KafkaConnection("default", "broker1:9092,broker2:9092", SecurityProtocol.PLAINTEXT, null, null,
                Secret.none(), null, producer);
    }

    private static KafkaConnection sasl(SecurityProtocol protocol, SaslMechanism mechanism, String user, String password, KafkaSsl ssl) {
        return new KafkaConnection("cdg_prod", "kafka.example:9093", protocol, mechanism, user, Secret.of(password), ssl, Map.of());
    }

    /** camel-kafka puts both strings and numbers into its Properties: compare their text. */
    private static String prop(Properties p, String key) {
        Object v = p.get(key);
        return v == null ? null : v.toString();
    }

    /** Parses a JAAS line the way the Kafka client does. */
    private static AppConfigurationEntry parseJaas(String jaas) {
        List<AppConfigurationEntry> entries = JaasContext
                .loadClientContext(Map.of("sasl.jaas.config", new Password(jaas))).configurationEntries();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    @Test
    void theClientIdNamesTheInstanceSoInstancesSharingAClusterDifferThere() {
        assertThat(ProducerSettings.configurationFor(plaintext(Map.of()), "qc-prod-1").getClientId()).isEqualTo("querycast-qc-prod-1-default");
        assertThat(ProducerSettings.configurationFor(plaintext(Map.of()), "qc-prod-2").getClientId()).isEqualTo("querycast-qc-prod-2-default");
    }

    @Test
    void anExactlyOnceJobsProducerHasItsTransactionalIdAndTheClusterCannotWeakenWhatATransactionNeeds() {
        io.querycast.config.ExactlyOnceSettings eos = new io.querycast.config.ExactlyOnceSettings("qc-prod", null, java.time.Duration.ofMinutes(5));
        Properties p = ProducerSettings.transactionalProperties(plaintext(Map.of("acks", "1", "enable.idempotence", "false",
                "max.in.flight.requests.per.connection", "10", "linger.ms", "50")), "qc-1", "orders", eos.transactionalId("orders"),
                eos.transactionTimeout());
        assertThat(prop(p, "transactional.id")).isEqualTo("qc-prod.orders");
        assertThat(prop(p, "transaction.timeout.ms")).isEqualTo("300000");
        assertThat(prop(p, "acks")).isEqualTo("all");
        assertThat(prop(p, "enable.idempotence")).isEqualTo("true");
        assertThat(prop(p, "max.in.flight.requests.per.connection")).isEqualTo("5");
        assertThat(prop(p, "linger.ms")).as("the cluster's other settings stay").isEqualTo("50");
        assertThat(prop(p, "client.id")).isEqualTo("querycast-qc-1-default-orders");
        assertThat(new io.querycast.config.ExactlyOnceSettings(null, null, null))
                .isEqualTo(new io.querycast.config.ExactlyOnceSettings("querycast", "querycast-state", java.time.Duration.ofMinutes(15)));
    }

    @Test
    void safeDefaults() {
        KafkaConfiguration c = ProducerSettings.configurationFor(plaintext(Map.of()));

        assertThat(c.getBrokers()).isEqualTo("broker1:9092,broker2:9092");
        assertThat(c.getClientId()).isEqualTo("querycast-default");
        assertThat(c.getRequestRequiredAcks()).isEqualTo("all");
        assertThat(c.isEnableIdempotence()).isTrue();
        assertThat(c.getCompressionCodec()).isEqualTo("snappy");
        assertThat(c.getLingerMs()).isEqualTo(20);
        assertThat(c.getProducerBatchSize()).isEqualTo(131072);
        assertThat(c.getMaxInFlightRequest()).isEqualTo(5);
        assertThat(c.isRecordMetadata()).isTrue();
        assertThat(c.isBatchWithIndividualHeaders()).isTrue();
        assertThat(c.getKeySerializer()).isEqualTo("org.apache.kafka.common.serialization.StringSerializer");
        assertThat(c.getValueSerializer()).isEqualTo("org.apache.kafka.common.serialization.ByteArraySerializer");
        assertThat(c.getSecurityProtocol()).isEqualTo("PLAINTEXT");
        assertThat(c.getSaslJaasConfig()).isNull();
        assertThat(c.getAdditionalProperties()).isEmpty();
    }

    @Test
    void defaultsReachTheKafkaProducerProperties() {
        Properties p = ProducerSettings.configurationFor(plaintext(Map.of())).createProducerProperties();

        assertThat(prop(p, "acks")).isEqualTo("all");
        assertThat(prop(p, "enable.idempotence")).isEqualTo("true");
        assertThat(prop(p, "compression.type")).isEqualTo("snappy");
        assertThat(prop(p, "linger.ms")).isEqualTo("20");
        assertThat(prop(p, "batch.size")).isEqualTo("131072");
        assertThat(prop(p, "max.in.flight.requests.per.connection")).isEqualTo("5");
        assertThat(prop(p, "value.serializer")).isEqualTo("org.apache.kafka.common.serialization.ByteArraySerializer");
        assertThat(prop(p, "key.serializer")).isEqualTo("org.apache.kafka.common.serialization.StringSerializer");
        assertThat(prop(p, "security.protocol")).isEqualTo("PLAINTEXT");
    }

    @Test
    void saslSslWithScramSha512() {
        KafkaConfiguration c = ProducerSettings.configurationFor(
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "querycast", "s3cr3t", null));

        assertThat(c.getSecurityProtocol()).isEqualTo("SASL_SSL");
        assertThat(c.getSaslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(c.getSaslJaasConfig()).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"querycast\" password=\"s3cr3t\";");
        assertThat(c.getClientId()).isEqualTo("querycast-cdg_prod");
    }

    @Test
    void scramSha256UsesTheScramModuleToo() {
        KafkaConfiguration c = ProducerSettings.configurationFor(
                sasl(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.SCRAM_SHA_256, "u", "p", null));

        assertThat(c.getSaslMechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(c.getSaslJaasConfig())
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";");
    }

    @Test
    void quotesAndBackslashesInCredentialsAreEscaped() {
        String password = "pa\"ss\\wo'rd;x";
        KafkaConnection cluster = sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "us\"er", password, null);

        String jaas = ProducerSettings.configurationFor(cluster).getSaslJaasConfig();

        assertThat(jaas).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"us\\\"er\" password=\"pa\\\"ss\\\\wo'rd;x\";");
        assertThat(ProducerSettings.jaasConfig(cluster)).isEqualTo(jaas);
        AppConfigurationEntry entry = parseJaas(jaas);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        assertThat(entry.getOptions().get("username")).isEqualTo("us\"er");
        assertThat(entry.getOptions().get("password")).isEqualTo(password);
    }

    @Test
    void plainUsesThePlainLoginModule() {
        KafkaConfiguration c = ProducerSettings.configurationFor(
                sasl(SecurityProtocol.SASL_PLAINTEXT, SaslMechanism.PLAIN, "alice", "wonder land", null));

        assertThat(c.getSecurityProtocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(c.getSaslMechanism()).isEqualTo("PLAIN");
        assertThat(c.getSaslJaasConfig()).isEqualTo(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"wonder land\";");
        Map<String, ?> options = parseJaas(c.getSaslJaasConfig()).getOptions();
        assertThat(options.get("username")).isEqualTo("alice");
        assertThat(options.get("password")).isEqualTo("wonder land");
    }

    @Test
    void saslSettingsReachTheKafkaProducerProperties() {
        Properties p = ProducerSettings.configurationFor(
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "querycast", "s3cr3t", null)).createProducerProperties();

        assertThat(prop(p, "security.protocol")).isEqualTo("SASL_SSL");
        assertThat(prop(p, "sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(prop(p, "sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"querycast\" password=\"s3cr3t\";");
    }

    @Test
    void sslStoresAreApplied() {
        KafkaSsl ssl = new KafkaSsl("/etc/kafka/truststore.p12", Secret.of("trust-pw"), "PKCS12",
                "/etc/kafka/keystore.jks", Secret.of("key-store-pw"), "JKS", Secret.of("key-pw"), "");
        KafkaConnection cluster = new KafkaConnection("secure", "kafka:9093", SecurityProtocol.SSL, null, null,
                Secret.none(), ssl, Map.of());

        KafkaConfiguration c = ProducerSettings.configurationFor(cluster);

        assertThat(c.getSecurityProtocol()).isEqualTo("SSL");
        assertThat(c.getSaslJaasConfig()).isNull();
        assertThat(c.getSslTruststoreLocation()).isEqualTo("/etc/kafka/truststore.p12");
        assertThat(c.getSslTruststorePassword()).isEqualTo("trust-pw");
        assertThat(c.getSslTruststoreType()).isEqualTo("PKCS12");
        assertThat(c.getSslKeystoreLocation()).isEqualTo("/etc/kafka/keystore.jks");
        assertThat(c.getSslKeystorePassword()).isEqualTo("key-store-pw");
        assertThat(c.getSslKeystoreType()).isEqualTo("JKS");
        assertThat(c.getSslKeyPassword()).isEqualTo("key-pw");
        assertThat(c.getSslEndpointAlgorithm()).isEqualTo("");

        Properties p = c.createProducerProperties();
        assertThat(prop(p, "ssl.truststore.location")).isEqualTo("/etc/kafka/truststore.p12");
        assertThat(prop(p, "ssl.truststore.password")).isEqualTo("trust-pw");
        assertThat(prop(p, "ssl.truststore.type")).isEqualTo("PKCS12");
        assertThat(prop(p, "ssl.keystore.location")).isEqualTo("/etc/kafka/keystore.jks");
        assertThat(prop(p, "ssl.keystore.password")).isEqualTo("key-store-pw");
        assertThat(prop(p, "ssl.key.password")).isEqualTo("key-pw");
    }

    @Test
    void sslWithOnlyATruststoreKeepsCamelsTypeDefaults() {
        KafkaSsl ssl = new KafkaSsl("/etc/kafka/ca.pem", Secret.none(), null, null, Secret.none(), null, Secret.none(), null);
        KafkaConfiguration c = ProducerSettings.configurationFor(
                sasl(SecurityProtocol.SASL_SSL, SaslMechanism.SCRAM_SHA_512, "u", "p", ssl));

        assertThat(c.getSslTruststoreLocation()).isEqualTo("/etc/kafka/ca.pem");
        assertThat(c.getSslTruststorePassword()).isNull();
        assertThat(c.getSslTruststoreType()).isEqualTo("JKS");
        assertThat(c.getSslKeystoreLocation()).isNull();
        assertThat(c.getSslKeystorePassword()).isNull();
        assertThat(c.getSslKeyPassword()).isNull();
        assertThat(c.getSslEndpointAlgorithm()).isEqualTo("https");
    }

    @Test
    void freeFormProducerPropertiesGoToAdditionalProperties() {
        Map<String, String> producer = Map.of("linger.ms", "5", "compression.type", "zstd", "delivery.timeout.ms", "300000");

        KafkaConfiguration c = ProducerSettings.configurationFor(plaintext(producer));

        assertThat(c.getAdditionalProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "linger.ms", "5", "compression.type", "zstd", "delivery.timeout.ms", "300000"));
        // the named settings stay at their defaults ...
        assertThat(c.getLingerMs()).isEqualTo(20);
        assertThat(c.getCompressionCodec()).isEqualTo("snappy");
    }

    @Test
    void freeFormProducerPropertiesOverrideTheNamedSettingsInCamelKafka() {
        Map<String, String> producer = Map.of("linger.ms", "5", "compression.type", "zstd", "acks", "1",
                "delivery.timeout.ms", "300000");

        Properties p = ProducerSettings.configurationFor(plaintext(producer)).createProducerProperties();

        assertThat(prop(p, "linger.ms")).isEqualTo("5");
        assertThat(prop(p, "compression.type")).isEqualTo("zstd");
        assertThat(prop(p, "acks")).isEqualTo("1");
        assertThat(prop(p, "delivery.timeout.ms")).isEqualTo("300000");
        assertThat(prop(p, "batch.size")).isEqualTo("131072");
    }
}
