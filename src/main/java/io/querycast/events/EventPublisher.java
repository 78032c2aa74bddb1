package io.querycast.events;

import io.querycast.delivery.Records;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Steps of the {@code events-deliver} and {@code events-settle} routes (routes/events.yaml) for one batch of
 * events (the body: one exchange per event, sent to Kafka as one send of one record each). Redelivery is
 * Camel's: the route's dead-letter channel with {@link RetriableEvents} ({@code retryWhile}) and
 * {@link PendingEvents} ({@code onRedelivery}). This class only gives each event its own outcome, once:
 * acknowledged (200 with topic, partition, offset), or failed — a synchronous caller is answered with 503
 * for a retriable cause (broker unreachable, delivery timeout), 413 for a record Kafka refuses as too large,
 * 502 otherwise; an asynchronous event ({@code ?async=true}) goes to the dead-letter topic instead.
 */
public class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** The redelivery policy's maximumRedeliveryDelay in routes/events.yaml. */
    static final long MAX_BACKOFF_MS = 60_000;
    /** Set on an event once it has its outcome. */
    static final String SETTLED = "querycastEventSettled";
    /** The events of a batch bound for the dead-letter topic, collected on the batch exchange. */
    static final String DEAD_LETTERS = Records.DEAD_LETTERS;

    private final EventBatches batches;
    private final String component;

    public EventPublisher(EventBatches batches, String component) {
        this.batches = batches;
        this.component = component;
    }

    /** The Camel component of the events' Kafka connection ({@code kafka-<connection>}), for the routes' {@code toD}. */
    public String component() {
        return component;
    }

    /** Before the first send of a batch: counts it, and one attempt for each of its events. */
    @SuppressWarnings("unchecked")
    public void sending(Exchange batch) {
        List<Exchange> events = batch.getMessage().getBody(List.class);
        batches.batchSent(batch.getProperty(EventBatches.TOPIC, String.class), events.size());
        for (Exchange event : events) {
            Records.countAttempt(event);
        }
    }

    /**
     * After the send succeeded, or after redelivery gave up (the dead-letter channel's target): every event
     * of the batch not settled yet gets its outcome from its own acknowledgement or its own failure.
     */
    @SuppressWarnings("unchecked")
    public void settle(Exchange batch) {
        List<Exchange> events = batch.getMessage().getBody(List.class);
        if (events == null) {
            return;
        }
        for (Exchange event : events) {
            if (Records.acked(event)) {
                acked(event);
            } else {
                failed(event, batch, Records.causeOf(event, batch));
            }
        }
    }

    public boolean hasDeadLetters(Exchange batch) {
        return !Records.deadLetters(batch).isEmpty();
    }

    void acked(Exchange event) {
        if (!markSettled(event)) {
            return;
        }
        RecordMetadata meta = (RecordMetadata) ((List<?>) event.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META)).get(0);
        batches.complete(EventOutcome.acked(id(event), meta.topic(), meta.partition(), meta.offset()));
    }

    /** A failure for good: the caller is answered with it, an asynchronous event is set aside for the dead-letter topic. */
    void failed(Exchange event, Exchange batch, Throwable cause) {
        if (!markSettled(event)) {
            return;
        }
        String id = id(event);
        String topic = event.getProperty(EventBatches.TOPIC, String.class);
        event.setProperty(EventDeadLetters.CAUSE, cause);
        batches.complete(EventOutcome.failed(id, topic, statusOf(cause), describe(cause)));
        if (EventBatches.isAsync(event)) {
            LOG.warn("Event {} (async) to topic {} not delivered after {} attempt(s), for the dead-letter topic: {}", id, topic,
                    Records.attempts(event), describe(cause));
            Records.deadLetters(batch).add(event);
        } else {
            LOG.warn("Event {} to topic {} not delivered after {} attempt(s), caller answered {}: {}", id, topic, Records.attempts(event),
                    statusOf(cause), describe(cause));
        }
    }

    private static boolean markSettled(Exchange event) {
        synchronized (event) {
            if (event.getProperty(SETTLED) != null) {
                return false;
            }
            event.setProperty(SETTLED, Boolean.TRUE);
            return true;
        }
    }

    static boolean settled(Exchange event) {
        return event.getProperty(SETTLED) != null;
    }

    static String id(Exchange event) {
        return event.getProperty(EventBatches.ID, String.class);
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
}
