package io.querycast.events;

import io.querycast.delivery.Records;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.util.List;

/**
 * The {@code events-deliver} route's {@code retryWhile} ({@code retriableEvents}): redeliver a batch while
 * {@code querycast.defaults.max-retries} allows and at least one unacknowledged event failed with an error
 * Kafka calls retriable (its {@code RetriableException}). Otherwise the dead-letter channel settles the batch
 * at once. (With retryWhile set, Camel leaves the count to the predicate, as the export delivery route does.)
 */
public class RetriableEvents implements Predicate {

    private final int maxRetries;

    public RetriableEvents(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean matches(Exchange batch) {
        int redeliveries = batch.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (redeliveries > maxRetries) {
            return false;
        }
        List<Exchange> events = batch.getIn().getBody(List.class);
        if (events == null) {
            return false;
        }
        for (Exchange event : events) {
            if (!EventPublisher.settled(event) && !Records.acked(event) && Records.retriable(Records.causeOf(event, batch))) {
                return true;
            }
        }
        return false;
    }
}
