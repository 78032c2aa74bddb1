package io.querycast.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery route's send step ({@code recordSender}): sends the pending records of a {@link RecordBatch} with
 * the cluster's shared producer, one {@code send} and one callback per record, and waits until Kafka gave each an
 * outcome. Acknowledged records are reported at once and leave the batch (never sent again); records that failed
 * for good move to its dead letters; when some failed with a retriable error they stay, and a
 * {@link RetriableDeliveryException} lets Camel's error handler redeliver the batch (with its back-off and
 * count, routes/templates/deliver-records.yaml); otherwise, when records are left for the dead-letter topic,
 * {@link UndeliverableRecordsException} hands the batch to the error handler's dead-letter route at once.
 *
 * <p>An exactly-once run's batches are sent with the run's transactional producer ({@link RunTransaction#producerFor});
 * there a failed record makes the transaction abortable, so {@link TransactionFailedException} ends the run instead of a
 * redelivery or a dead letter.
 *
 * <p>Why not camel-kafka's producer: it makes a Camel exchange (or message) per record, builds each
 * ProducerRecord from Camel headers and writes {@code RECORD_META} back on each, which cost 40 % of the
 * application's CPU (docs/performance.md).
 */
public class RecordSender implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);

    private final KafkaClusters clusters;

    public RecordSender(KafkaClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        RecordBatch batch = exchange.getMessage().getBody(RecordBatch.class);
        List<OutgoingRecord<?>> records = batch.pending();
        if (records.isEmpty()) {
            if (!batch.deadLetters().isEmpty()) {
                throw new UndeliverableRecordsException(batch.deadLetters().size(), batch.topic());
            }
            return;
        }
        boolean inTransaction = RunTransaction.of(exchange) != null;
        send(RunTransaction.producerFor(exchange, clusters, batch.cluster()), batch.topic(), records);
        List<OutgoingRecord<?>> acked = new ArrayList<>(records.size());
        List<OutgoingRecord<?>> retry = new ArrayList<>();
        Throwable example = null;
        int failedInTransaction = 0;
        for (OutgoingRecord<?> r : records) {
            if (r.acknowledged()) {
                if (r.settle()) {
                    acked.add(r);
                }
            } else if (inTransaction) {
                failedInTransaction++;
                example = example == null ? r.error() : example;
            } else if (KafkaErrors.retriable(r.error())) {
                retry.add(r);
                example = example == null ? r.error() : example;
            } else {
                batch.deadLetters().add(r);
            }
        }
        int tried = records.size();
        records.clear();
        records.addAll(retry);
        if (!acked.isEmpty()) {
            batch.outcomes().sent(acked);
        }
        if (failedInTransaction > 0) {
            // the transaction is abortable now: nothing more can be sent in it, the run aborts (no redelivery, no letters)
            LOG.warn("Delivery to {}: {} of {} record(s) failed in an exactly-once run's transaction: {}", batch.topic(), failedInTransaction,
                    tried, example.toString());
            throw new TransactionFailedException(failedInTransaction, tried, batch.topic(), example);
        }
        if (!retry.isEmpty()) {
            Integer redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
            LOG.warn("Delivery to {}: {} of {} record(s) failed with a retriable error (redelivery {} so far): {}", batch.topic(),
                    retry.size(), tried, redelivery == null ? 0 : redelivery, example.toString());
            throw new RetriableDeliveryException(retry.size(), tried, batch.topic(), example);
        }
        if (!batch.deadLetters().isEmpty()) {
            throw new UndeliverableRecordsException(batch.deadLetters().size(), batch.topic());
        }
    }

    /** Sends every record, then waits until each has its acknowledgement or its error. */
    static void send(Producer<String, byte[]> producer, String topic, List<OutgoingRecord<?>> records) throws InterruptedException {
        // the network thread counts outcomes down; only the last one wakes this thread (a latch counted per record
        // cost a contended CAS and a waiter check per record)
        AtomicInteger missing = new AtomicInteger(records.size());
        CountDownLatch all = new CountDownLatch(1);
        // the records of a run share one header array: one RecordHeaders for them (ProducerRecord copies it anyway)
        Header[] lastHeaders = null;
        RecordHeaders shared = null;
        // One batch appends at a time: the producer's per-partition deques are monitors, and a dozen batch
        // threads appending record by record spun on them (more CPU than the sends themselves, docs/performance.md);
        // the lock is taken once per batch, the JSON of the other batches goes on meanwhile.
        synchronized (producer) {
            for (OutgoingRecord<?> r : records) {
                r.attempting();
                if (r.headers() != lastHeaders) {
                    lastHeaders = r.headers();
                    shared = lastHeaders == null || lastHeaders.length == 0 ? null : new RecordHeaders(lastHeaders);
                }
                try {
                    producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), shared), (meta, e) -> {
                        if (e != null) {
                            r.failed(e);
                        } else {
                            r.acknowledged(meta);
                        }
                        if (missing.decrementAndGet() == 0) {
                            all.countDown();
                        }
                    });
                } catch (RuntimeException e) {
                    // what send() throws instead of calling back: a closed producer, an interrupt, a serializer
                    r.failed(e);
                    if (missing.decrementAndGet() == 0) {
                        all.countDown();
                    }
                }
            }
        }
        // Kafka calls back every record within delivery.timeout.ms, or at close
        all.await();
    }
}
