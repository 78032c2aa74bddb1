package io.querycast.events;

import io.querycast.delivery.DeadLetters;
import io.querycast.delivery.DeliveryOutcomes;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.events.EventPublisher.EventRef;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the delivery path tells the HTTP events: an acknowledged event's caller gets 200 with topic, partition and
 * offset; one that failed for good gets 503 (retriable cause: broker unreachable, delivery timeout), 413 (too large)
 * or 502, and an asynchronous one ({@code ?async=true}) goes to {@code <topic>.DLT} with the exports' dead-letter
 * headers plus {@code dlt_event_id}. A letter Kafka did not take is logged at ERROR with its event id and counted
 * ({@code querycast.events.dead.letter.failures}): nothing is dropped silently.
 */
final class EventOutcomes implements DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutcomes.class);

    public static final String EVENT_ID = "dlt_event_id";
    /** dlt_job_id of an event's dead letter: events belong to no export job. */
    public static final String JOB_ID = "events";

    private final EventBatches batches;

    EventOutcomes(EventBatches batches) {
        this.batches = batches;
    }

    private static EventRef ref(OutgoingRecord<?> record) {
        return (EventRef) record.source();
    }

    @Override
    public void sent(List<OutgoingRecord<?>> records) {
        for (OutgoingRecord<?> r : records) {
            RecordMetadata m = r.metadata();
            batches.complete(EventOutcome.acked(ref(r).id(), m.topic(), m.partition(), m.offset()));
        }
    }

    @Override
    public boolean undeliverable(OutgoingRecord<?> record, Throwable cause) {
        EventRef ref = ref(record);
        int status = EventPublisher.statusOf(cause);
        String why = EventPublisher.describe(cause);
        batches.complete(EventOutcome.failed(ref.id(), ref.topic(), status, why));
        if (ref.async()) {
            LOG.warn("Event {} (async) to topic {} not delivered after {} attempt(s), for the dead-letter topic: {}", ref.id(), ref.topic(),
                    record.attempts(), why);
            return true;
        }
        LOG.warn("Event {} to topic {} not delivered after {} attempt(s), caller answered {}: {}", ref.id(), ref.topic(), record.attempts(),
                status, why);
        record.settle();
        return false;
    }

    @Override
    public void letterHeaders(OutgoingRecord<?> record, RecordHeaders headers) {
        String id = ref(record).id();
        DeadLetters.add(headers, DeadLetters.JOB_ID, JOB_ID);
        DeadLetters.add(headers, DeadLetters.EXPORT_ID, id);
        DeadLetters.add(headers, EVENT_ID, id);
    }

    @Override
    public void deadLettered(OutgoingRecord<?> record, String reason) {
        batches.deadLettered();
        LOG.warn("Event {} written to dead-letter topic {}.DLT ({})", ref(record).id(), ref(record).topic(), reason);
    }

    @Override
    public void lost(List<OutgoingRecord<?>> records, String reason, Throwable failure) {
        for (OutgoingRecord<?> r : records) {
            batches.deadLetterFailed();
            LOG.error("EVENT LOST: async event {} failed ({}) and could not be written to dead-letter topic {}.DLT either: {}", ref(r).id(),
                    reason, ref(r).topic(), failure == null ? "not acknowledged" : failure.toString());
        }
    }
}
