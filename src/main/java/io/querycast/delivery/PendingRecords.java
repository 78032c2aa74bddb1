package io.querycast.delivery;

import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The delivery route's {@code onRedelivery}: before each redelivery, keeps in the batch only the records
 * worth sending again. Acknowledged ones are settled as sent (never sent twice by Querycast); those that
 * failed for good are set aside for the dead-letter topic.
 */
public class PendingRecords implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PendingRecords.class);

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange batch) {
        ExportRun run = ExportRuns.runOf(batch);
        List<Exchange> records = batch.getIn().getBody(List.class);
        List<Exchange> resend = new ArrayList<>();
        Throwable example = null;
        for (Exchange record : records) {
            if (Records.acked(record)) {
                Records.settle(run, record, RecordOutcome.SENT, null);
                continue;
            }
            Throwable cause = Records.causeOf(record, batch);
            if (Records.retriable(cause)) {
                example = example == null ? cause : example;
                record.setException(null);
                record.getMessage().removeHeader(KafkaConstants.KAFKA_RECORD_META);
                Records.countAttempt(record);
                resend.add(record);
            } else {
                Records.deadLetters(batch).add(record);
            }
        }
        LOG.warn("Export redelivery: job={} run={} attempt={} resending {} of {} records after: {}", run.jobId(), run.runId(),
                batch.getIn().getHeader(Exchange.REDELIVERY_COUNTER), resend.size(), records.size(),
                example == null ? "-" : example.getClass().getSimpleName() + ": " + example.getMessage());
        batch.getIn().setBody(resend);
    }
}
