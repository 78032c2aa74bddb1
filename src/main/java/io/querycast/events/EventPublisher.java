package io.querycast.events;

import io.querycast.delivery.DeliveryRoutes;
import io.querycast.delivery.KafkaErrors;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.delivery.RecordBatch;
import org.apache.camel.Exchange;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;

import java.util.List;

/**
 * Turns accepted HTTP events into {@link RecordBatch}es of the one delivery path (routes/templates/deliver-records.yaml,
 * instance {@code events}, reached at {@link #DELIVERY_URI}), whose outcomes {@link EventOutcomes} gives each event,
 * once: a batch of one for an event its caller waits for ({@link #single}), and as a step of the {@code events-batch}
 * route ({@code eventPublisher}) the batch the aggregator completed ({@link #toBatch}).
 */
public class EventPublisher {

    /** The redelivery policy's maximumRedeliveryDelay in routes/templates/deliver-records.yaml. */
    static final long MAX_BACKOFF_MS = 60_000;
    /** The events' instance of the delivery path (routes events-deliver, events-dead-letter). */
    public static final String DELIVERY_URI = DeliveryRoutes.endpoint(EventsConfiguration.DELIVERY_ID);
    /** The aggregator of routes/events.yaml (route events-batch). */
    public static final String BATCH_URI = "direct:querycast-events";

    private final EventBatches batches;
    private final EventOutcomes outcomes;

    public EventPublisher(EventBatches batches) {
        this.batches = batches;
        this.outcomes = new EventOutcomes(batches);
    }

    /** What the delivery path knows an event by. */
    public record EventRef(String id, String topic, boolean async) {
    }

    /** An accepted event as the delivery path sends it: key (or null), the body as sent, its Kafka headers. */
    public static OutgoingRecord<EventRef> record(String id, String topic, boolean async, String key, byte[] value, Header[] headers) {
        return new OutgoingRecord<>(key, value, headers, new EventRef(id, topic, async));
    }

    /**
     * An event its caller waits for, with {@code querycast.events.batch-sync-events=false}: a RecordBatch of its one
     * record, for the caller's thread to hand to {@link #DELIVERY_URI} at once; the shared producer batches the
     * records of concurrent callers itself.
     */
    public RecordBatch single(OutgoingRecord<EventRef> event) {
        RecordBatch batch = batchOf(event.source().topic(), 1);
        batch.add(event);
        return batch;
    }

    /** Body: the aggregator's batch (one exchange per event, its body the event's record); becomes their RecordBatch. */
    @SuppressWarnings("unchecked")
    public RecordBatch toBatch(Exchange aggregated) {
        List<Exchange> events = aggregated.getMessage().getBody(List.class);
        RecordBatch batch = batchOf(aggregated.getProperty(EventBatches.TOPIC, String.class), events.size());
        for (Exchange e : events) {
            batch.add(e.getMessage().getBody(OutgoingRecord.class));
        }
        return batch;
    }

    /** An empty batch of the events' connection for {@code size} events of {@code topic}, counted as sent. */
    private RecordBatch batchOf(String topic, int size) {
        batches.batchSent(topic, size);
        return new RecordBatch(batches.settings().connection(), topic, topic + ".DLT", outcomes, size);
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
