package io.querycast.delivery;

import io.querycast.config.Connections;
import io.querycast.config.ExactlyOnceSettings;
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
 *
 * <p>An exactly-once job has a transactional producer of its own ({@link #transactionalProducer}:
 * {@code transactional.id = <prefix>.<job id>}), made and initialised on its first run, kept for its next runs and
 * closed when the job's routes are removed ({@link #discardTransactional}) or Camel stops.
 */
public class KafkaClusters implements Service {

    private final Connections connections;
    private final String instanceId;
    private final ExactlyOnceSettings exactlyOnce;
    private final Map<String, Producer<String, byte[]>> producers = new ConcurrentHashMap<>();
    /** exactly-once jobs' producers, by job id */
    private final Map<String, Producer<String, byte[]>> transactional = new ConcurrentHashMap<>();

    /** @param instanceId this instance's id, in the producers' client ids so that they differ between instances */
    public KafkaClusters(Connections connections, String instanceId) {
        this(connections, instanceId, ExactlyOnceSettings.DEFAULTS);
    }

    public KafkaClusters(Connections connections, String instanceId, ExactlyOnceSettings exactlyOnce) {
        this.connections = connections;
        this.instanceId = instanceId;
        this.exactlyOnce = exactlyOnce;
    }

    /**
     * The transactional producer of an exactly-once job, made on first use: {@code initTransactions} then fences any
     * earlier producer of the same id (a killed process, a zombie instance) and aborts its open transaction.
     */
    public Producer<String, byte[]> transactionalProducer(String cluster, String jobId) {
        return transactional.computeIfAbsent(jobId, id -> {
            KafkaConnection c = connections.kafka(cluster).orElseThrow(() -> new IllegalArgumentException("unknown Kafka connection '" + cluster + "'"));
            Producer<String, byte[]> p = newTransactionalProducer(c, id, exactlyOnce.transactionalId(id));
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            return p;
        });
    }

    /** Closes a job's transactional producer (its routes are removed, or it is in a state only a new one leaves). */
    public void discardTransactional(String jobId) {
        Producer<String, byte[]> p = transactional.remove(jobId);
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    public ExactlyOnceSettings exactlyOnce() {
        return exactlyOnce;
    }

    /** Seam for tests: every transactional producer is made here. */
    protected Producer<String, byte[]> newTransactionalProducer(KafkaConnection cluster, String jobId, String transactionalId) {
        return new KafkaProducer<>(ProducerSettings.transactionalProperties(cluster, instanceId, jobId, transactionalId,
                exactlyOnce.transactionTimeout()));
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
        // an open transaction is aborted by the broker (or by the next initTransactions of its id)
        transactional.values().forEach(p -> p.close(Duration.ofSeconds(5)));
        transactional.clear();
    }
}
