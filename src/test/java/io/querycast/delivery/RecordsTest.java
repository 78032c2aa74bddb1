package io.querycast.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsTest {

    private final CamelContext camel = new DefaultCamelContext();

    @Test
    void retriableIsWhatKafkaCallsRetriableEvenWhenWrapped() {
        assertThat(Records.retriable(new TimeoutException("Expiring 30 record(s)"))).isTrue();
        assertThat(Records.retriable(new NotLeaderOrFollowerException("moved"))).isTrue();
        assertThat(Records.retriable(new org.apache.camel.RuntimeCamelException(new TimeoutException("x")))).isTrue();

        assertThat(Records.retriable(new RecordTooLargeException("too large"))).isFalse();
        assertThat(Records.retriable(new SerializationException("bad"))).isFalse();
        assertThat(Records.retriable(new TopicAuthorizationException("denied"))).isFalse();
        assertThat(Records.retriable(new KafkaException("Producer closed while send in progress"))).isFalse();
        assertThat(Records.retriable(new UnsendableRecordException("key column ID is NULL"))).isFalse();
        assertThat(Records.retriable(null)).isFalse();
    }

    @Test
    void acknowledgedMeansMetadataWithAnOffsetAndNoException() {
        TopicPartition tp = new TopicPartition("t", 0);
        assertThat(Records.acked(record(new RecordMetadata(tp, 42, 0, 0L, 1, 10)))).isTrue();
        // what the producer hands its callback when a send fails before reaching a broker
        assertThat(Records.acked(record(new RecordMetadata(tp, -1, -1, -1L, -1, -1)))).isFalse();
        assertThat(Records.acked(record((RecordMetadata) null))).isFalse();
        assertThat(Records.acked(recordWithMeta(new ArrayList<>()))).as("set before sending, nothing back yet").isFalse();
        assertThat(Records.acked(new DefaultExchange(camel))).isFalse();

        Exchange failed = record(new RecordMetadata(tp, 42, 0, 0L, 1, 10));
        failed.setException(new TimeoutException("late"));
        assertThat(Records.acked(failed)).isFalse();
    }

    @Test
    void attemptsAreCountedPerRecord() {
        Exchange r = new DefaultExchange(camel);
        assertThat(Records.attempts(r)).isZero();
        Records.countAttempt(r);
        Records.countAttempt(r);
        assertThat(Records.attempts(r)).isEqualTo(2);
    }

    private Exchange record(RecordMetadata meta) {
        List<RecordMetadata> list = new ArrayList<>();
        list.add(meta);
        return recordWithMeta(list);
    }

    private Exchange recordWithMeta(List<RecordMetadata> meta) {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader(KafkaConstants.KAFKA_RECORD_META, meta);
        return e;
    }
}
