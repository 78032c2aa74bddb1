package io.querycast.delivery;

import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checked at the start of a run (run.RunTopics) and by the API: topics must exist,
 * unless the brokers create topics on first use. Failing here, before a row is read, beats a producer
 * waiting {@code max.block.ms} for metadata of a topic that will never come.
 */
public final class TopicCheck implements AutoCloseable {

    static final int TIMEOUT_SECONDS = 15;

    private final CamelContext camel;
    private final Connections connections;
    private final Map<String, Admin> admins = new ConcurrentHashMap<>();

    public TopicCheck(CamelContext camel, Connections connections) {
        this.camel = camel;
        this.connections = connections;
    }

    public void check(String connectionName, List<String> topics) {
        KafkaConnection cluster = connections.kafka(connectionName).orElseThrow();
        Admin admin = admin(connectionName);
        String where = "Kafka connection '" + connectionName + "' (" + cluster.bootstrapServers() + ")";
        try {
            List<String> missing = new ArrayList<>();
            Map<String, KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> described =
                    admin.describeTopics(topics).topicNameValues();
            for (String topic : topics) {
                try {
                    described.get(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw ex;
                    }
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty() && !brokersCreateTopics(admin)) {
                throw new TopicMissingException("topic(s) " + missing + " do not exist on " + where
                        + " and its brokers do not create topics automatically (auto.create.topics.enable=false): create them first");
            }
        } catch (TimeoutException e) {
            throw new TopicMissingException(where + " did not answer within " + TIMEOUT_SECONDS + " s while checking topics " + topics);
        } catch (ExecutionException e) {
            throw new TopicMissingException("cannot check topics " + topics + " on " + where + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicMissingException("interrupted while checking topics on " + where);
        }
    }

    private static boolean brokersCreateTopics(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        String brokerId = Integer.toString(admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).iterator().next().id());
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokerId);
        Config config = admin.describeConfigs(List.of(broker)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(broker);
        ConfigEntry entry = config.get("auto.create.topics.enable");
        return entry == null || Boolean.parseBoolean(entry.value());
    }

    /** The cluster's admin client, shared (made on first use, closed with this). */
    public Admin admin(String connectionName) {
        KafkaConnection cluster = connections.kafka(connectionName).orElseThrow();
        return admins.computeIfAbsent(connectionName, n -> Admin.create(adminProperties(cluster)));
    }

    /** The cluster's connection and security settings, as its producer has them, minus producer-only ones. */
    public Properties adminProperties(KafkaConnection cluster) {
        Properties producer = KafkaClusters.configurationOf(camel, cluster).createProducerProperties();
        Properties admin = new Properties();
        for (String name : AdminClientConfig.configNames()) {
            if (producer.containsKey(name)) {
                admin.put(name, producer.get(name));
            }
        }
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "querycast-admin-" + cluster.name());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        return admin;
    }

    @Override
    public void close() {
        admins.values().forEach(Admin::close);
    }
}
