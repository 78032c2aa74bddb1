package io.querycast.config;

import java.util.Map;

/** A named Kafka cluster the export jobs write to ({@code kafka.<name>} in the connections file). */
public record KafkaConnection(
        String name,
        String bootstrapServers,
        SecurityProtocol securityProtocol,
        SaslMechanism saslMechanism,
        String username,
        Secret password,
        KafkaSsl ssl,
        Map<String, String> producerProperties,
        String description) {

    public KafkaConnection(String name, String bootstrapServers, SecurityProtocol securityProtocol, SaslMechanism saslMechanism,
                           String username, Secret password, KafkaSsl ssl, Map<String, String> producerProperties) {
        this(name, bootstrapServers, securityProtocol, saslMechanism, username, password, ssl, producerProperties, "");
    }

    /** The Camel component name routes use for this cluster, e.g. {@code kafka-default:topic}. */
    public String componentName() {
        return componentNameFor(name);
    }

    /** URI schemes may not contain '_', so {@code cdg_prod} becomes component {@code kafka-cdg-prod}. */
    public static String componentNameFor(String connectionName) {
        return "kafka-" + connectionName.replace('_', '-').toLowerCase(java.util.Locale.ROOT);
    }

    public enum SecurityProtocol { PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        public boolean usesSasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }

        public boolean usesSsl() {
            return this == SSL || this == SASL_SSL;
        }
    }

    public enum SaslMechanism {
        PLAIN("org.apache.kafka.common.security.plain.PlainLoginModule"),
        SCRAM_SHA_256("org.apache.kafka.common.security.scram.ScramLoginModule"),
        SCRAM_SHA_512("org.apache.kafka.common.security.scram.ScramLoginModule");

        private final String loginModule;

        SaslMechanism(String loginModule) {
            this.loginModule = loginModule;
        }

        public String loginModule() {
            return loginModule;
        }

        /** The name Kafka expects in {@code sasl.mechanism}. */
        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    /**
     * Trust and key material; PEM files are given with type {@code PEM}. The client certificate and key may
     * also come as two PEM files of their own ({@code certificate_location}, {@code key_location}, as
     * Python clients take them): kafka-clients then gets their contents as {@code ssl.keystore.certificate.chain}
     * and {@code ssl.keystore.key} with {@code ssl.keystore.type=PEM}.
     */
    public record KafkaSsl(
            String truststoreLocation,
            Secret truststorePassword,
            String truststoreType,
            String keystoreLocation,
            Secret keystorePassword,
            String keystoreType,
            Secret keyPassword,
            String endpointIdentificationAlgorithm,
            String certificateLocation,
            String keyLocation) {

        public KafkaSsl(String truststoreLocation, Secret truststorePassword, String truststoreType, String keystoreLocation,
                        Secret keystorePassword, String keystoreType, Secret keyPassword, String endpointIdentificationAlgorithm) {
            this(truststoreLocation, truststorePassword, truststoreType, keystoreLocation, keystorePassword, keystoreType, keyPassword,
                    endpointIdentificationAlgorithm, null, null);
        }

        /** True when the client certificate and its key are two PEM files of their own. */
        public boolean hasSeparatePemKey() {
            return certificateLocation != null;
        }

        /** The client certificate chain, PEM text, read from {@code certificate_location} now. */
        public String certificateChainPem() {
            return readPem(certificateLocation);
        }

        /** The client's private key, PEM text (PKCS#8), read from {@code key_location} now. */
        public Secret privateKeyPem() {
            return Secret.of(readPem(keyLocation));
        }

        private static String readPem(String location) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(location)).strip();
            } catch (java.io.IOException e) {
                throw new ConfigException("cannot read " + location + ": " + e.getMessage(), e);
            }
        }
    }
}
