package io.querycast.events;

import io.querycast.delivery.Records;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events-batch} route's last step: sends one completed batch to Kafka as a single send of one
 * record per event ({@code kafka-<connection>:<topic>}, the cluster's own component and producer settings),
 * then answers each event's caller with that event's own outcome. Events whose failure Kafka calls retriable
 * are sent again, like export records, up to {@code querycast.defaults.max-retries} times after
 * {@code retry-backoff-ms} doubled each time; acknowledged ones are never sent twice. What still fails is
 * answered with an error: 503 for a retriable cause (broker unreachable, delivery timeout), 413 for a record
 * Kafka refuses as too large, 502 otherwise.
 */
public class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    static final long MAX_BACKOFF_MS = 60_000;

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final EventBatches batches;
    private final String component;
    private final int maxRetries;
    private final long retryBackoffMs;

    public EventPublisher(CamelContext camel, ProducerTemplate producer, EventBatches batches, String component, int maxRetries,
                          long retryBackoffMs) {
        this.camel = camel;
        this.producer = producer;
        this.batches = batches;
        this.component = component;
        this.maxRetries = maxRetries;
        this.retryBackoffMs = retryBackoffMs;
    }

    @SuppressWarnings("unchecked")
    public void publish(Exchange batch) {
        String topic = batch.getProperty(EventBatches.TOPIC, String.class);
        List<Exchange> events = new ArrayList<>(batch.getMessage().getBody(List.class));
        batches.batchSent(topic, events.size());
        String uri = component + ":" + topic;
        for (int attempt = 0; !events.isEmpty(); attempt++) {
            if (attempt > 0) {
                sleep(Math.min(MAX_BACKOFF_MS, retryBackoffMs << Math.min(attempt - 1, 20)));
            }
            Exchange send = new DefaultExchange(camel);
            send.getMessage().setBody(new ArrayList<>(events));
            try {
                producer.send(uri, send);
            } catch (RuntimeException e) {
                send.setException(e);
            }
            List<Exchange> again = new ArrayList<>();
            Throwable example = null;
            for (Exchange event : events) {
                String id = event.getProperty(EventBatches.ID, String.class);
                if (Records.acked(event)) {
                    RecordMetadata meta = (RecordMetadata) ((List<?>) event.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META)).get(0);
                    batches.complete(EventOutcome.acked(id, meta.topic(), meta.partition(), meta.offset()));
                    continue;
                }
                Throwable cause = Records.causeOf(event, send);
                if (Records.retriable(cause) && attempt < maxRetries) {
                    example = example == null ? cause : example;
                    event.setException(null);
                    event.getMessage().removeHeader(KafkaConstants.KAFKA_RECORD_META);
                    again.add(event);
                } else {
                    batches.complete(EventOutcome.failed(id, topic, statusOf(cause), describe(cause)));
                }
            }
            if (!again.isEmpty()) {
                LOG.warn("Event batch to topic {}: resending {} of {} events (attempt {}) after: {}", topic, again.size(), events.size(),
                        attempt + 2, describe(example));
            }
            events = again;
        }
    }

    static int statusOf(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RecordTooLargeException) {
                return 413;
            }
        }
        return cause == null || Records.retriable(cause) ? 503 : 502;
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "Kafka did not acknowledge the event";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "Kafka did not acknowledge the event: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
