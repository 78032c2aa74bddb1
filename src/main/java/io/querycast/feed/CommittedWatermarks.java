package io.querycast.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Exactly-once: which watermark a run starts from. The state topic's record (committed with the records of the run
 * that wrote it) wins over the state store's copy when it is newer (a higher revision: the process stopped between
 * the commit and the store's update), and the store is brought up to it; an operator's change in the store since
 * (a higher revision there) wins over the topic, whose next record then carries it.
 */
final class CommittedWatermarks {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedWatermarks.class);

    private final CommittedState topic;
    private final WatermarkStore store;
    private final Clock clock;

    CommittedWatermarks(CommittedState topic, WatermarkStore store, Clock clock) {
        this.topic = topic;
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param cluster the job's Kafka connection
     * @param stored  the state store's watermark of the job (created if it had none)
     */
    Watermark startingPoint(String cluster, String jobId, Watermark stored) {
        Optional<StateRecord> committed = topic.read(cluster, jobId);
        if (committed.isEmpty() || committed.get().revision() <= stored.revision()) {
            return stored;
        }
        StateRecord c = committed.get();
        String by = "run " + c.runId() + " (from the state topic " + topic.name() + ")";
        if (store.restore(jobId, stored.revision(), c.position(), c.revision(), clock.instant(), by)) {
            LOG.warn("Feed {}: the state store's watermark {} (revision {}) was behind the one run {} committed to {}: {} (revision {});"
                    + " the store now has it", jobId, stored.position(), stored.revision(), c.runId(), topic.name(), c.position(), c.revision());
            return store.find(jobId).orElseThrow();
        }
        // the store changed meanwhile: an operator's value, read again at the next run
        return store.find(jobId).orElse(stored);
    }
}
