package io.querycast.delivery;

import io.querycast.config.Connections;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one delivery path on the real route templates (routes/templates/deliver-records.yaml, dead-letter.yaml) with
 * Camel's real error handler, over a producer that fails records as told: acknowledged records are never sent
 * again, only the retriable failures are redelivered, what fails for good or exhausts the redeliveries is
 * dead-lettered with the dlt_* headers, and a dead-letter topic that refuses them is reported lost. Every record
 * gets exactly one outcome.
 */
class RecordSenderTest {

    /** Decides each send's outcome: null acknowledges, an exception fails it. */
    BiFunction<ProducerRecord<String, byte[]>, Integer, RuntimeException> script = (r, n) -> null;
    final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    final List<ProducerRecord<String, byte[]>> letters = Collections.synchronizedList(new ArrayList<>());
    CamelContext camel;
    ProducerTemplate template;

    class ScriptedProducer extends MockProducer<String, byte[]> {
        ScriptedProducer() {
            super(true, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.topic().endsWith(".DLT")) {
                letters.add(record);
            }
            int n = sends.computeIfAbsent(record.topic() + "/" + record.key(), k -> new AtomicInteger()).incrementAndGet();
            RuntimeException failure = script.apply(record, n);
            if (failure != null) {
                callback.onCompletion(null, failure);
                return CompletableFuture.failedFuture(failure);
            }
            RecordMetadata meta = new RecordMetadata(new TopicPartition(record.topic(), 0), n, 0, 0L, 0, 0);
            callback.onCompletion(meta, null);
            return CompletableFuture.completedFuture(meta);
        }
    }

    class Outcomes implements DeliveryOutcomes {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        final List<String> deadLettered = Collections.synchronizedList(new ArrayList<>());
        final List<String> lost = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sent(List<OutgoingRecord<?>> records) {
            records.forEach(r -> sent.add(r.key()));
        }

        @Override
        public boolean undeliverable(OutgoingRecord<?> record, Throwable cause) {
            return true;
        }

        @Override
        public void letterHeaders(OutgoingRecord<?> record, RecordHeaders headers) {
            DeadLetters.add(headers, DeadLetters.JOB_ID, "job");
        }

        @Override
        public void deadLettered(OutgoingRecord<?> record, String reason) {
            deadLettered.add(record.key());
        }

        @Override
        public void lost(List<OutgoingRecord<?>> records, String reason, Throwable failure) {
            records.forEach(r -> lost.add(r.key()));
            throw new DeadLetterWriteException(records.size() + " lost");
        }
    }

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        ScriptedProducer producer = new ScriptedProducer();
        KafkaClusters clusters = new KafkaClusters(new Connections("test", Map.of(), Map.of()), "test") {
            @Override
            public Producer<String, byte[]> producer(String cluster) {
                return producer;
            }
        };
        camel.getRegistry().bind("recordSender", new RecordSender(clusters));
        camel.getRegistry().bind("deadLetterSender", new DeadLetterSender(clusters));
        camel.getRegistry().bind("retriableFailures", new RetriableFailures());
        for (String file : List.of("deliver-records.yaml", "dead-letter.yaml")) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/templates/" + file));
        }
        DeliveryRoutes.add(camel, "job", 2, 1);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    RecordBatch batch(Outcomes outcomes, String... keys) {
        RecordBatch b = new RecordBatch("c", "t", "t.DLT", outcomes, keys.length);
        Header[] headers = DeadLetters.headersOf(Map.of("export_id", "run-1"));
        for (String k : keys) {
            b.add(new OutgoingRecord<Void>(k, ("{\"k\":\"" + k + "\"}").getBytes(StandardCharsets.UTF_8), headers, null));
        }
        return b;
    }

    Exchange deliver(RecordBatch batch) {
        return template.send(DeliveryRoutes.endpoint("job"), e -> e.getMessage().setBody(batch));
    }

    int sends(String topic, String key) {
        AtomicInteger n = sends.get(topic + "/" + key);
        return n == null ? 0 : n.get();
    }

    @Test
    void onlyRetriableFailuresAreRedeliveredAndTooLargeIsDeadLettered() {
        script = (r, n) -> r.key() == null ? null : switch (r.key()) {
            case "slow" -> n < 3 ? new TimeoutException("Expiring 1 record(s)") : null;
            case "big" -> r.topic().equals("t") ? new RecordTooLargeException("too large") : null;
            default -> null;
        };
        Outcomes outcomes = new Outcomes();
        RecordBatch b = batch(outcomes, "a", "slow", "big", "c");
        b.addUnsendable(new OutgoingRecord<Void>(null, "{}".getBytes(), new Header[0], null), new UnsendableRecordException("key column k is NULL"));

        Exchange done = deliver(b);

        assertThat(done.getException()).isNull();
        assertThat(outcomes.sent).containsExactlyInAnyOrder("a", "c", "slow");
        assertThat(sends("t", "a")).as("acknowledged: never sent again").isEqualTo(1);
        assertThat(sends("t", "c")).isEqualTo(1);
        assertThat(sends("t", "slow")).as("first attempt and two redeliveries").isEqualTo(3);
        assertThat(sends("t", "big")).as("not retriable: not redelivered").isEqualTo(1);
        assertThat(outcomes.deadLettered).containsExactlyInAnyOrder("big", null);
        assertThat(outcomes.lost).isEmpty();
        ProducerRecord<String, byte[]> big = letters.stream().filter(l -> "big".equals(l.key())).findFirst().orElseThrow();
        assertThat(header(big, DeadLetters.ERROR_CLASS)).isEqualTo(RecordTooLargeException.class.getName());
        assertThat(header(big, DeadLetters.ORIGINAL_TOPIC)).isEqualTo("t");
        assertThat(header(big, DeadLetters.ATTEMPTS)).isEqualTo("1");
        assertThat(header(big, DeadLetters.JOB_ID)).isEqualTo("job");
        assertThat(header(big, "export_id")).as("the record's own headers are kept").isEqualTo("run-1");
        ProducerRecord<String, byte[]> nullKey = letters.stream().filter(l -> l.key() == null).findFirst().orElseThrow();
        assertThat(header(nullKey, DeadLetters.ERROR_MESSAGE)).isEqualTo("key column k is NULL");
        assertThat(header(nullKey, DeadLetters.ATTEMPTS)).isEqualTo("0");
    }

    @Test
    void redeliveriesUsedUpSendTheRestToTheDeadLetterTopic() {
        script = (r, n) -> r.topic().equals("t") && r.key().startsWith("down") ? new TimeoutException("Expiring 1 record(s)") : null;
        Outcomes outcomes = new Outcomes();

        Exchange done = deliver(batch(outcomes, "ok", "down1", "down2"));

        assertThat(done.getException()).isNull();
        assertThat(outcomes.sent).containsExactly("ok");
        assertThat(sends("t", "down1")).as("1 attempt + maxRedeliveries 2").isEqualTo(3);
        assertThat(sends("t", "ok")).isEqualTo(1);
        assertThat(outcomes.deadLettered).containsExactlyInAnyOrder("down1", "down2");
        ProducerRecord<String, byte[]> letter = letters.get(0);
        assertThat(header(letter, DeadLetters.ERROR_CLASS)).isEqualTo(TimeoutException.class.getName());
        assertThat(header(letter, DeadLetters.ATTEMPTS)).isEqualTo("3");
    }

    @Test
    void aDeadLetterTopicThatRefusesToo_ReportsTheRecordsLostAndFailsTheCaller() {
        script = (r, n) -> r.key().startsWith("down") ? new TimeoutException("broker down") : null;
        Outcomes outcomes = new Outcomes();

        Exchange done = deliver(batch(outcomes, "ok", "down1", "down2"));

        assertThat(done.getException()).isInstanceOf(DeadLetterWriteException.class);
        assertThat(outcomes.sent).containsExactly("ok");
        assertThat(outcomes.deadLettered).isEmpty();
        assertThat(outcomes.lost).containsExactlyInAnyOrder("down1", "down2");
        assertThat(sends("t.DLT", "down2")).as("the first letter failing at once stops the rest").isZero();
    }

    static String header(ProducerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
