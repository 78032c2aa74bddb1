package io.querycast.feed;

import java.util.Optional;

/** Where exactly-once jobs' watermarks are committed with their records: the state topic ({@link StateTopic}). */
interface CommittedState {

    /** The job's last committed record on the cluster, if any. */
    Optional<StateRecord> read(String cluster, String jobId);

    /** For logs: the topic's name. */
    String name();
}
