package io.querycast.delivery;

import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.util.List;

/**
 * The delivery route's {@code retryWhile}: redeliver a batch while the job's {@code max_retries} allows
 * and at least one unacknowledged record failed with an error Kafka calls retriable. Otherwise the
 * dead-letter channel takes over at once.
 */
public class RetriableFailures implements Predicate {

    @Override
    @SuppressWarnings("unchecked")
    public boolean matches(Exchange batch) {
        ExportRun run = ExportRuns.runOf(batch);
        int redeliveries = batch.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (redeliveries > run.job().delivery().maxRetries()) {
            return false;
        }
        for (Exchange record : (List<Exchange>) batch.getIn().getBody(List.class)) {
            if (!Records.acked(record) && Records.retriable(Records.causeOf(record, batch))) {
                return true;
            }
        }
        return false;
    }
}
