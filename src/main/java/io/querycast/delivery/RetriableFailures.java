package io.querycast.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The delivery route's {@code retryWhile} ({@code retriableFailures}): redeliver a batch only when
 * {@link RecordSender} left records that failed with a retriable error, and while the delivery's
 * {@code maxRedeliveries} (exchange property {@value #MAX_REDELIVERIES}) allows. Anything else goes to the
 * dead-letter route at once.
 */
public class RetriableFailures implements Predicate {

    public static final String MAX_REDELIVERIES = "querycastMaxRedeliveries";

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (!(failure instanceof RetriableDeliveryException)) {
            return false;
        }
        int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        return redeliveries <= exchange.getProperty(MAX_REDELIVERIES, 0, Integer.class);
    }
}
