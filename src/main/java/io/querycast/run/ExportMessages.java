package io.querycast.run;

import io.querycast.delivery.DeadLetters;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.delivery.RecordBatch;
import io.querycast.delivery.UnsendableRecordException;
import io.querycast.message.Envelope;
import io.querycast.message.RecordBuilder;
import io.querycast.message.RecordSteps;
import io.querycast.message.WrappedEnvelope;
import io.querycast.query.Row;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Route step: a chunk of rows becomes a {@link RecordBatch} of records (JSON value, key, metadata headers), the
 * body of the job's delivery route. Rows that can never be sent as they are (NULL key, a value that cannot be
 * written as JSON) go to the batch's dead letters at once, with the reason. A job with record steps runs each
 * record through them as a Camel exchange (only then is there an exchange per record): a step may change it,
 * drop it (counted skipped) or fail it (dead-lettered with the step's error).
 */
public final class ExportMessages {

    /** Shared by the split's sub-exchanges: the builder made on the first chunk of a run. */
    public static final String PROPERTY_BUILDER = "querycast.recordBuilder";
    private static final Header[] NO_HEADERS = new Header[0];

    private volatile ProducerTemplate template;

    @SuppressWarnings("unchecked")
    public RecordBatch toRecords(Exchange exchange) {
        ExportRun run = ExportRuns.runOf(exchange);
        List<Row> rows = exchange.getIn().getBody(List.class);
        RecordBuilder.Chunk builder = builderFor(exchange, run, rows).chunk();
        Header[] headers = run.job().includeMetadata() ? run.kafkaHeaders() : NO_HEADERS;
        RecordBatch batch = new RecordBatch(run.job().kafkaConnection(), run.job().topic(), run.job().delivery().deadLetterTopic(),
                run.outcomes(), rows.size());
        List<String> steps = run.job().shape().steps();
        int skipped = 0;
        for (Row row : rows) {
            RecordBuilder.Built built = builder.build(row);
            String key = built.key();
            OutgoingRecord<Void> record = new OutgoingRecord<>(key, built.value(), headers, null);
            String problem = built.problem();
            if (!steps.isEmpty()) {
                Exchange stepped = new DefaultExchange(exchange.getContext());
                if (key != null) {
                    stepped.getIn().setHeader(KafkaConstants.KEY, key);
                }
                if (run.job().includeMetadata()) {
                    run.metadata().headers().forEach(stepped.getIn()::setHeader);
                }
                stepped.getIn().setBody(built.value());
                RecordSteps.Result result = RecordSteps.apply(template(exchange), run.jobId(), steps, stepped);
                if (result == RecordSteps.Result.SKIPPED) {
                    skipped++;
                    continue;
                }
                if (result == RecordSteps.Result.FAILED) {
                    // the step's error is the letter's reason: the record cannot be sent as the job means it
                    batch.addUnsendable(record, stepped.getException());
                    continue;
                }
                record = recordOf(stepped);
            }
            if (problem != null) {
                batch.addUnsendable(record, new UnsendableRecordException("row" + (key == null ? "" : " with key " + key) + ": " + problem));
            } else {
                batch.add(record);
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
        return batch;
    }

    /** The record a step left: its key, body and headers (neither {@code kafka.*} nor {@code Camel*}). */
    private static OutgoingRecord<Void> recordOf(Exchange stepped) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, Object> h : stepped.getIn().getHeaders().entrySet()) {
            String name = h.getKey();
            Object v = h.getValue();
            if (!name.startsWith("kafka.") && !name.startsWith("Camel") && v != null) {
                headers.add(name, v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        Object key = stepped.getIn().getHeader(KafkaConstants.KEY);
        return new OutgoingRecord<>(key == null ? null : key.toString(), stepped.getIn().getBody(byte[].class), headers.toArray(), null);
    }

    /** The Kafka headers every record of a run carries: the run's metadata. */
    static Header[] headersOf(ExportRun run) {
        return DeadLetters.headersOf(run.metadata().headers());
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
