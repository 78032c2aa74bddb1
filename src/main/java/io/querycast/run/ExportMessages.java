package io.querycast.run;

import io.querycast.delivery.DeadLetters;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.delivery.RecordBatch;
import io.querycast.delivery.UnsendableRecordException;
import io.querycast.message.RecordBuilder;
import io.querycast.query.Row;
import org.apache.camel.Exchange;
import org.apache.kafka.common.header.Header;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Route step: a chunk of rows becomes a {@link RecordBatch} of records (JSON value, key, metadata headers), the
 * body of the job's delivery route. Rows that can never be sent as they are (NULL key, a value that cannot be
 * written as JSON) go to the batch's dead letters at once, with the reason.
 */
public final class ExportMessages {

    /** Shared by the split's sub-exchanges: the builder made on the first chunk of a run. */
    public static final String PROPERTY_BUILDER = "querycast.recordBuilder";
    private static final Header[] NO_HEADERS = new Header[0];

    @SuppressWarnings("unchecked")
    public RecordBatch toRecords(Exchange exchange) {
        ExportRun run = ExportRuns.runOf(exchange);
        List<Row> rows = exchange.getIn().getBody(List.class);
        RecordBuilder.Chunk builder = builderFor(exchange, run, rows).chunk();
        Header[] headers = run.job().includeMetadata() ? run.kafkaHeaders() : NO_HEADERS;
        RecordBatch batch = new RecordBatch(run.job().kafkaConnection(), run.job().topic(), run.job().delivery().deadLetterTopic(),
                run.outcomes(), rows.size());
        for (Row row : rows) {
            RecordBuilder.Built built = builder.build(row);
            String key = built.key();
            OutgoingRecord<Void> record = new OutgoingRecord<>(key, built.value(), headers, null);
            String problem = built.problem();
            if (problem != null) {
                batch.addUnsendable(record, new UnsendableRecordException("row" + (key == null ? "" : " with key " + key) + ": " + problem));
            } else {
                batch.add(record);
            }
        }
        // the run's count before and after this batch: the batch that crosses a progress mark logs it once
        // it is done, whatever later batches were read meanwhile
        long readAfter = run.addRowsRead(rows.size());
        exchange.setProperty(ExportRuns.PROPERTY_ROWS_READ_BEFORE, readAfter - rows.size());
        exchange.setProperty(ExportRuns.PROPERTY_ROWS_READ_AFTER, readAfter);
        exchange.setProperty(ExportRuns.PROPERTY_SEND_STARTED, System.nanoTime());
        return batch;
    }

    /** The Kafka headers every record of a run carries: the run's metadata. */
    static Header[] headersOf(ExportRun run) {
        return DeadLetters.headersOf(run.metadata().headers());
    }

    @SuppressWarnings("unchecked")
    private static RecordBuilder builderFor(Exchange exchange, ExportRun run, List<Row> rows) {
        AtomicReference<RecordBuilder> holder = exchange.getProperty(PROPERTY_BUILDER, AtomicReference.class);
        RecordBuilder b = holder.get();
        if (b == null) {
            b = new RecordBuilder(rows.get(0).columns(), run.job().keyColumn(), run.job().lowercaseColumns(), run.job().jsonColumns(),
                    run.job().includeMetadata() ? run.metadata() : null, "job " + run.jobId() + " (" + run.job().file() + ")");
            // batches run concurrently: the first one to get here wins, the others use its builder
            if (!holder.compareAndSet(null, b)) {
                b = holder.get();
            }
        }
        return b;
    }
}
