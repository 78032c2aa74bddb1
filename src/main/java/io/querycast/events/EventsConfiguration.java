package io.querycast.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.config.ConfigException;
import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import io.querycast.config.QuerycastProperties;
import io.querycast.config.JobDefaults;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import io.querycast.delivery.DeliveryRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP event publishing: the beans routes/events.yaml calls by name ({@code eventBatches}, {@code eventPublisher}),
 * the handler of routes/api.yaml's {@code /api/events} verbs, and the shutdown listener that stops accepting
 * events as soon as the application context starts closing (before Camel stops and the aggregator flushes).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventSettings.class)
public class EventsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EventsConfiguration.class);
    static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
    /** The events' delivery routes: events-deliver, events-dead-letter. */
    public static final String DELIVERY_ID = "events";

    @Bean
    EventBatches eventBatches(EventSettings settings, Connections connections, MeterRegistry registry) {
        Optional<KafkaConnection> cluster = connections.kafka(settings.connection());
        if (cluster.isEmpty() && !settings.topics().isEmpty()) {
            throw new ConfigException("querycast.events.connection: unknown Kafka connection '" + settings.connection()
                    + "'; configured: " + connections.kafkaClusters().keySet());
        }
        LOG.info("HTTP event publishing: connection={} batch_size={} batch_timeout_ms={} max_batch_size={} topics={}", settings.connection(),
                settings.batchSize(), settings.batchTimeoutMs(), settings.maxBatchSize(), settings.topics());
        return new EventBatches(settings, registry);
    }

    @Bean
    EventPublisher eventPublisher(EventBatches batches) {
        return new EventPublisher(batches);
    }

    /**
     * The events' instance of the one delivery path (routes/templates/deliver-records.yaml, dead-letter.yaml): routes
     * events-deliver and events-dead-letter, with the exports' default redelivery policy (querycast.defaults.*).
     */
    @Bean
    CamelContextConfiguration eventDeliveryRoutes(QuerycastProperties props) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                DeliveryRoutes.add(context, DELIVERY_ID, props.defaults().maxRedeliveries(), props.defaults().redeliveryDelayMs());
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing: the routes start with the context
            }
        };
    }

    @Bean
    ApplicationListener<ContextClosedEvent> eventsShutdown(EventBatches batches) {
        return event -> {
            batches.startClosing();
            LOG.info("HTTP event publishing: shutting down, new events are refused; {} accepted events waiting in batches are flushed",
                    batches.pendingInBatches());
        };
    }

    /**
     * How long a caller waits for its event: every attempt's delivery timeout, the back-off between them, the
     * batch timeout, and a margin. Past it the caller gets 503.
     */
    public static Duration replyTimeout(EventSettings settings, Connections connections, JobDefaults defaults) {
        long delivery = connections.kafka(settings.connection())
                .map(c -> c.producerProperties().get("delivery.timeout.ms"))
                .map(v -> Long.parseLong(v.toString().trim()))
                .orElse(DEFAULT_DELIVERY_TIMEOUT_MS);
        long backoff = 0;
        for (int i = 0; i < defaults.maxRedeliveries(); i++) {
            backoff += Math.min(EventPublisher.MAX_BACKOFF_MS, (long) defaults.redeliveryDelayMs() << Math.min(i, 20));
        }
        return Duration.ofMillis((defaults.maxRedeliveries() + 1) * delivery + backoff + settings.batchTimeoutMs() + 10_000);
    }
}
