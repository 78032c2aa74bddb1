package io.querycast.events;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.querycast.delivery.Records;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redelivery steps of routes/events.yaml on one batch whose events failed differently (as the Kafka
 * producer leaves them: per-event RECORD_META or exception): retryWhile ({@link RetriableEvents}) asks for a
 * redelivery only while an unacknowledged event's failure is retriable and the count allows; onRedelivery
 * ({@link PendingEvents}) answers the acknowledged event and the ones failed for good at once and keeps only
 * the retriable one to resend; settling after retries are exhausted answers the rest with 503, once.
 */
class EventRedeliveryTest {

    final CamelContext camel = new DefaultCamelContext();
    final EventBatches batches = new EventBatches(new EventSettings(null, null, null, null, null), new SimpleMeterRegistry());
    final EventPublisher publisher = new EventPublisher(batches, "kafka-default");

    Exchange event(String id, boolean async) {
        Exchange e = new DefaultExchange(camel);
        e.setProperty(EventBatches.ID, id);
        e.setProperty(EventBatches.TOPIC, "t");
        e.getMessage().setHeader("event_id", id);
        e.getMessage().setBody(("{\"id\":\"" + id + "\"}").getBytes());
        if (async) {
            e.setProperty(EventBatches.ASYNC, Boolean.TRUE);
            batches.registerAsync(id);
        }
        return e;
    }

    @Test
    void onlyUnacknowledgedRetriableEventsAreResentAndEveryEventGetsItsOwnOutcome() {
        Exchange acked = event("acked", false);
        Exchange slow = event("slow", false);
        Exchange bigSync = event("big-sync", false);
        Exchange bigAsync = event("big-async", true);
        CompletableFuture<EventOutcome> ackedAnswer = batches.register("acked");
        CompletableFuture<EventOutcome> slowAnswer = batches.register("slow");
        CompletableFuture<EventOutcome> bigAnswer = batches.register("big-sync");

        Exchange batch = new DefaultExchange(camel);
        batch.setProperty(EventBatches.TOPIC, "t");
        batch.getMessage().setBody(new ArrayList<>(List.of(acked, slow, bigSync, bigAsync)));
        publisher.sending(batch);
        // what the producer leaves after the send
        acked.getMessage().setHeader(KafkaConstants.KAFKA_RECORD_META, List.of(new RecordMetadata(new TopicPartition("t", 1), 41, 0, 0, 0, 0)));
        slow.setException(new TimeoutException("Expiring 1 record(s) for t-0: 3000 ms has passed since batch creation"));
        bigSync.setException(new RecordTooLargeException("too large"));
        bigAsync.setException(new RecordTooLargeException("too large"));
        batch.setException(new TimeoutException("Expiring 1 record(s)"));

        RetriableEvents retryWhile = new RetriableEvents(1);
        assertThat(retryWhile.matches(batch)).as("one retriable event").isTrue();
        batch.setException(null);
        batch.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 1);
        new PendingEvents(publisher).process(batch);

        assertThat(batch.getIn().getBody(List.class)).as("only the unacknowledged retriable event is resent").containsExactly(slow);
        assertThat(slow.getException()).isNull();
        assertThat(Records.attempts(slow)).isEqualTo(2);
        assertThat(ackedAnswer).isCompletedWithValue(EventOutcome.acked("acked", "t", 1, 41));
        assertThat(bigAnswer.join().status()).isEqualTo(413);
        assertThat(slowAnswer).isNotDone();
        assertThat(Records.deadLetters(batch)).as("the async event that failed for good, for the dead-letter topic").containsExactly(bigAsync);
        assertThat(Records.attempts(bigAsync)).isEqualTo(1);

        // the resend fails again and the count is used up: retryWhile stops, the dead-letter channel settles
        slow.setException(new TimeoutException("Expiring 1 record(s)"));
        batch.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        assertThat(retryWhile.matches(batch)).as("max-retries 1 used up").isFalse();
        publisher.settle(batch);
        publisher.settle(batch);
        assertThat(slowAnswer.join().status()).isEqualTo(503);
        assertThat(slowAnswer.join().error()).contains("TimeoutException");
        assertThat(batches.status().get("acknowledged")).isEqualTo(1L);
        assertThat(batches.status().get("failed")).as("each event counted once").isEqualTo(3L);
        assertThat(batches.status().get("awaiting_acknowledgement")).isEqualTo(0);
    }

    @Test
    void aNonRetriableFailureIsNotRedelivered() {
        Exchange big = event("big", false);
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(new ArrayList<>(List.of(big)));
        big.setException(new RecordTooLargeException("too large"));
        assertThat(new RetriableEvents(3).matches(batch)).isFalse();
    }
}
