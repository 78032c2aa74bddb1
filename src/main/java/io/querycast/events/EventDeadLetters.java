package io.querycast.events;

import io.querycast.delivery.DeadLetters;
import io.querycast.delivery.Records;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps of the {@code events-dead-letter} route ({@code eventDeadLetters}): asynchronous events that failed
 * for good (non-retriable, or retries exhausted) become records of {@code <topic>.DLT} with the exports'
 * dead-letter contract (docs/reliability.md: original key, value and headers, {@code dlt_*} headers) plus
 * {@code dlt_event_id}; then each letter Kafka did not acknowledge is logged at ERROR with its event id and
 * counted ({@code querycast.events.dead.letter.failures}): nothing is dropped silently.
 */
public class EventDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(EventDeadLetters.class);

    public static final String EVENT_ID = "dlt_event_id";
    /** dlt_job_id of an event's dead letter: events belong to no export job. */
    public static final String JOB_ID = "events";
    /** The failure an event was settled with. */
    static final String CAUSE = "querycastEventCause";
    private static final String SOURCES = "querycastEventDeadLetterSources";

    private final EventBatches batches;

    public EventDeadLetters(EventBatches batches) {
        this.batches = batches;
    }

    /** The body becomes the dead letters of the batch's asynchronous events that failed. */
    public void prepare(Exchange batch) {
        List<Exchange> events = new ArrayList<>(Records.deadLetters(batch));
        Records.deadLetters(batch).clear();
        List<Message> letters = new ArrayList<>(events.size());
        for (Exchange event : events) {
            Throwable cause = event.getProperty(CAUSE, Throwable.class);
            String id = EventPublisher.id(event);
            Message letter = DeadLetters.letter(event, cause, event.getProperty(EventBatches.TOPIC, String.class), JOB_ID, id);
            letter.setHeader(EVENT_ID, id);
            letters.add(letter);
        }
        batch.setProperty(SOURCES, events);
        batch.getMessage().setBody(letters);
    }

    /** After the dead-letter sends: acknowledged letters are counted; any other is logged at ERROR and counted as lost. */
    @SuppressWarnings("unchecked")
    public void confirm(Exchange batch) {
        List<Message> letters = batch.getMessage().getBody(List.class);
        Throwable failure = batch.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String dlt = batch.getProperty(EventBatches.TOPIC, String.class) + ".DLT";
        for (Message letter : letters) {
            String id = letter.getHeader(EVENT_ID, String.class);
            if (Records.acked(letter)) {
                batches.deadLettered();
                LOG.warn("Event {} written to dead-letter topic {} ({}: {})", id, dlt, letter.getHeader(DeadLetters.ERROR_CLASS),
                        letter.getHeader(DeadLetters.ERROR_MESSAGE));
            } else {
                batches.deadLetterFailed();
                LOG.error("EVENT LOST: async event {} failed ({}: {}) and could not be written to dead-letter topic {} either: {}", id,
                        letter.getHeader(DeadLetters.ERROR_CLASS), letter.getHeader(DeadLetters.ERROR_MESSAGE), dlt,
                        failure == null ? "not acknowledged" : failure.toString());
            }
        }
    }
}
