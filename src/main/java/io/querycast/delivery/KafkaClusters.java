package io.querycast.delivery;

import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka clusters of config/connections.yaml as clients: one shared {@link KafkaProducer} per cluster, made on
 * first use from {@link ProducerSettings} (the one place producer settings are decided), used by every export
 * job and the HTTP events on that cluster; and one Camel Kafka component per cluster ({@code kafka-<name>}) for the
 * routes and the API that address a cluster by name. Added to the Camel context as a service, so the producers
 * close only after the routes stopped (events still flushing at shutdown need them).
 */
public class KafkaClusters implements Service {

    private final Connections connections;
    private final String instanceId;
    private final Map<String, Producer<String, byte[]>> producers = new ConcurrentHashMap<>();

    /** @param instanceId this instance's id, in the producers' client ids so that they differ between instances */
    public KafkaClusters(Connections connections, String instanceId) {
        this.connections = connections;
        this.instanceId = instanceId;
    }

    /** Registers the clusters' Camel components and this service (which closes the producers when Camel stops). */
    public void bindTo(CamelContext context) {
        register(context, connections, instanceId);
        try {
            context.addService(this, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the Kafka producers to the Camel context", e);
        }
    }

    /** The shared producer of a cluster. */
    public Producer<String, byte[]> producer(String cluster) {
        return producers.computeIfAbsent(cluster, name -> {
            KafkaConnection c = connections.kafka(name).orElseThrow(() -> new IllegalArgumentException("unknown Kafka connection '" + name + "'"));
            return newProducer(c);
        });
    }

    /** Seam for tests (a MockProducer) and for a transactional variant: every producer is made here. */
    protected Producer<String, byte[]> newProducer(KafkaConnection cluster) {
        return new KafkaProducer<>(ProducerSettings.producerProperties(cluster, instanceId));
    }

    public static void register(CamelContext context, Connections connections, String instanceId) {
        for (KafkaConnection cluster : connections.allKafkaClusters()) {
            KafkaComponent component = new KafkaComponent(context);
            // set after adding too: Spring Boot's component customizers run on add and would overwrite it
            context.addComponent(cluster.componentName(), component);
            component.setConfiguration(ProducerSettings.configurationFor(cluster, instanceId));
        }
    }

    public static KafkaConfiguration configurationOf(CamelContext context, KafkaConnection cluster) {
        return context.getComponent(cluster.componentName(), KafkaComponent.class).getConfiguration();
    }

    @Override
    public void start() {
        // producers are made on first use
    }

    @Override
    public void stop() {
        // records still in flight get their callbacks before close returns (within the timeout)
        producers.values().forEach(p -> p.close(Duration.ofSeconds(30)));
        producers.clear();
    }
}
