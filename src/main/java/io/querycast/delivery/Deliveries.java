package io.querycast.delivery;

import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;

import java.util.List;

/** Delivery route steps ({@code deliveries}): settle what Kafka acknowledged, tell whether dead letters wait. */
public class Deliveries {

    /** After a send that succeeded as a whole: every record in the body was acknowledged. */
    @SuppressWarnings("unchecked")
    public void settleSent(Exchange batch) {
        ExportRun run = ExportRuns.runOf(batch);
        for (Exchange record : (List<Exchange>) batch.getIn().getBody(List.class)) {
            if (Records.acked(record)) {
                Records.settle(run, record, RecordOutcome.SENT, null);
            }
        }
    }

    public boolean hasDeadLetters(Exchange batch) {
        return !Records.deadLetters(batch).isEmpty();
    }
}
