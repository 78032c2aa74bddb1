package io.querycast.events;

import io.querycast.delivery.Records;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code events-deliver} route's {@code onRedelivery} ({@code pendingEvents}): before each redelivery,
 * keeps in the batch only the events worth sending again. Acknowledged ones are answered at once (never sent
 * twice); those that failed for good are answered with their error (or set aside for the dead-letter topic
 * when asynchronous), so one event's failure never holds back or fails its neighbours.
 */
public class PendingEvents implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PendingEvents.class);

    private final EventPublisher publisher;

    public PendingEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange batch) {
        List<Exchange> events = batch.getIn().getBody(List.class);
        List<Exchange> resend = new ArrayList<>();
        Throwable example = null;
        for (Exchange event : events) {
            if (EventPublisher.settled(event)) {
                continue;
            }
            if (Records.acked(event)) {
                publisher.acked(event);
                continue;
            }
            Throwable cause = Records.causeOf(event, batch);
            if (Records.retriable(cause)) {
                example = example == null ? cause : example;
                event.setException(null);
                event.getMessage().removeHeader(KafkaConstants.KAFKA_RECORD_META);
                Records.countAttempt(event);
                resend.add(event);
            } else {
                publisher.failed(event, batch, cause);
            }
        }
        LOG.warn("Event batch to topic {}: redelivery {} resends {} of {} events after: {}", batch.getProperty(EventBatches.TOPIC),
                batch.getIn().getHeader(Exchange.REDELIVERY_COUNTER), resend.size(), events.size(),
                example == null ? "-" : example.getClass().getSimpleName() + ": " + example.getMessage());
        batch.getIn().setBody(resend);
    }
}
