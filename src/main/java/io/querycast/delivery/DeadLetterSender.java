package io.querycast.delivery;

import org.apache.camel.Exchange;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The dead-letter route's step ({@code deadLetterSender}, routes/templates/dead-letter.yaml): the records of a
 * batch that cannot be delivered (failed for good, redeliveries used up, or never sendable) become letters on the
 * batch's dead-letter topic, with the same producer. Each acknowledged letter settles its record as
 * dead-lettered; the others are reported lost ({@link DeliveryOutcomes#lost}: an export fails its run). The
 * first letter that fails at once (the broker is unreachable: {@code send} waited {@code max.block.ms}) stops
 * the rest, which would otherwise each wait as long in turn.
 */
public class DeadLetterSender {

    private final KafkaClusters clusters;

    public DeadLetterSender(KafkaClusters clusters) {
        this.clusters = clusters;
    }

    public void send(Exchange exchange) throws InterruptedException {
        RecordBatch batch = exchange.getMessage().getBody(RecordBatch.class);
        Throwable batchCause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (batchCause instanceof TransactionFailedException failedTransaction) {
            // an exactly-once run's transaction cannot take letters any more: back to the run, which aborts
            throw failedTransaction;
        }
        List<OutgoingRecord<?>> undelivered = new ArrayList<>(batch.deadLetters());
        // redeliveries used up: what is still pending failed with a retriable error each time
        undelivered.addAll(batch.pending());
        batch.deadLetters().clear();
        batch.pending().clear();
        DeliveryOutcomes outcomes = batch.outcomes();
        List<OutgoingRecord<?>> records = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        for (OutgoingRecord<?> r : undelivered) {
            Throwable cause = r.error() != null ? r.error() : batchCause;
            if (r.settled() || !outcomes.undeliverable(r, cause)) {
                continue;
            }
            records.add(r);
            causes.add(cause);
        }
        if (records.isEmpty()) {
            return;
        }
        // an exactly-once run's letters go in its transaction: visible exactly once, with its records
        Producer<String, byte[]> producer = RunTransaction.producerFor(exchange, clusters, batch.cluster());
        Throwable[] letterErrors = new Throwable[records.size()];
        CountDownLatch done = new CountDownLatch(records.size());
        int sent = 0;
        for (int i = 0; i < records.size(); i++) {
            OutgoingRecord<?> r = records.get(i);
            Throwable cause = causes.get(i);
            RecordHeaders headers = DeadLetters.headers(r, cause, batch.topic());
            outcomes.letterHeaders(r, headers);
            int index = i;
            try {
                producer.send(new ProducerRecord<>(batch.deadLetterTopic(), null, r.key(), DeadLetters.value(r, cause), headers), (m, e) -> {
                    letterErrors[index] = e;
                    done.countDown();
                });
            } catch (RuntimeException e) {
                letterErrors[index] = e;
                done.countDown();
            }
            sent++;
            if (letterErrors[index] != null) {
                break;
            }
        }
        for (int i = sent; i < records.size(); i++) {
            done.countDown();
        }
        done.await();
        List<OutgoingRecord<?>> lost = new ArrayList<>();
        Throwable failure = null;
        for (int i = 0; i < records.size(); i++) {
            OutgoingRecord<?> r = records.get(i);
            if (!r.settle()) {
                continue;
            }
            if (i < sent && letterErrors[i] == null) {
                outcomes.deadLettered(r, DeadLetters.reason(causes.get(i)));
            } else {
                failure = failure == null && i < sent ? letterErrors[i] : failure;
                lost.add(r);
            }
        }
        if (!lost.isEmpty()) {
            outcomes.lost(lost, DeadLetters.reason(causes.get(records.indexOf(lost.get(0)))), failure);
        }
    }
}
