package io.querycast.delivery;

import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;

/**
 * Registers one Camel Kafka component per configured cluster ({@code kafka-<name>}), so that a route
 * addresses a cluster by name and never carries brokers or credentials in its URIs.
 */
public final class KafkaClusters {

    private KafkaClusters() {
    }

    /** @param instanceId this instance's id, in the producers' client ids so that they differ between instances */
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
}
