package io.querycast.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The record batches a broker stored for a topic, read from its log segment files (the broker is the test's
 * own, on this machine): how many records each produce batch held, as the producer grouped them.
 */
public final class BrokerBatches {

    private BrokerBatches() {
    }

    /** The record count of every stored batch of the topic, all partitions, in log order per partition. */
    public static List<Integer> of(String bootstrap, String topic) throws Exception {
        List<Integer> counts = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (Map.Entry<String, LogDirDescription> dir : dirs.entrySet()) {
                    for (TopicPartition tp : dir.getValue().replicaInfos().keySet()) {
                        if (!tp.topic().equals(topic)) {
                            continue;
                        }
                        File[] segments = new File(dir.getKey(), tp.topic() + "-" + tp.partition())
                                .listFiles((d, name) -> name.endsWith(".log"));
                        if (segments == null) {
                            continue;
                        }
                        java.util.Arrays.sort(segments);
                        for (File segment : segments) {
                            try (FileRecords records = FileRecords.open(segment)) {
                                for (RecordBatch batch : records.batches()) {
                                    counts.add((int) (batch.lastOffset() - batch.baseOffset() + 1));
                                }
                            }
                        }
                    }
                }
            }
        }
        return counts;
    }
}
