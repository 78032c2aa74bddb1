package io.querycast.replay;

import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import io.querycast.delivery.DeliveryRoutes;
import io.querycast.delivery.KafkaClusters;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.delivery.RecordBatch;
import io.querycast.job.ExportJob;
import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import io.querycast.run.RunRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Re-sends chosen dead letters of a job to the job's topic, as a run of its own (trigger {@code replay}): the
 * dead-letter topic is read from its start to its end as of now ({@link DeadLetterReader}), the letters the
 * {@link ReplayFilter} picks are handed, a batch at a time, to the job's own delivery route
 * ({@code direct:querycast-deliver-<job>}: its producer, retries and dead-letter channel), so they count
 * exactly as an export's records do. Each re-sent record has the letter's key, value and headers without the
 * {@code dlt_*} ones. A letter whose value was cut to fit the dead-letter topic ({@code dlt_value_truncated})
 * cannot be re-sent as it was: it is counted skipped. A letter of another original topic (the job's topic
 * changed since) is left alone and reported.
 */
public final class DeadLetterReplay {

    /** What a replay did. {@code run} holds its counts; the rest says what was read and left out. */
    public record Result(RunRecord run, long lettersRead, long matched, long truncated, long otherTopic) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    static final String DLT_PREFIX = "dlt_";

    private final CamelContext camel;
    private final Connections connections;
    private final ExportRuns runs;
    private final Duration readTimeout;
    private volatile ProducerTemplate template;

    public DeadLetterReplay(CamelContext camel, Connections connections, ExportRuns runs, Duration readTimeout) {
        this.camel = camel;
        this.connections = connections;
        this.runs = runs;
        this.readTimeout = readTimeout;
    }

    public Result replay(ExportJob job, ReplayFilter filter) {
        KafkaConnection cluster = connections.kafka(job.kafkaConnection()).orElseThrow();
        Properties properties = KafkaClusters.configurationOf(camel, cluster).createConsumerProperties();
        properties.put("bootstrap.servers", cluster.bootstrapServers());
        DeadLetterReader reader = new DeadLetterReader(properties, "querycast-replay-" + job.id(), readTimeout);

        ExportRun run = runs.startReplay(job, filter.description());
        long[] counts = new long[3];
        List<OutgoingRecord<?>> batch = new ArrayList<>(job.batchSize());
        long read;
        try {
            read = reader.read(job.delivery().deadLetterTopic(), letter -> {
                if (!filter.matches(letter)) {
                    return;
                }
                if (!job.topic().equals(ReplayFilter.header(letter, io.querycast.delivery.DeadLetters.ORIGINAL_TOPIC))) {
                    counts[2]++;
                    return;
                }
                counts[0]++;
                run.addRowsRead(1);
                if ("true".equals(ReplayFilter.header(letter, io.querycast.delivery.DeadLetters.VALUE_TRUNCATED))) {
                    counts[1]++;
                    run.addSkipped();
                    return;
                }
                batch.add(record(letter));
                if (batch.size() == job.batchSize()) {
                    deliver(job, run, batch);
                }
            });
            if (!batch.isEmpty()) {
                deliver(job, run, batch);
            }
        } catch (RuntimeException e) {
            runs.failReplay(run, e);
            throw e;
        }
        runs.finishRun(run);
        LOG.info("Replay finished: job={} run={} letters read={} matched={} truncated (skipped)={} of another topic={} sent={}",
                job.id(), run.runId(), read, counts[0], counts[1], counts[2], run.sent());
        return new Result(run.snapshot(), read, counts[0], counts[1], counts[2]);
    }

    /** The record the letter was: key, value, and every header but the {@code dlt_*} ones, as bytes. */
    private static OutgoingRecord<Void> record(ConsumerRecord<byte[], byte[]> letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : letter.headers()) {
            if (!h.key().startsWith(DLT_PREFIX)) {
                headers.add(h);
            }
        }
        String key = letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8);
        return new OutgoingRecord<>(key, letter.value(), headers.toArray(), null);
    }

    /** One batch through the job's delivery route, as the export hands its batches over; the outcomes settle on the run. */
    private void deliver(ExportJob job, ExportRun run, List<OutgoingRecord<?>> records) {
        RecordBatch body = new RecordBatch(job.kafkaConnection(), job.topic(), job.delivery().deadLetterTopic(), run.outcomes(), records.size());
        records.forEach(body::add);
        records.clear();
        Exchange batch = template().send(DeliveryRoutes.endpoint(job.id()), e -> {
            e.setProperty(ExportRuns.PROPERTY_RUN, run);
            e.getIn().setBody(body);
        });
        if (batch.getException() != null) {
            throw new IllegalStateException("delivery of replayed letters failed: " + batch.getException().getMessage(), batch.getException());
        }
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = camel.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
