package io.querycast.delivery;

import io.querycast.config.KafkaConnection;
import io.querycast.config.KafkaConnection.KafkaSsl;
import org.apache.camel.component.kafka.KafkaConfiguration;

import java.util.Map;

/**
 * The producer settings of one cluster: safe defaults (acks=all, idempotence, snappy, a little linger
 * and 128 KB batches), then the cluster's security, then its free-form {@code producer:} properties,
 * which override everything else.
 */
public final class ProducerSettings {

    public static final String DEFAULT_COMPRESSION = "snappy";
    public static final int DEFAULT_LINGER_MS = 20;
    public static final int DEFAULT_BATCH_BYTES = 128 * 1024;

    private ProducerSettings() {
    }

    public static KafkaConfiguration configurationFor(KafkaConnection cluster) {
        return configurationFor(cluster, null);
    }

    /**
     * @param instanceId the instance's id ({@code querycast.state.instance-id}): the client id is
     *                   {@code querycast-<instance>-<cluster>}, so brokers' quotas, logs and metrics tell instances apart
     */
    public static KafkaConfiguration configurationFor(KafkaConnection cluster, String instanceId) {
        KafkaConfiguration c = new KafkaConfiguration();
        c.setBrokers(cluster.bootstrapServers());
        c.setClientId(clientId(cluster, instanceId));
        c.setRequestRequiredAcks("all");
        // camel-kafka's field defaults to false whatever its documentation says: set it explicitly
        c.setEnableIdempotence(true);
        c.setCompressionCodec(DEFAULT_COMPRESSION);
        c.setLingerMs(DEFAULT_LINGER_MS);
        c.setProducerBatchSize(DEFAULT_BATCH_BYTES);
        c.setMaxInFlightRequest(5);
        c.setRecordMetadata(true);
        c.setBatchWithIndividualHeaders(true);
        c.setKeySerializer("org.apache.kafka.common.serialization.StringSerializer");
        c.setValueSerializer("org.apache.kafka.common.serialization.ByteArraySerializer");

        c.setSecurityProtocol(cluster.securityProtocol().name());
        if (cluster.securityProtocol().usesSasl()) {
            c.setSaslMechanism(cluster.saslMechanism().toString());
            c.setSaslJaasConfig(jaasConfig(cluster));
        }
        KafkaSsl ssl = cluster.ssl();
        if (ssl != null) {
            c.setSslTruststoreLocation(ssl.truststoreLocation());
            c.setSslTruststorePassword(ssl.truststorePassword().reveal());
            if (ssl.truststoreType() != null) {
                c.setSslTruststoreType(ssl.truststoreType());
            }
            c.setSslKeystoreLocation(ssl.keystoreLocation());
            c.setSslKeystorePassword(ssl.keystorePassword().reveal());
            if (ssl.keystoreType() != null) {
                c.setSslKeystoreType(ssl.keystoreType());
            }
            c.setSslKeyPassword(ssl.keyPassword().reveal());
            if (ssl.hasSeparatePemKey()) {
                // kafka-clients takes a certificate and key of their own only as contents, never as two file locations
                c.getAdditionalProperties().put("ssl.keystore.type", "PEM");
                c.getAdditionalProperties().put("ssl.keystore.certificate.chain", ssl.certificateChainPem());
                c.getAdditionalProperties().put("ssl.keystore.key", ssl.privateKeyPem().reveal());
            }
            if (ssl.endpointIdentificationAlgorithm() != null) {
                c.setSslEndpointAlgorithm(ssl.endpointIdentificationAlgorithm());
            }
        }
        Map<String, Object> extra = c.getAdditionalProperties();
        extra.putAll(cluster.producerProperties());
        return c;
    }

    /**
     * The properties the cluster's shared producer is made with ({@link KafkaClusters}): the same as the
     * Camel component's, so the API's sends, ProducerPerformance in bench/ and the delivery path agree.
     */
    public static java.util.Properties producerProperties(KafkaConnection cluster, String instanceId) {
        java.util.Properties p = configurationFor(cluster, instanceId).createProducerProperties();
        // camel-kafka adds the brokers itself when it makes its producer
        p.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return p;
    }

    /**
     * The properties of an exactly-once job's own producer: the cluster's, then what a transaction needs and the
     * cluster's {@code producer:} properties may not weaken (acks=all, idempotence, at most 5 requests in flight), its
     * {@code transactional.id} and {@code transaction.timeout.ms}; a client id of its own (instance, cluster, job).
     */
    public static java.util.Properties transactionalProperties(KafkaConnection cluster, String instanceId, String jobId,
                                                               String transactionalId, java.time.Duration transactionTimeout) {
        java.util.Properties p = producerProperties(cluster, instanceId);
        p.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        Object inFlight = p.get(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight == null || Integer.parseInt(inFlight.toString()) > 5) {
            p.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        }
        p.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()));
        p.put(org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG, clientId(cluster, instanceId) + "-" + jobId);
        return p;
    }

    public static String clientId(KafkaConnection cluster, String instanceId) {
        return "querycast-" + (instanceId == null ? "" : instanceId + "-") + cluster.name();
    }

    /** The JAAS line Kafka expects; quotes and backslashes in credentials are escaped. */
    static String jaasConfig(KafkaConnection cluster) {
        return cluster.saslMechanism().loginModule() + " required username=\"" + escape(cluster.username())
                + "\" password=\"" + escape(cluster.password().reveal()) + "\";";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
