package io.querycast.message;

import io.querycast.delivery.Records;
import io.querycast.delivery.UnsendableRecordException;
import io.querycast.query.Row;
import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Route step: a chunk of rows becomes a list of record exchanges (JSON value, key, metadata headers),
 * the body the Kafka producer sends as one record per element. Each element is an Exchange so the
 * producer reports each record's own outcome on it.
 */
public final class ExportMessages {

    /** Shared by the split's sub-exchanges: the builder made on the first chunk of a run. */
    public static final String PROPERTY_BUILDER = "querycast.recordBuilder";

    private volatile ProducerTemplate template;

    @SuppressWarnings("unchecked")
    public List<Exchange> toRecords(Exchange exchange) {
        ExportRun run = ExportRuns.runOf(exchange);
        List<Row> rows = exchange.getIn().getBody(List.class);
        RecordBuilder builder = builderFor(exchange, run, rows);
        List<Exchange> records = new ArrayList<>(rows.size());
        ExportMetadata meta = run.job().includeMetadata() ? run.metadata() : null;
        List<Exchange> deadLetters = Records.deadLetters(exchange);
        List<String> steps = run.job().shape().steps();
        int skipped = 0;
        for (Row row : rows) {
            Exchange record = new DefaultExchange(exchange.getContext());
            RecordBuilder.Built built = builder.build(row);
            String key = built.key();
            if (key != null) {
                record.getIn().setHeader(KafkaConstants.KEY, key);
            }
            if (meta != null) {
                meta.headers().forEach(record.getIn()::setHeader);
            }
            String problem = built.problem();
            record.getIn().setBody(built.value());
            RecordSteps.Result stepped = steps.isEmpty() ? RecordSteps.Result.KEPT
                    : RecordSteps.apply(template(exchange), run.jobId(), steps, record);
            if (stepped == RecordSteps.Result.SKIPPED) {
                skipped++;
                continue;
            }
            if (stepped == RecordSteps.Result.FAILED) {
                // the step's error is the letter's reason: the record cannot be sent as the job means it
                deadLetters.add(record);
            } else if (problem != null) {
                // can never be sent as it is: straight to the dead-letter topic, with the reason
                record.setException(new UnsendableRecordException("row" + (key == null ? "" : " with key " + key) + ": " + problem));
                deadLetters.add(record);
            } else {
                Records.countAttempt(record);
                records.add(record);
            }
        }
        // the run's count before and after this batch: the batch that crosses a progress mark logs it once
        // it is done, whatever later batches were read meanwhile
        long readAfter = run.addRowsRead(rows.size());
        // counted once read: the run's counts never hold more outcomes than rows
        for (int i = 0; i < skipped; i++) {
            run.addSkipped();
        }
        exchange.setProperty(ExportRuns.PROPERTY_ROWS_READ_BEFORE, readAfter - rows.size());
        exchange.setProperty(ExportRuns.PROPERTY_ROWS_READ_AFTER, readAfter);
        exchange.setProperty(ExportRuns.PROPERTY_SEND_STARTED, System.nanoTime());
        return records;
    }

    /** One for every job's steps: a ProducerTemplate is thread-safe and costly to make. */
    private ProducerTemplate template(Exchange exchange) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = exchange.getContext().createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private static RecordBuilder builderFor(Exchange exchange, ExportRun run, List<Row> rows) {
        AtomicReference<RecordBuilder> holder = exchange.getProperty(PROPERTY_BUILDER, AtomicReference.class);
        RecordBuilder b = holder.get();
        if (b == null) {
            var job = run.job();
            WrappedEnvelope envelope = job.shape().envelope() == Envelope.WRAPPED
                    ? new WrappedEnvelope(run.metadata(), run.startedAt(), java.time.Clock.systemUTC()) : null;
            b = new RecordBuilder(rows.get(0).columns(), job.keyColumns(), job.shape().keySeparator(), job.lowercaseColumns(),
                    job.jsonColumns(), job.includeMetadata() ? run.metadata() : null, envelope, "job " + run.jobId() + " (" + job.file() + ")");
            // batches run concurrently: the first one to get here wins, the others use its builder
            if (!holder.compareAndSet(null, b)) {
                b = holder.get();
            }
        }
        return b;
    }
}
