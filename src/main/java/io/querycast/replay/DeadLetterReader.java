package io.querycast.replay;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A bounded read of a dead-letter topic: every partition from its start to the end offset it had when the read
 * began, so letters written meanwhile (a replayed record that fails again) are not read again by the same
 * replay. Partitions are assigned, not subscribed: no consumer group, nothing committed, nothing another
 * consumer of the topic would notice.
 */
final class DeadLetterReader {

    private final Properties properties;
    private final Duration timeout;

    /** @param clusterProperties the cluster's connection and security settings (bootstrap servers, SSL, SASL) */
    DeadLetterReader(Properties clusterProperties, String clientId, Duration timeout) {
        this.properties = new Properties();
        properties.putAll(clusterProperties);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.timeout = timeout;
    }

    /**
     * @return the letters read
     * @throws IllegalStateException when the topic does not exist, or its end was not reached within the timeout
     */
    long read(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("dead-letter topic '" + topic + "' does not exist");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            long read = 0;
            Instant deadline = Instant.now().plus(timeout);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("dead-letter topic '" + topic + "': no letter came for " + timeout.toSeconds()
                            + " s before its end (" + read + " letters read)");
                }
                var polled = consumer.poll(Duration.ofMillis(500));
                if (!polled.isEmpty()) {
                    // the bound is on a read that stalls, not on a long dead-letter topic
                    deadline = Instant.now().plus(timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    // a partition's letters past the end taken at the start are left for another replay
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                        read++;
                    }
                }
            }
            return read;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
