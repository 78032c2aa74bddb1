package io.querycast.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.querycast.config.Connections;
import io.querycast.delivery.TopicCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The compacted state topic of exactly-once jobs ({@code querycast.exactly-once.state-topic}) on a Kafka cluster: one
 * record per run, key = job id, value = JSON {@link StateRecord}, sent in the run's transaction. {@link #read} gives
 * the job's last committed record with a read_committed consumer; it reads up to the partition's high watermark, so
 * a transaction still open on the topic (another job committing, a killed process's until it is fenced or times
 * out) is waited for rather than read past: a stale watermark would mean duplicates.
 */
public final class StateTopic implements CommittedState {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int ADMIN_TIMEOUT_S = 30;

    private final String topic;
    private final TopicCheck topics;
    private final Connections connections;
    private final String instanceId;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    public StateTopic(String topic, TopicCheck topics, Connections connections, String instanceId) {
        this.topic = topic;
        this.topics = topics;
        this.connections = connections;
        this.instanceId = instanceId;
    }

    @Override
    public String name() {
        return topic;
    }

    /** The topic exists on the cluster, or is created (compacted); once per cluster and process. */
    void ensure(String cluster) {
        if (ensured.contains(cluster)) {
            return;
        }
        Admin admin = topics.admin(cluster);
        String where = "the exactly-once state topic '" + topic + "' (querycast.exactly-once.state-topic) on Kafka connection '" + cluster + "'";
        try {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                create(admin);
                LOG.info("Exactly-once: created {} (1 partition, cleanup.policy=compact)", where);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(where + " does not exist and cannot be created: " + e.getCause()
                    + "; create it (cleanup.policy=compact) or let Querycast's Kafka user create topics", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(where + ": the cluster did not answer within " + ADMIN_TIMEOUT_S + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + where);
        }
        ensured.add(cluster);
    }

    private void create(Admin admin) throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        // the brokers' default replication factor
        NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(t)).all().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The job's last committed record, if it has one. */
    @Override
    public Optional<StateRecord> read(String cluster, String jobId) {
        Admin admin = topics.admin(cluster);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(cluster, jobId))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            // the high watermark (read_uncommitted): every transaction below it must be decided before the read is complete
            highWatermarks(admin, latest, deadline).forEach((p, info) -> end.put(p, info.offset()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            byte[] last = null;
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the exactly-once state topic '" + topic + "' on Kafka connection '" + cluster
                            + "' has a transaction open for more than " + READ_TIMEOUT.toSeconds() + " s (another job's, or a stopped"
                            + " process's until its transactional.id is used again or transaction-timeout passes): job " + jobId
                            + " cannot read its committed watermark; the next run tries again");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(r.key())) {
                        last = r.value();
                    }
                }
            }
            return last == null ? Optional.empty() : Optional.of(parse(last));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the exactly-once state topic '" + topic + "' on Kafka connection '" + cluster + "': "
                    + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka connection '" + cluster + "' did not answer within " + ADMIN_TIMEOUT_S + " s"
                    + " while reading the exactly-once state topic '" + topic + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the exactly-once state topic");
        }
    }

    /** The partitions' end offsets; a topic just created may have no leader yet for a moment (retriable errors are retried). */
    private static Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> highWatermarks(
            Admin admin, Map<TopicPartition, OffsetSpec> latest, long deadline)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        while (true) {
            try {
                return admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Sends the job's record in the transaction of {@code producer} and waits for its acknowledgement. */
    void send(Producer<String, byte[]> producer, String jobId, StateRecord state) {
        try {
            producer.send(new ProducerRecord<>(topic, jobId, json(jobId, state))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the exactly-once state topic '" + topic + "' did not take job " + jobId + "'s watermark: "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending job " + jobId + "'s watermark to the state topic");
        }
    }

    private byte[] json(String jobId, StateRecord state) {
        ObjectNode n = JSON.createObjectNode();
        n.put("job_id", jobId);
        n.put("last_id", state.position().id());
        n.put("last_ts", state.position().timestampText());
        n.put("sql_hash", state.sqlHash());
        n.put("run_id", state.runId());
        n.put("revision", state.revision());
        n.put("instance_id", instanceId);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static StateRecord parse(byte[] value) {
        try {
            JsonNode n = JSON.readTree(new String(value, StandardCharsets.UTF_8));
            Long id = n.path("last_id").isNumber() ? n.get("last_id").asLong() : null;
            String ts = n.path("last_ts").isTextual() ? n.get("last_ts").asText() : null;
            return new StateRecord(new Position(Position.parseTimestamp(ts), id), n.path("sql_hash").asText(null), n.path("run_id").asText(null),
                    n.path("revision").asLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("a record of the exactly-once state topic is not a Querycast watermark: " + e.getMessage(), e);
        }
    }

    private Properties consumerProperties(String cluster, String jobId) {
        Properties admin = topics.adminProperties(connections.kafka(cluster).orElseThrow());
        Properties p = new Properties();
        for (String name : ConsumerConfig.configNames()) {
            if (admin.containsKey(name)) {
                p.put(name, admin.get(name));
            }
        }
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "querycast-state-" + cluster + "-" + jobId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
