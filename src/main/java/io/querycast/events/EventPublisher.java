package io.querycast.events;

import io.querycast.delivery.KafkaErrors;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.delivery.RecordBatch;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Step of the {@code events-batch} route (routes/events.yaml, {@code eventPublisher}): a batch the aggregator
 * completed becomes a {@link RecordBatch} for the one delivery path (routes/templates/deliver-records.yaml,
 * instance {@code events}), whose outcomes {@link EventOutcomes} gives each event, once.
 */
public class EventPublisher {

    /** The redelivery policy's maximumRedeliveryDelay in routes/templates/deliver-records.yaml. */
    static final long MAX_BACKOFF_MS = 60_000;

    private final EventBatches batches;
    private final EventOutcomes outcomes;

    public EventPublisher(EventBatches batches) {
        this.batches = batches;
        this.outcomes = new EventOutcomes(batches);
    }

    /** What the delivery path knows an event by. */
    public record EventRef(String id, String topic, boolean async) {
    }

    /** Body: the aggregator's batch (one exchange per event); becomes the RecordBatch of their records. */
    @SuppressWarnings("unchecked")
    public RecordBatch toBatch(Exchange aggregated) {
        List<Exchange> events = aggregated.getMessage().getBody(List.class);
        String topic = aggregated.getProperty(EventBatches.TOPIC, String.class);
        batches.batchSent(topic, events.size());
        RecordBatch batch = new RecordBatch(batches.settings().connection(), topic, topic + ".DLT", outcomes, events.size());
        for (Exchange e : events) {
            batch.add(recordOf(e, topic));
        }
        return batch;
    }

    /**
     * Body: one event a caller waits for, with {@code querycast.events.batch-sync-events=false} (route
     * {@code events-direct}); becomes a RecordBatch of its one record, sent at once on the caller's thread.
     */
    public RecordBatch toSingle(Exchange event) {
        String topic = event.getProperty(EventBatches.TOPIC, String.class);
        batches.batchSent(topic, 1);
        RecordBatch batch = new RecordBatch(batches.settings().connection(), topic, topic + ".DLT", outcomes, 1);
        batch.add(recordOf(event, topic));
        return batch;
    }

    static OutgoingRecord<EventRef> recordOf(Exchange event, String topic) {
        RecordHeaders headers = new RecordHeaders();
        String key = null;
        for (Map.Entry<String, Object> h : event.getMessage().getHeaders().entrySet()) {
            String name = h.getKey();
            if (name.equals(KafkaConstants.KEY)) {
                key = String.valueOf(h.getValue());
            } else if (!name.startsWith("kafka.") && !name.startsWith("Camel") && h.getValue() != null) {
                headers.add(name, h.getValue().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        EventRef ref = new EventRef(event.getProperty(EventBatches.ID, String.class), topic, EventBatches.isAsync(event));
        return new OutgoingRecord<>(key, event.getMessage().getBody(byte[].class), headers.toArray(), ref);
    }


    static int statusOf(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RecordTooLargeException) {
                return 413;
            }
        }
        return cause == null || KafkaErrors.retriable(cause) ? 503 : 502;
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
